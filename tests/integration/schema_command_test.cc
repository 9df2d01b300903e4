// `icopilot schema validate|sample` as a user runs them; JSON output checked against
// docs/cli/ with the schema engine itself.
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/cli_schema.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

TEST(CliSchemas, TheCheckOfDocumentedOutputCanFail) {
  EXPECT_NE(CliSchemaErrors("schema-validate", R"({"index": -1, "valid": true})"), "");
  EXPECT_NE(CliSchemaErrors("spec-lint", R"({"usable": true})"), "");
}

TEST(SchemaValidate, ReportsEachInstanceOfAJsonLinesFile) {
  TempDir dir;
  std::ofstream(dir.path() / "pets.jsonl") << R"({"id": 1, "name": "Rex"})"
                                           << "\n"
                                           << R"({"id": "x"})"
                                           << "\n"
                                           << "not json\n";
  CommandResult result =
      RunIcopilot({"schema", "validate", "--schema", (kFixtures / "petstore.yaml").string(),
                   "--pointer", "/components/schemas/Pet", "--instances",
                   (dir.path() / "pets.jsonl").string(), "--format", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  auto lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  for (const auto& line : lines) EXPECT_EQ(CliSchemaErrors("schema-validate", line), "") << line;
  auto first = boost::json::parse(lines[0]);
  EXPECT_EQ(first.at("index"), 0);
  EXPECT_EQ(first.at("valid"), true);
  auto second = boost::json::parse(lines[1]);
  EXPECT_EQ(second.at("valid"), false);
  const auto& errors = second.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("message"), "the value: 'name' is required");
  EXPECT_EQ(errors[1].at("instance_path"), "/id");
  EXPECT_EQ(errors[1].at("schema_path"), "/components/schemas/Pet/properties/id/type");
  auto third = boost::json::parse(lines[2]);
  EXPECT_EQ(third.at("index"), 2);
  EXPECT_NE(
      std::string(third.at("errors").at(0).at("message").as_string()).find("line 3 is not JSON"),
      std::string::npos);
}

TEST(SchemaValidate, OneValidFileExitsZeroAndSaysSo) {
  TempDir dir;
  std::ofstream(dir.path() / "schema.json")
      << R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "properties": {"when": {"type": "string", "format": "date"}}})";
  std::ofstream(dir.path() / "ok.json") << R"({"when": "not a date"})";
  // A plain 2020-12 schema annotates formats unless asked to assert them.
  CommandResult annotate =
      RunIcopilot({"schema", "validate", "--schema", (dir.path() / "schema.json").string(),
                   (dir.path() / "ok.json").string()});
  EXPECT_EQ(annotate.exit_code, 0) << annotate.err;
  EXPECT_NE(annotate.out.find("valid"), std::string::npos);
  CommandResult assert_formats =
      RunIcopilot({"schema", "validate", "--schema", (dir.path() / "schema.json").string(),
                   "--formats", "assert", (dir.path() / "ok.json").string()});
  EXPECT_EQ(assert_formats.exit_code, 1);
  EXPECT_NE(assert_formats.out.find("when: 'not a date' is not a date"), std::string::npos)
      << assert_formats.out;
}

TEST(SchemaValidate, FollowsRefsIntoOtherFiles) {
  TempDir dir;
  std::ofstream(dir.path() / "order.json") << R"({"type": "object", "required": ["customer"],
    "properties": {"customer": {"$ref": "customer.json"}}})";
  std::ofstream(dir.path() / "customer.json") << R"({"type": "object", "required": ["email"],
    "properties": {"email": {"type": "string", "format": "email"}}})";
  std::ofstream(dir.path() / "bad.json") << R"({"customer": {"email": "ana@"}})";
  CommandResult result =
      RunIcopilot({"schema", "validate", "--schema", (dir.path() / "order.json").string(),
                   "--dialect", "openapi-3.0", (dir.path() / "bad.json").string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("customer.email: 'ana@' is not an email address"), std::string::npos)
      << result.out;
}

TEST(SchemaValidate, BadSchemaOrUsageExits2) {
  TempDir dir;
  std::ofstream(dir.path() / "dangling.json") << R"({"$ref": "#/$defs/missing"})";
  std::ofstream(dir.path() / "x.json") << "1";
  CommandResult dangling =
      RunIcopilot({"schema", "validate", "--schema", (dir.path() / "dangling.json").string(),
                   (dir.path() / "x.json").string()});
  EXPECT_EQ(dangling.exit_code, 2);
  EXPECT_NE(dangling.err.find("leads nowhere"), std::string::npos) << dangling.err;
  CommandResult neither =
      RunIcopilot({"schema", "validate", "--schema", (dir.path() / "dangling.json").string()});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("INSTANCE_FILE or --instances"), std::string::npos) << neither.err;
}

TEST(SchemaSample, SameSeedSameInstancesEachValid) {
  TempDir dir;
  std::vector<std::string> args = {"schema",    "sample",
                                   "--schema",  (kFixtures / "petstore.yaml").string(),
                                   "--pointer", "/components/schemas/Pet",
                                   "--count",   "3",
                                   "--seed",    "42"};
  CommandResult first = RunIcopilot(args);
  CommandResult second = RunIcopilot(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  auto lines = Lines(first.out);
  ASSERT_EQ(lines.size(), 3u);
  std::ofstream jsonl(dir.path() / "samples.jsonl");
  for (const auto& line : lines) jsonl << line << "\n";
  jsonl.close();
  CommandResult check = RunIcopilot(
      {"schema", "validate", "--schema", (kFixtures / "petstore.yaml").string(), "--pointer",
       "/components/schemas/Pet", "--instances", (dir.path() / "samples.jsonl").string()});
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(SchemaSample, InvalidInstancesAreLabelledAndInvalid) {
  TempDir dir;
  CommandResult result =
      RunIcopilot({"schema", "sample", "--schema", (kFixtures / "petstore.yaml").string(),
                   "--pointer", "/components/schemas/Pet", "--invalid", "--count", "50"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto lines = Lines(result.out);
  ASSERT_GE(lines.size(), 4u) << result.out;
  std::ofstream jsonl(dir.path() / "negatives.jsonl");
  for (const auto& line : lines) {
    EXPECT_EQ(CliSchemaErrors("schema-sample-invalid", line), "") << line;
    jsonl << boost::json::serialize(boost::json::parse(line).at("instance")) << "\n";
  }
  jsonl.close();
  CommandResult check =
      RunIcopilot({"schema", "validate", "--schema", (kFixtures / "petstore.yaml").string(),
                   "--pointer", "/components/schemas/Pet", "--direction", "request", "--instances",
                   (dir.path() / "negatives.jsonl").string(), "--format", "json"});
  EXPECT_EQ(check.exit_code, 1);
  for (const auto& line : Lines(check.out))
    EXPECT_EQ(boost::json::parse(line).at("valid"), false) << line;
}

TEST(SchemaSample, UnsatisfiableSchemaExits2WithTheReason) {
  TempDir dir;
  std::ofstream(dir.path() / "never.json")
      << R"({"type": "string", "minLength": 5, "maxLength": 3})";
  CommandResult result =
      RunIcopilot({"schema", "sample", "--schema", (dir.path() / "never.json").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("minLength 5 is more than maxLength 3"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace icopilot::testing
