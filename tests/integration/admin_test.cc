// `icopilot admin` and the command line's conventions, run as the real binary.
#include <fstream>

#include <gtest/gtest.h>

#include "integration/platform.h"
#include "store/sqlite_database.h"
#include "support/cli_schema.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

TEST(AdminCreateOrg, PrintsCredentialsThatWork) {
  TempDir dir;
  OrgCredentials org =
      CreateOrgWithCli(dir.path() / "data", "Acme \"Payments\"; 漢字", "owner@acme.test");
  EXPECT_TRUE(org.org_id.starts_with("org_"));
  EXPECT_TRUE(org.user_id.starts_with("usr_"));
  EXPECT_TRUE(org.api_key.starts_with("icp_"));
  EXPECT_GE(org.password.size(), 16u);

  ServerProcess server(dir.path() / "data");
  Reply whoami = Call("GET", server.url() + "/api/v1/session", org.api_key);
  EXPECT_EQ(whoami.status, 200) << whoami.body;
  EXPECT_EQ(whoami.json().at("org").at("name").as_string(), "Acme \"Payments\"; 漢字");
  Reply login = Call("POST", server.url() + "/api/v1/session", "",
                     R"({"email": "owner@acme.test", "password": ")" + org.password + "\"}");
  EXPECT_EQ(login.status, 201) << login.body;
}

TEST(AdminCreateOrg, RefusesADuplicateOwnerWithExit2) {
  TempDir dir;
  CreateOrgWithCli(dir.path(), "A", "same@x.test");
  CommandResult again = RunIcopilot({"admin", "create-org", "--data", dir.path().string(), "--name",
                                     "B", "--owner-email", "same@x.test"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

TEST(AdminBackup, CopiesWhileTheServerRuns) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "o@acme.test");
  ServerProcess server(dir.path() / "data");
  Reply created =
      Call("POST", server.url() + "/api/v1/projects", org.api_key, R"({"name": "Before backup"})");
  ASSERT_EQ(created.status, 201);
  auto copy = dir.path() / "backup.db";
  CommandResult backup = RunIcopilot(
      {"admin", "backup", "--data", (dir.path() / "data").string(), "--to", copy.string()});
  if (OnPostgres()) {
    EXPECT_EQ(backup.exit_code, 2) << backup.err;
    EXPECT_NE(backup.err.find("pg_dump"), std::string::npos) << backup.err;
    return;
  }
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  auto db = store::OpenSqlite(copy);
  ASSERT_TRUE(db.ok()) << db.status();
  auto rows = (*db)->Query("SELECT name FROM projects", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "Before backup");
  CommandResult again = RunIcopilot(
      {"admin", "backup", "--data", (dir.path() / "data").string(), "--to", copy.string()});
  EXPECT_EQ(again.exit_code, 2) << "never overwrites without --force";
  CommandResult forced = RunIcopilot({"admin", "backup", "--data", (dir.path() / "data").string(),
                                      "--to", copy.string(), "--force", "--format", "json"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(CliSchemaErrors("admin-backup", forced.out), "");
  EXPECT_NE(forced.out.find("\"bytes\":"), std::string::npos) << forced.out;
}

TEST(CommandLine, UsageErrorsExit2AndHelpExits0) {
  EXPECT_EQ(RunIcopilot({"--help"}).exit_code, 0);
  CommandResult version = RunIcopilot({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("icopilot 0."), std::string::npos);
  EXPECT_EQ(RunIcopilot({"no-such-command"}).exit_code, 2);
  // An unknown command is named, with the nearest known ones.
  CommandResult typo = RunIcopilot({"serv", "--demo"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unknown command 'serv'. Did you mean 'serve'?"), std::string::npos)
      << typo.err;
  CommandResult nested = RunIcopilot({"spec", "dif", "a.yaml", "b.yaml"});
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_NE(nested.err.find("unknown command 'spec dif'. Did you mean 'spec diff'?"),
            std::string::npos)
      << nested.err;
  CommandResult help = RunIcopilot({"frobnicate", "copy", "--help"});
  EXPECT_EQ(help.exit_code, 2) << "not the top-level help and 0";
  EXPECT_NE(help.err.find("unknown command 'frobnicate'. The commands of icopilot: "),
            std::string::npos)
      << help.err;
  EXPECT_EQ(RunIcopilot({"admin", "--help"}).exit_code, 0);
  EXPECT_EQ(RunIcopilot({"serve", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(RunIcopilot({"admin", "create-org", "--name", "x"}).exit_code, 2)
      << "missing --owner-email";
  CommandResult listen = RunIcopilot({"serve", "--listen", "nonsense"});
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_NE(listen.err.find("HOST:PORT"), std::string::npos) << listen.err;
}

TEST(CommandLine, AnUnreachableDatabaseIsAUsageErrorWithoutThePassword) {
  TempDir dir;
  // Port 1 on loopback: nothing listens there.
  CommandResult result = RunIcopilot({"serve", "--data", dir.path().string(), "--listen", "127.0.0.1:0"},
                                     {{"ICOPILOT_DATABASE", "postgres://icopilot:s3cret-pw@127.0.0.1:1/icopilot"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("postgres://icopilot:***@127.0.0.1:1/icopilot"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Connection refused"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("s3cret-pw"), std::string::npos) << result.err;
  CommandResult scheme = RunIcopilot({"serve", "--data", dir.path().string(), "--database", "mysql://x"});
  EXPECT_EQ(scheme.exit_code, 2);
  EXPECT_NE(scheme.err.find("use sqlite:PATH or postgres://"), std::string::npos) << scheme.err;
}

TEST(CommandLine, APasswordOnTheCommandLineLeavesTheProcessList) {
  if (!OnPostgres()) GTEST_SKIP() << "needs a PostgreSQL server to stay up (the postgres. variant)";
  TempDir dir;
  const std::string url = DatabaseUrlFor(dir.path() / "data");
  const std::size_t at = url.find('@');
  const std::string password = url.substr(url.rfind(':', at) + 1, at - url.rfind(':', at) - 1);
  ASSERT_GE(password.size(), 8u) << url;
  ServerProcess server(dir.path() / "data", {"--database", url});
  ASSERT_FALSE(server.url().empty()) << server.Stderr();
  const std::string cmdline = ReadFile("/proc/" + std::to_string(server.pid()) + "/cmdline");
  EXPECT_NE(cmdline.find("postgres://icopilot:***@"), std::string::npos) << cmdline;
  EXPECT_EQ(cmdline.find(password), std::string::npos) << cmdline;
  EXPECT_NE(server.Stderr().find("put the URL in ICOPILOT_DATABASE"), std::string::npos) << server.Stderr();
  EXPECT_EQ(server.Stderr().find(password), std::string::npos) << "nor in the log";
  EXPECT_EQ(server.Stdout().find(password), std::string::npos) << "nor in the log";
}

TEST(CommandLine, PortInUseExits2) {
  TempDir dir;
  ServerProcess first(dir.path() / "a");
  CommandResult second = RunIcopilot({"serve", "--data", (dir.path() / "b").string(), "--listen",
                                      "127.0.0.1:" + std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST(CommandLine, FlagsComeFromYamlConfigWithEnvironmentReferences) {
  TempDir dir;
  auto config = dir.path() / "custom.yaml";
  {
    std::ofstream out(config);
    out << "serve:\n  format: ${OUTPUT_FORMAT}\n  access-log: \"off\"\n";
  }
  ServerProcess server(dir.path() / "data", {"--config", config.string()},
                       {{"OUTPUT_FORMAT", "json"}});
  EXPECT_TRUE(server.first_line().starts_with("{\"event\":\"listening\"")) << server.first_line();
  ASSERT_EQ(Call("GET", server.url() + "/healthz").status, 200);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(server.Stdout().find("\"msg\":\"request\""), std::string::npos) << server.Stdout();

  CommandResult unset =
      RunIcopilot({"serve", "--config", config.string(), "--data", (dir.path() / "d2").string()});
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_NE(unset.err.find("OUTPUT_FORMAT"), std::string::npos) << unset.err;
}

TEST(CommandLine, ReadsIcopilotYamlFromTheWorkingDirectory) {
  TempDir dir;
  {
    std::ofstream out(dir.path() / "icopilot.yaml");
    out << "serve:\n  listen: not-an-address\n";
  }
  CommandResult result =
      RunIcopilot({"serve", "--data", (dir.path() / "d").string()}, {}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not-an-address"), std::string::npos) << result.err;
  CommandResult overridden = RunIcopilot(
      {"serve", "--data", (dir.path() / "d").string(), "--listen", "also-bad"}, {}, dir.path());
  EXPECT_NE(overridden.err.find("also-bad"), std::string::npos)
      << "the command line wins: " << overridden.err;
}

TEST(ServeOutput, JsonFormatAnnouncesTheUrlAsAnEvent) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", {"--format", "json"}, {{"ICOPILOT_ACCESS_LOG", "off"}});
  EXPECT_TRUE(
      server.first_line().starts_with("{\"event\":\"listening\",\"url\":\"http://127.0.0.1:"))
      << server.first_line();
  EXPECT_EQ(CliSchemaErrors("serve", server.first_line()), "");
  ASSERT_EQ(Call("GET", server.url() + "/healthz").status, 200);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(server.Stdout().find("\"msg\":\"request\""), std::string::npos)
      << "ICOPILOT_ACCESS_LOG=off is honoured";
}

}  // namespace
}  // namespace icopilot::testing
