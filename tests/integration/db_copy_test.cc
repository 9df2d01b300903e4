// `icopilot db copy`: the demo's single-machine install moved into PostgreSQL, verified table
// by table, then served from there answering as it did from SQLite.
#include <chrono>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/cli_schema.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

std::string DemoKey(const ServerProcess& server) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server.Stdout().find("Owner API key") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string out = server.Stdout();
  const auto at = out.find("Owner API key ");
  if (at == std::string::npos) return "";
  const auto start = at + std::string("Owner API key ").size();
  return out.substr(start, out.find('\n', start) - start);
}

// What the portal's pages read, as the API answers it.
std::vector<std::string> Answers(const ServerProcess& server, const std::string& key) {
  std::vector<std::string> answers;
  Reply projects = Call("GET", server.url() + "/api/v1/projects", key);
  answers.push_back(projects.body);
  const boost::json::value listed = projects.json();
  if (!listed.is_object() || listed.at("items").as_array().empty()) return answers;
  const std::string project =
      "/api/v1/projects/" + std::string(listed.at("items").as_array()[0].at("id").as_string());
  for (const char* path : {"/specs", "/mocks", "/partners", "/runs", "/environments", "/traces",
                           "/annotations", "/readiness"}) {
    Reply reply = Call("GET", server.url() + project + path, key);
    // A mock's health counts the requests of this process: a restart starts it again.
    boost::json::value json = reply.json();
    if (json.is_object() && json.as_object().contains("items")) {
      for (auto& item : json.at("items").as_array()) {
        if (item.is_object()) item.as_object().erase("health");
      }
    }
    answers.push_back(std::string(path) + " " + std::to_string(reply.status) + " " +
                      boost::json::serialize(json));
  }
  return answers;
}

TEST(DbCopy, TheDemoMovesToPostgresVerifiedAndAnswersTheSame) {
  if (!OnPostgres()) GTEST_SKIP() << "copies into PostgreSQL (the suite's postgres. variant)";
  TempDir dir;
  const auto data = dir.path() / "data";
  const std::string sqlite = "sqlite:" + (data / "icopilot.db").string();
  std::vector<std::string> before;
  std::string key;
  {
    ServerProcess server(data, {"--demo", "--database", sqlite});
    key = DemoKey(server);
    ASSERT_FALSE(key.empty()) << server.Stdout() << server.Stderr();
    // The five runs the demo queues finish first, so the copy holds their reports.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      before = Answers(server, key);
      if (before.size() > 4 && before[4].find("\"queued\"") == std::string::npos &&
          before[4].find("\"running\"") == std::string::npos)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    before = Answers(server, key);
    ASSERT_EQ(server.Stop(), 0);
  }

  const std::string target = DatabaseUrlFor(dir.path() / "postgres");
  CommandResult copy = RunIcopilot({"db", "copy", "--from", data.string(), "--format", "json"},
                                   {{"ICOPILOT_DATABASE", target}});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(CliSchemaErrors("db-copy", copy.out), "");
  const boost::json::value report = boost::json::parse(copy.out);
  EXPECT_EQ(report.at("mismatched"), 0);
  EXPECT_GT(report.at("rows").as_int64(), 100);
  std::set<std::string> tables;
  for (const auto& table : report.at("tables").as_array()) {
    tables.insert(std::string(table.at("table").as_string()));
    EXPECT_TRUE(table.at("matches").as_bool()) << table;
    EXPECT_EQ(table.at("source_checksum"), table.at("target_checksum")) << table;
  }
  for (const char* expected : {"orgs", "users", "api_keys", "projects", "spec_versions", "runs", "run_cases",
                               "traces", "assistant_passages", "plan_items"}) {
    EXPECT_TRUE(tables.contains(expected)) << expected << " not copied: " << copy.out;
  }
  EXPECT_FALSE(tables.contains("assistant_passages_data")) << "SQLite's full-text shadow tables are not data";
  EXPECT_FALSE(tables.contains("schema_migrations"));
  EXPECT_EQ(copy.out.find(target.substr(target.rfind(':', target.find('@')) + 1, 8)), std::string::npos)
      << "the password is not printed";

  // A second copy into the same database is refused: nothing would be verified twice.
  CommandResult again = RunIcopilot({"db", "copy", "--from", data.string()}, {{"ICOPILOT_DATABASE", target}});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds"), std::string::npos) << again.err;

  // Served from PostgreSQL with the same key file, the API answers as it did.
  ServerProcess server(data, {"--database", target});
  const std::vector<std::string> after = Answers(server, key);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i], before[i]);

  CommandResult check = RunIcopilot({"db", "check", "--format", "json"}, {{"ICOPILOT_DATABASE", target}});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find(R"("engine":"postgresql")"), std::string::npos) << check.out;
  EXPECT_EQ(CliSchemaErrors("db-check", check.out), "");
  EXPECT_NE(check.out.find(R"("ready":true)"), std::string::npos) << check.out;
}

// On either engine: the data folder's database (ICOPILOT_DATABASE on PostgreSQL).
TEST(DbCommand, ChecksMigratesAndRefusesWhatItCannotUse) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  CommandResult help = RunIcopilot({"db", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"check", "migrate", "copy"}) EXPECT_NE(help.out.find(command), std::string::npos);
  EXPECT_EQ(RunIcopilot({"db"}).exit_code, 2);
  // Nothing there yet: no SQLite file (unusable input), an empty PostgreSQL database (not
  // ready, and left as it was).
  CommandResult empty = RunIcopilot({"db", "check", "--data", data});
  EXPECT_EQ(empty.exit_code, OnPostgres() ? 1 : 2) << empty.out << empty.err;

  CommandResult migrated = RunIcopilot({"db", "migrate", "--data", data});
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("Migrated"), std::string::npos) << migrated.out;
  CommandResult ready = RunIcopilot({"db", "check", "--data", data, "--format", "json"});
  EXPECT_EQ(ready.exit_code, 0) << ready.err;
  EXPECT_NE(ready.out.find(OnPostgres() ? R"("engine":"postgresql")" : R"("engine":"sqlite")"), std::string::npos)
      << ready.out;
  EXPECT_EQ(CliSchemaErrors("db-check", ready.out), "");

  // A newer binary's migrations: usable while they only add, not once one removes what this
  // binary uses.
  auto newer_binary_applies = [&](int version, int oldest_reader) {
    auto db = OpenDataFolderDatabase(dir.path() / "data");
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE((*db)
                    ->Execute("INSERT INTO schema_migrations (version, name, applied_at, "
                              "oldest_reader) VALUES (?, 'future', 0, ?)",
                              {std::int64_t{version}, std::int64_t{oldest_reader}})
                    .ok());
  };
  newer_binary_applies(998, 0);
  CommandResult expanded = RunIcopilot({"db", "check", "--data", data});
  EXPECT_EQ(expanded.exit_code, 0) << expanded.out << expanded.err;
  EXPECT_NE(expanded.out.find("schema version 998 (migrated by a newer icopilot"),
            std::string::npos)
      << expanded.out;
  newer_binary_applies(999, 998);
  CommandResult newer = RunIcopilot({"db", "check", "--data", data, "--format", "json"});
  EXPECT_EQ(newer.exit_code, 1) << newer.out << newer.err;
  EXPECT_EQ(CliSchemaErrors("db-check", newer.out), "");
  EXPECT_NE(newer.out.find("version 999"), std::string::npos) << newer.out;
  EXPECT_NE(newer.out.find("schema version 998 or later"), std::string::npos) << newer.out;

  CommandResult no_target = RunIcopilot({"db", "copy", "--from", data}, {{"ICOPILOT_DATABASE", ""}});
  EXPECT_EQ(no_target.exit_code, 2);
  EXPECT_NE(no_target.err.find("--to"), std::string::npos) << no_target.err;
  CommandResult to_sqlite = RunIcopilot({"db", "copy", "--from", data, "--to", "sqlite:/tmp/x.db"});
  EXPECT_EQ(to_sqlite.exit_code, 2);
  EXPECT_NE(to_sqlite.err.find("into PostgreSQL"), std::string::npos) << to_sqlite.err;
}

}  // namespace
}  // namespace icopilot::testing
