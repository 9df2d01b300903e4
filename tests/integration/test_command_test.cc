// `icopilot test` on the real binary: the plan as JSON (checked against its documented
// schema), the profile file, the filters and the exit codes.
#include <fstream>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/cli_schema.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

TEST(TestCommand, ListsThePlanAsDocumentedJson) {
  CommandResult result =
      RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--list", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CliSchemaErrors("test-list", result.out), "") << result.out;
  auto plan = boost::json::parse(result.out);
  EXPECT_GT(plan.at("summary").at("planned").as_int64(), 10);
  bool secured_case = false;
  for (const auto& c : plan.at("cases").as_array()) {
    if (c.at("id") == "authentication.missing-credentials" && c.at("status") == "planned")
      secured_case = true;
  }
  EXPECT_TRUE(secured_case);
}

TEST(TestCommand, ProfileReadOnlyAndOneCase) {
  TempDir dir;
  std::ofstream(dir.path() / "profile.yaml") << "authentication: optional\nwebhooks: required\n";
  CommandResult result =
      RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--list", "--format", "json",
                   "--profile", (dir.path() / "profile.yaml").string(), "--read-only",
                   "--categories", "authentication,request-validation"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto plan = boost::json::parse(result.out);
  for (const auto& category : plan.at("profile").as_array()) {
    if (category.at("category") == "authentication") {
      EXPECT_EQ(category.at("requirement"), "optional");
      EXPECT_EQ(category.at("overridden"), true);
    }
  }
  for (const auto& c : plan.at("cases").as_array()) {
    std::string category(c.at("category").as_string());
    EXPECT_TRUE(category == "authentication" || category == "request-validation") << category;
    if (c.as_object().contains("operation") && c.at("operation").at("method") == "POST") {
      EXPECT_EQ(c.at("status"), "skipped");
    }
    if (category == "authentication") {
      EXPECT_EQ(c.at("required"), false);
    }
  }

  CommandResult one = RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--list",
                                   "--case", "error-handling.unknown-path"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("1 planned, 0 skipped, 0 not applicable"), std::string::npos) << one.out;
}

TEST(TestCommand, UsageErrorsExit2WithTheReason) {
  TempDir dir;
  std::ofstream(dir.path() / "bad.yaml") << "authentication: sometimes\n";
  CommandResult bad_profile = RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--list",
                                           "--profile", (dir.path() / "bad.yaml").string()});
  EXPECT_EQ(bad_profile.exit_code, 2);
  EXPECT_NE(bad_profile.err.find("authentication"), std::string::npos) << bad_profile.err;
  EXPECT_EQ(RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--list", "--case",
                         "no.such-case"})
                .exit_code,
            2);
  EXPECT_EQ(RunIcopilot(
                {"test", (kFixtures / "petstore.yaml").string(), "--list", "--categories", "speed"})
                .exit_code,
            2);
  CommandResult not_built = RunIcopilot(
      {"test", (kFixtures / "petstore.yaml").string(), "--base-url", "http://127.0.0.1:9"});
  EXPECT_EQ(not_built.exit_code, 2);
  EXPECT_NE(not_built.err.find("not built yet"), std::string::npos) << not_built.err;
  CommandResult catalog = RunIcopilot({"test", "--catalog"});
  EXPECT_EQ(catalog.exit_code, 0);
  EXPECT_NE(catalog.out.find("# Golden test catalog"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::testing
