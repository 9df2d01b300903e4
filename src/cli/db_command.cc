// `icopilot db`: the operator's commands for the database: check a URL, apply migrations,
// and copy a single-machine install into PostgreSQL.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/strings.h"
#include "store/database_copy.h"
#include "store/database_url.h"
#include "store/migrations.h"

namespace icopilot::cli {
namespace {

struct DatabaseFlags {
  std::string data = "./var";
  std::string database;
  std::string format = "text";
};

struct CopyFlags {
  std::string from = "./var";
  std::string to;
  std::string format = "text";
};

std::string Described(const store::DatabaseUrl& url) {
  return url.engine == store::Dialect::kPostgres ? store::RedactDatabaseUrl(url.postgres)
                                                 : url.sqlite_path.string();
}

// Opening applies what migrations are missing; `check` and `migrate` differ in what they
// report, and `check` refuses a database a newer binary wrote.
int RunOpen(const DatabaseFlags& flags, bool migrate) {
  auto url =
      store::ParseDatabaseUrl(flags.database, std::filesystem::path(flags.data) / "icopilot.db");
  if (!url.ok()) return UsageError(StrCat("--database: ", url.status().message()));
  if (url->engine == store::Dialect::kSqlite) {
    if (!migrate && !std::filesystem::exists(url->sqlite_path)) {
      return UsageError(StrCat(url->sqlite_path.string(), " does not exist"));
    }
    std::error_code ignored;  // opening says it better when this fails
    std::filesystem::create_directories(url->sqlite_path.parent_path(), ignored);
  }
  auto db = store::OpenDatabase(*url, nullptr, migrate);
  if (!db.ok()) return UsageError(StrCat(Described(*url), ": ", db.status().message()));
  const absl::Status ready = (*db)->CheckReady();
  auto version = (*db)->Query("SELECT MAX(version) FROM schema_migrations", {});
  const std::string engine = url->engine == store::Dialect::kPostgres ? "postgresql" : "sqlite";
  std::string server;
  if (url->engine == store::Dialect::kPostgres) {
    auto rows = (*db)->Query("SHOW server_version", {});
    if (rows.ok() && !rows->empty()) server = (*rows)[0].Text(0);
  }
  const std::int64_t at = version.ok() && !version->empty() ? (*version)[0].Int(0) : 0;
  const int known = store::AllMigrations().back().version;
  if (flags.format == "json") {
    boost::json::object out{{"database", Described(*url)},
                            {"engine", engine},
                            {"server_version", server},
                            {"schema_version", at},
                            {"binary_schema_version", known},
                            {"ready", ready.ok()}};
    if (!ready.ok()) out["problem"] = std::string(ready.message());
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else if (ready.ok()) {
    const std::string newer = at > known ? StrCat(" (migrated by a newer icopilot; this one knows ",
                                                  known, " and can use it)")
                                         : "";
    std::printf("%s %s (%s%s%s), schema version %lld%s\n",
                Styled("green", migrate ? "Migrated" : "Ready").c_str(), Described(*url).c_str(),
                engine.c_str(), server.empty() ? "" : " ", server.c_str(),
                static_cast<long long>(at), newer.c_str());
  } else {
    std::printf("%s %s: %s\n", Styled("red", "Not ready").c_str(), Described(*url).c_str(),
                std::string(ready.message()).c_str());
  }
  return ready.ok() ? kExitOk : kExitProblems;
}

int RunCopy(const CopyFlags& flags) {
  auto to = store::ParseDatabaseUrl(flags.to, "");
  if (!to.ok()) return UsageError(StrCat("--to: ", to.status().message()));
  if (to->engine != store::Dialect::kPostgres) {
    return UsageError("--to: the copy goes into PostgreSQL (postgres://USER@HOST:PORT/DB)");
  }
  const std::filesystem::path file = std::filesystem::path(flags.from) / "icopilot.db";
  if (!std::filesystem::exists(file)) {
    return UsageError(StrCat("--from: ", file.string(), " does not exist"));
  }
  auto source = store::OpenDatabase(*store::ParseDatabaseUrl("", file));
  if (!source.ok()) return UsageError(StrCat(file.string(), ": ", source.status().message()));
  auto target = store::OpenDatabase(*to);
  if (!target.ok()) return UsageError(StrCat(Described(*to), ": ", target.status().message()));
  const bool text = flags.format != "json";
  auto report =
      store::CopyDatabase(**source, **target, [&](const store::TableCopy& table, bool verified) {
        if (text && !verified) {
          std::fprintf(stderr, "  copied %-28s %10lld rows\n", table.table.c_str(),
                       static_cast<long long>(table.source_rows));
        }
      });
  if (!report.ok()) return UsageError(report.status());
  std::int64_t rows = 0;
  int mismatched = 0;
  boost::json::array tables;
  for (const auto& table : *report) {
    rows += table.source_rows;
    if (!table.matches()) ++mismatched;
    tables.push_back(boost::json::object{{"table", table.table},
                                         {"source_rows", table.source_rows},
                                         {"target_rows", table.target_rows},
                                         {"source_checksum", StrCat(table.source_checksum)},
                                         {"target_checksum", StrCat(table.target_checksum)},
                                         {"matches", table.matches()}});
  }
  if (!text) {
    boost::json::object out{{"from", file.string()},
                            {"to", Described(*to)},
                            {"tables", tables},
                            {"rows", rows},
                            {"mismatched", mismatched}};
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else {
    for (const auto& table : *report) {
      if (table.matches()) continue;
      std::printf("%s %s: %lld rows (checksum %llx) read back as %lld (%llx)\n",
                  Styled("red", "Differs").c_str(), table.table.c_str(),
                  static_cast<long long>(table.source_rows),
                  static_cast<unsigned long long>(table.source_checksum),
                  static_cast<long long>(table.target_rows),
                  static_cast<unsigned long long>(table.target_checksum));
    }
    std::printf("%s %zu tables, %lld rows to %s; %s\n",
                Styled(mismatched == 0 ? "green" : "red", "Copied").c_str(), report->size(),
                static_cast<long long>(rows), Described(*to).c_str(),
                mismatched == 0 ? "every table's row count and checksum match"
                                : StrCat(mismatched, " tables differ").c_str());
  }
  return mismatched == 0 ? kExitOk : kExitProblems;
}

void AddDatabaseFlags(CLI::App* command, DatabaseFlags& flags) {
  command->add_option("--data", flags.data, "Data folder (its icopilot.db by default)")
      ->capture_default_str()
      ->envname("ICOPILOT_DATA");
  command
      ->add_option("--database", flags.database,
                   "sqlite:PATH or postgres://USER@HOST:PORT/DB (password from PGPASSWORD or "
                   "~/.pgpass)")
      ->envname("ICOPILOT_DATABASE");
  command->add_option("--format", flags.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

}  // namespace

void AddDbCommand(CLI::App& root, Action& action) {
  CLI::App* db =
      root.add_subcommand("db", "The database: check it, migrate it, move to PostgreSQL");
  db->require_subcommand(1);
  db->footer(
      "\nExamples:\n"
      "  icopilot db check --database postgres://icopilot@db.internal/icopilot\n"
      "  icopilot db migrate --database postgres://icopilot@db.internal/icopilot\n"
      "  icopilot db copy --from ./var --to postgres://icopilot@db.internal/icopilot\n"
      "\nExit codes: 0 ok, 1 not ready / a table differs, 2 unusable input or unreachable.");

  auto check = std::make_shared<DatabaseFlags>();
  CLI::App* check_command = db->add_subcommand(
      "check", "Connect, and say whether the schema is the one this binary expects");
  AddDatabaseFlags(check_command, *check);
  check_command->callback(
      [check, &action] { action = [check] { return RunOpen(*check, false); }; });

  auto migrate = std::make_shared<DatabaseFlags>();
  CLI::App* migrate_command =
      db->add_subcommand("migrate",
                         "Apply the migrations this binary has and the database lacks (once, "
                         "even with several instances starting)");
  AddDatabaseFlags(migrate_command, *migrate);
  migrate_command->callback(
      [migrate, &action] { action = [migrate] { return RunOpen(*migrate, true); }; });

  auto copy = std::make_shared<CopyFlags>();
  CLI::App* copy_command =
      db->add_subcommand("copy",
                         "Copy a single-machine install (its SQLite file) into an empty PostgreSQL "
                         "database, then verify each table's row count and checksum");
  copy_command->footer(
      "\nStop the server first (a running one waits while the copy reads). The data folder's\n"
      "secret.key must go with the database: every instance needs it (docs/deploy.md).");
  copy_command->add_option("--from", copy->from, "Data folder holding icopilot.db")
      ->capture_default_str();
  copy_command->add_option("--to", copy->to, "postgres://USER@HOST:PORT/DB, migrated if new")
      ->envname("ICOPILOT_DATABASE")
      ->required();
  copy_command->add_option("--format", copy->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  copy_command->callback([copy, &action] { action = [copy] { return RunCopy(*copy); }; });
}

}  // namespace icopilot::cli
