// `icopilot test` on the real binary: the plan as JSON (checked against its documented
// schema), the profile file, the filters and the exit codes.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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
  CommandResult no_url = RunIcopilot({"test", (kFixtures / "petstore.yaml").string()});
  EXPECT_EQ(no_url.exit_code, 2);
  EXPECT_NE(no_url.err.find("--base-url is required"), std::string::npos) << no_url.err;
  CommandResult bad_basic = RunIcopilot({"test", (kFixtures / "petstore.yaml").string(),
                                         "--base-url", "http://127.0.0.1:9", "--basic", "nocolon"});
  EXPECT_EQ(bad_basic.exit_code, 2);
  EXPECT_NE(bad_basic.err.find("USER:PASS"), std::string::npos) << bad_basic.err;
  CommandResult half_oauth =
      RunIcopilot({"test", (kFixtures / "petstore.yaml").string(), "--base-url",
                   "http://127.0.0.1:9", "--client-id", "only-the-id"});
  EXPECT_EQ(half_oauth.exit_code, 2);
  CommandResult catalog = RunIcopilot({"test", "--catalog"});
  EXPECT_EQ(catalog.exit_code, 0);
  EXPECT_NE(catalog.out.find("# Golden test catalog"), std::string::npos);
}

const std::filesystem::path kOrders = kFixtures / ".." / ".." / "golden" / "specs" / "orders.yaml";

// `icopilot mock` of the orders spec with strict credentials and a rate limit.
ServerProcess StrictMock(const TempDir& dir, bool strict = true) {
  std::ofstream(dir.path() / "mock.json")
      << R"({"operations": {"listOrders": {"rate_limit": "200/min"}}})";
  std::vector<std::string> args = {"mock",
                                   kOrders.string(),
                                   "--port",
                                   "0",
                                   "--stateful",
                                   "--config",
                                   (dir.path() / "mock.json").string()};
  if (strict) {
    for (std::string arg : {"--strict-auth", "--api-key", "key-7f3a9", "--basic", "app:pw-93c1"})
      args.push_back(arg);
  }
  return ServerProcess(dir.path() / "mock", ServerProcess::Command{args});
}

TEST(TestCommand, RunsTheSuiteAgainstOurMockAndReportsJsonAndJunit) {
  TempDir dir;
  ServerProcess mock = StrictMock(dir);
  ASSERT_FALSE(mock.url().empty()) << mock.Stderr();
  const std::vector<std::string> target = {"test",
                                           kOrders.string(),
                                           "--base-url",
                                           mock.url(),
                                           "--api-key",
                                           "key-7f3a9",
                                           "--oauth2-token-url",
                                           mock.url() + "/oauth/token",
                                           "--client-id",
                                           "app",
                                           "--client-secret",
                                           "pw-93c1"};
  std::vector<std::string> json_args = target;
  for (std::string arg : {"--format", "json"}) json_args.push_back(arg);
  CommandResult run = RunIcopilot(json_args);
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out.substr(0, 3000);
  EXPECT_EQ(CliSchemaErrors("test-run", run.out), "") << run.out.substr(0, 2000);
  auto report = boost::json::parse(run.out);
  EXPECT_EQ(report.at("summary").at("failed").as_int64(), 0);
  EXPECT_EQ(report.at("summary").at("errors").as_int64(), 0);
  EXPECT_GT(report.at("summary").at("passed").as_int64(), 80);
  for (std::string_view secret : {"key-7f3a9", "pw-93c1"}) {
    EXPECT_EQ(run.out.find(secret), std::string::npos) << secret;
    EXPECT_EQ(run.err.find(secret), std::string::npos) << secret;
  }

  std::vector<std::string> junit_args = target;
  for (std::string arg : {std::string("--format"), std::string("junit"), std::string("--output"),
                          (dir.path() / "golden.xml").string(), std::string("--categories"),
                          std::string("authentication,idempotency")})
    junit_args.push_back(arg);
  CommandResult junit = RunIcopilot(junit_args);
  EXPECT_EQ(junit.exit_code, 0) << junit.err;
  std::ifstream file(dir.path() / "golden.xml");
  std::string xml((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("<testsuites"), std::string::npos) << xml;
  EXPECT_NE(xml.find("classname=\"idempotency\""), std::string::npos);
  EXPECT_NE(xml.find("failures=\"0\" errors=\"0\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("classname=\"pagination\""), std::string::npos) << "--categories narrows";
  EXPECT_NE(junit.err.find("passed"), std::string::npos) << "the summary stays on the terminal";
}

TEST(TestCommand, ExitsOneWhenARequiredCaseFailsOrCannotRun) {
  TempDir dir;
  ServerProcess lenient = StrictMock(dir, false);  // any credential is accepted
  CommandResult run =
      RunIcopilot({"test", kOrders.string(), "--base-url", lenient.url(), "--api-key", "anything",
                   "--bearer", "anything", "--categories", "authentication"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("expected 401 for credentials the API never issued"), std::string::npos)
      << run.out;

  CommandResult down = RunIcopilot({"test", kOrders.string(), "--base-url", "http://127.0.0.1:9",
                                    "--case", "error-handling.unknown-path", "--format", "json"});
  EXPECT_EQ(down.exit_code, 1) << down.err;
  auto report = boost::json::parse(down.out);
  EXPECT_EQ(report.at("summary").at("errors").as_int64(), 1);
}

}  // namespace
}  // namespace icopilot::testing
