// What only the PostgreSQL backend does: placeholders, dropped connections, timeouts, TLS,
// the migration lock. The suite's "postgres." variant runs them against the throwaway
// server; on SQLite all but the placeholder test are skipped.
#include "store/postgres_database.h"

#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/status_macros.h"
#include "store/migrations.h"
#include "store/postgres_sql.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

TEST(PostgresSql, PlaceholdersAreNumberedOutsideQuotesAndComments) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(NumberPlaceholders("SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = ? -- why?\nAND y = ?"),
            "SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = $1 -- why?\nAND y = $2");
  EXPECT_EQ(NumberPlaceholders("SELECT 'unterminated ?"), "SELECT 'unterminated ?");
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::OnPostgres()) GTEST_SKIP() << "PostgreSQL only (the suite's postgres. variant)";
  }
  absl::StatusOr<std::unique_ptr<Database>> Open(PostgresOptions options = {}) {
    options.url = testing::DatabaseUrlFor(dir_.path());
    options.pool_size = 2;
    return OpenPostgres(options);
  }
  testing::TempDir dir_;
};

TEST_F(PostgresDatabaseTest, ADroppedConnectionIsReplacedAndTheStatementRunsAgain) {
  // A name of its own, so that only this pool's sessions are ended (other suites share the
  // server).
  const std::string name = "drop_" + std::to_string(::getpid());
  PostgresOptions options;
  options.url = testing::DatabaseUrlFor(dir_.path()) + "&application_name=" + name;
  options.pool_size = 2;
  auto db = OpenPostgres(options);
  ASSERT_TRUE(db.ok()) << db.status();
  // The server ends every session of the pool, as a restart or a failover would (the one
  // asking included); the next statements on those connections still answer.
  (void)(*db)->Query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? "
                     "AND pid <> pg_backend_pid()",
                     {name});
  (void)(*db)->Query("SELECT pg_terminate_backend(pg_backend_pid())", {});
  for (int i = 0; i < 6; ++i) {
    auto rows = (*db)->Query("SELECT COUNT(*) FROM orgs", {});
    ASSERT_TRUE(rows.ok()) << i << ": " << rows.status();
    auto changed = (*db)->InTransaction([](SqlExecutor& tx) {
      return tx.Execute("UPDATE orgs SET name = name WHERE id = 'none'", {}).status();
    });
    ASSERT_TRUE(changed.ok()) << i << ": " << changed;
  }
}

TEST_F(PostgresDatabaseTest, AStatementPastItsTimeoutIsDeadlineExceeded) {
  PostgresOptions options;
  options.statement_timeout_ms = 100;
  auto db = Open(options);
  ASSERT_TRUE(db.ok()) << db.status();
  auto slow = (*db)->Query("SELECT pg_sleep(2)", {});
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded) << slow.status();
  EXPECT_TRUE((*db)->Query("SELECT 1", {}).ok());
}

TEST_F(PostgresDatabaseTest, TlsIsUsedWhenTheUrlAsksForIt) {
  PostgresOptions options;
  options.url = testing::DatabaseUrlFor(dir_.path()) + "&sslmode=require";
  options.pool_size = 1;
  auto db = OpenPostgres(options);
  ASSERT_TRUE(db.ok()) << db.status();
  auto rows = (*db)->Query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", {});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ((*rows)[0].Int(0), 1);
}

TEST_F(PostgresDatabaseTest, AWrongPasswordIsRefusedWithoutRepeatingIt) {
  std::string url = testing::DatabaseUrlFor(dir_.path());
  const std::size_t at = url.find('@');
  const std::size_t colon = url.rfind(':', at);
  url.replace(colon + 1, at - colon - 1, "not-the-password-4711");
  PostgresOptions options;
  options.url = url;
  auto db = OpenPostgres(options);
  ASSERT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_NE(db.status().message().find("password authentication failed"), std::string::npos)
      << db.status();
  EXPECT_EQ(db.status().message().find("4711"), std::string::npos) << db.status();
}

TEST_F(PostgresDatabaseTest, InstancesStartedTogetherApplyEachMigrationOnce) {
  std::vector<std::thread> starts;
  std::vector<absl::Status> results(4);
  for (int i = 0; i < 4; ++i) {
    starts.emplace_back([&, i] { results[i] = Open().status(); });
  }
  for (auto& start : starts) start.join();
  for (const auto& result : results) EXPECT_TRUE(result.ok()) << result;
  auto db = Open();
  ASSERT_TRUE(db.ok());
  auto rows = (*db)->Query("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations", {});
  EXPECT_EQ((*rows)[0].Int(0), static_cast<std::int64_t>(AllMigrations().size()));
  EXPECT_EQ((*rows)[0].Int(1), static_cast<std::int64_t>(AllMigrations().size()));
}

TEST_F(PostgresDatabaseTest, MigrationsAreNotCutShortByTheStatementTimeout) {
  // Another instance holds the migration lock longer than this one's statement timeout: this
  // one waits for it (and would migrate a large table) instead of failing to start.
  auto holder = Open();
  ASSERT_TRUE(holder.ok()) << holder.status();
  std::promise<void> locked;
  std::once_flag told;  // a retried transaction tells once
  std::thread hold([&] {
    (void)(*holder)->InTransaction([&](SqlExecutor& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLock}).status());
      std::call_once(told, [&] { locked.set_value(); });
      return tx.Query("SELECT pg_sleep(0.5)", {}).status();
    });
  });
  locked.get_future().wait();
  PostgresOptions options;
  options.statement_timeout_ms = 100;
  auto waiting = Open(options);
  hold.join();
  EXPECT_TRUE(waiting.ok()) << waiting.status();
}

TEST_F(PostgresDatabaseTest, AStatementAfterAFailedOneNamesTheFirstFailure) {
  auto db = Open();
  ASSERT_TRUE(db.ok());
  absl::Status status = (*db)->InTransaction([](SqlExecutor& tx) -> absl::Status {
    (void)tx.Execute("INSERT INTO projects (id, org_id, name, description, created_at, updated_at) "
                     "VALUES ('p', 'missing', 'n', '', 0, 0)",
                     {});
    return tx.Query("SELECT 1", {}).status();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("foreign key"), std::string::npos) << status;
}

}  // namespace
}  // namespace icopilot::store
