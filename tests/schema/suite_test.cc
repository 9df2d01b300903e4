// The official JSON Schema Test Suite (draft4 and draft2020-12) against the compiled
// validator. Required tests count toward the pass rate that must not fall below the
// recorded baseline; `optional/` ones (formats among them) are reported apart. Every
// failing or skipped case is printed with its reason.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/json.h"
#include "schema/schema.h"

namespace icopilot::schema {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = fs::path(ICOPILOT_SOURCE_DIR) / "tests/schema/json-schema-test-suite";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Serves remotes/ for http://localhost:1234/, as the suite's README asks.
class RemotesResolver : public DocumentResolver {
 public:
  const boost::json::value* Resolve(std::string_view uri) override {
    constexpr std::string_view kPrefix = "http://localhost:1234/";
    if (!uri.starts_with(kPrefix)) return nullptr;
    std::string key(uri);
    if (auto it = loaded_.find(key); it != loaded_.end()) return &it->second;
    fs::path file = kSuite / "remotes" / uri.substr(kPrefix.size());
    if (!fs::is_regular_file(file)) return nullptr;
    auto parsed = ParseJson(ReadFile(file));
    if (!parsed.ok()) return nullptr;
    return &loaded_.emplace(key, std::move(*parsed)).first->second;
  }

 private:
  std::map<std::string, boost::json::value> loaded_;
};

struct Tally {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;
};

void RunFile(const fs::path& file, Dialect dialect, FormatMode formats, Tally& tally) {
  auto groups = ParseJson(ReadFile(file));
  ASSERT_TRUE(groups.ok()) << file << ": " << groups.status();
  const std::string name = fs::relative(file, kSuite / "tests").string();
  for (const auto& group : groups->as_array()) {
    const auto& description = group.at("description").as_string();
    RemotesResolver resolver;
    CompileOptions options;
    options.dialect = dialect;
    options.formats = formats;
    options.resolver = &resolver;
    const boost::json::value& schema_json = group.at("schema");
    auto schema = Schema::Compile(schema_json, "", options);
    for (const auto& test : group.at("tests").as_array()) {
      const bool expected = test.at("valid").as_bool();
      std::string label = std::string(name) + " | " + std::string(description) + " | " +
                          std::string(test.at("description").as_string());
      if (!schema.ok()) {
        ++tally.failed;
        tally.failures.push_back(
            label + " (schema not compiled: " + std::string(schema.status().message()) + ")");
        continue;
      }
      ValidationResult result = schema->Validate(test.at("data"));
      if (result.valid == expected) {
        ++tally.passed;
      } else {
        ++tally.failed;
        tally.failures.push_back(label + (expected ? " (rejected a valid instance)"
                                                   : " (accepted an invalid instance)"));
      }
    }
  }
}

std::map<std::string, int> Baseline() {
  std::map<std::string, int> baseline;
  std::istringstream in(
      ReadFile(fs::path(ICOPILOT_SOURCE_DIR) / "tests/schema/suite_baseline.txt"));
  std::string key;
  int value = 0;
  while (in >> key >> value) baseline[key] = value;
  return baseline;
}

void RunDraft(const std::string& draft, Dialect dialect) {
  Tally required, optional;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kSuite / "tests" / draft)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string relative = fs::relative(file, kSuite / "tests" / draft).string();
    const bool is_optional = relative.starts_with("optional/");
    // Formats assert where the suite says they should: in optional/format/.
    const FormatMode formats =
        relative.starts_with("optional/format") ? FormatMode::kAssert : FormatMode::kAnnotate;
    RunFile(file, dialect, formats, is_optional ? optional : required);
  }
  auto rate = [](const Tally& t) { return 100.0 * t.passed / std::max(1, t.passed + t.failed); };
  std::printf(
      "\nJSON Schema Test Suite, %s: required %d/%d passed (%.1f%%), optional %d/%d (%.1f%%)\n",
      draft.c_str(), required.passed, required.passed + required.failed, rate(required),
      optional.passed, optional.passed + optional.failed, rate(optional));
  for (const auto& failure : required.failures)
    std::printf("  required FAIL %s\n", failure.c_str());
  for (const auto& failure : optional.failures)
    std::printf("  optional FAIL %s\n", failure.c_str());
  // Our floor, and ajv 8's count on the same tests (bench/ajv_suite.mjs, recorded):
  // we must pass at least as many as both.
  auto baseline = Baseline();
  std::printf("  ajv 8 on the same required tests: %d passed\n", baseline["ajv-" + draft]);
  EXPECT_GE(required.passed, baseline[draft])
      << "fewer required tests pass than tests/schema/suite_baseline.txt records";
  EXPECT_GE(required.passed, baseline["ajv-" + draft]) << "fewer required tests pass than ajv 8";
  EXPECT_GT(required.passed + required.failed, 0);
}

TEST(JsonSchemaTestSuite, Draft4) { RunDraft("draft4", Dialect::kDraft4); }
TEST(JsonSchemaTestSuite, Draft2020_12) { RunDraft("draft2020-12", Dialect::kDraft202012); }

}  // namespace
}  // namespace icopilot::schema
