// The store's contract, on whichever engine the suite runs (support/test_database.h).
#include "store/database.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "store/sqlite_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

std::unique_ptr<Database> Open(const testing::TempDir& dir) {
  auto db = testing::OpenTestDatabase(dir.path());
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

TEST(Database, SqliteUsesWal) {
  if (testing::OnPostgres()) GTEST_SKIP() << "SQLite's journal mode";
  testing::TempDir dir;
  auto db = Open(dir);
  auto mode = db->Query("PRAGMA journal_mode", {});
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ((*mode)[0].Text(0), "wal");
}

TEST(Database, ForeignKeysHoldAndParametersAreBound) {
  testing::TempDir dir;
  auto db = Open(dir);
  // A row that names a missing org is refused by the foreign key.
  auto orphan = db->Execute(
      "INSERT INTO projects (id, org_id, name, description, created_at, updated_at) "
      "VALUES ('p', 'missing', 'n', '', 0, 0)",
      {});
  EXPECT_EQ(orphan.status().code(), absl::StatusCode::kFailedPrecondition) << orphan.status();
  // Hostile text is data, never SQL.
  const std::string hostile = "x'); DROP TABLE orgs; --\"; 漢字 🚀";
  ASSERT_TRUE(
      db->Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, ?, 'vendor', 1)",
                  {std::string("o1"), hostile})
          .ok());
  auto rows = db->Query("SELECT name FROM orgs WHERE id = ?", {std::string("o1")});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Text(0), hostile);
}

TEST(Database, UniqueViolationIsAlreadyExists) {
  testing::TempDir dir;
  auto db = Open(dir);
  std::vector<SqlValue> row{std::string("o1"), std::string("n")};
  const char* insert = "INSERT INTO orgs (id, name, kind, created_at) VALUES (?, ?, 'vendor', 1)";
  ASSERT_TRUE(db->Execute(insert, row).ok());
  EXPECT_EQ(db->Execute(insert, row).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(Database, TransactionRollsBackWhenTheBodyFails) {
  testing::TempDir dir;
  auto db = Open(dir);
  absl::Status status = db->InTransaction([](SqlExecutor& tx) -> absl::Status {
    auto inserted = tx.Execute(
        "INSERT INTO orgs (id, name, kind, created_at) VALUES ('o1', 'n', 'vendor', 1)", {});
    if (!inserted.ok()) return inserted.status();
    return absl::InternalError("then something failed");
  });
  EXPECT_FALSE(status.ok());
  auto rows = db->Query("SELECT COUNT(*) FROM orgs", {});
  EXPECT_EQ((*rows)[0].Int(0), 0);
}

TEST(Database, ConcurrentWritersAllSucceed) {
  testing::TempDir dir;
  auto db = Open(dir);
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string id = "o" + std::to_string(t) + "_" + std::to_string(i);
        auto status = db->InTransaction([&](SqlExecutor& tx) {
          return tx
              .Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, 'n', 'vendor', 1)",
                       {id})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ((*db->Query("SELECT COUNT(*) FROM orgs", {}))[0].Int(0), 200);
}

// Two transactions that read a value and write it back changed must not lose an update:
// SQLite serializes writers, PostgreSQL fails one SERIALIZABLE transaction and the store
// runs it again.
TEST(Database, ReadThenWriteTransactionsLoseNoUpdate) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(
      db->Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES ('o', '0', 'vendor', 1)",
                  {})
          .ok());
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto status = db->InTransaction([&](SqlExecutor& tx) -> absl::Status {
          auto rows = tx.Query("SELECT name FROM orgs WHERE id = 'o'", {});
          if (!rows.ok()) return rows.status();
          const std::int64_t next = std::stoll((*rows)[0].Text(0)) + 1;
          return tx.Execute("UPDATE orgs SET name = ? WHERE id = 'o'", {std::to_string(next)})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ((*db->Query("SELECT name FROM orgs WHERE id = 'o'", {}))[0].Text(0), "100");
}

// Aggregates and comparisons read as numbers on both engines (PostgreSQL's SUM over BIGINT
// is NUMERIC, its comparisons BOOLEAN).
TEST(Database, AggregatesAndComparisonsReadAsNumbers) {
  testing::TempDir dir;
  auto db = Open(dir);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(
        db->Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, 'n', 'vendor', ?)",
                    {"o" + std::to_string(i), std::int64_t{i} * 1'000'000'000'000})
            .ok());
  }
  auto rows = db->Query("SELECT SUM(created_at), COUNT(*), MAX(created_at) > ?, NULL FROM orgs",
                        {std::int64_t{2}});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ((*rows)[0].Int(0), 6'000'000'000'000);
  EXPECT_EQ((*rows)[0].Int(1), 3);
  EXPECT_EQ((*rows)[0].Int(2), 1);
  EXPECT_TRUE((*rows)[0].IsNull(3));
}

// What one instance publishes reaches the other instances on the install (another Database
// on the same schema), not itself: it made the change and acted on it already.
TEST(Database, PublishedChangesReachTheOtherInstancesUntilUnlistened) {
  testing::TempDir dir;
  auto db = Open(dir);
  std::mutex mutex;
  std::condition_variable heard;
  std::vector<std::string> here, there;
  auto recorder = [&](std::vector<std::string>& into) {
    return [&](std::string_view change) {
      std::lock_guard lock(mutex);
      into.emplace_back(change);
      heard.notify_all();
    };
  };
  auto wait_for = [&](const std::vector<std::string>& changes,
                      std::chrono::milliseconds patience = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex);
    return heard.wait_for(lock, patience, [&] { return !changes.empty(); });
  };
  auto clear = [&] {
    std::lock_guard lock(mutex);
    here.clear();
    there.clear();
  };
  const int listening_here = db->Listen(recorder(here));
  if (!testing::OnPostgres()) {
    // One instance only: nobody else to tell, and its own change is not handed back.
    EXPECT_TRUE(db->Publish("mock.updated:mck_1").ok());
    EXPECT_FALSE(wait_for(here, std::chrono::milliseconds(100)));
    db->Unlisten(listening_here);
    return;
  }
  auto other = Open(dir);
  const int listening_there = other->Listen(recorder(there));
  // The listening connections may still be starting: publish until heard, both ways.
  for (int i = 0; i < 50 && !wait_for(there, std::chrono::milliseconds(100)); ++i) {
    ASSERT_TRUE(db->Publish("warm-up").ok());
  }
  for (int i = 0; i < 50 && !wait_for(here, std::chrono::milliseconds(100)); ++i) {
    ASSERT_TRUE(other->Publish("warm-up").ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // late warm-ups arrive
  clear();

  ASSERT_TRUE(db->Publish("mock.updated:mck_1").ok());
  ASSERT_TRUE(wait_for(there));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(there, std::vector<std::string>{"mock.updated:mck_1"});
    EXPECT_TRUE(here.empty()) << "its own change came back: " << here.front();
  }
  clear();
  other->Unlisten(listening_there);
  ASSERT_TRUE(db->Publish("mock.updated:mck_2").ok());
  EXPECT_FALSE(wait_for(there, std::chrono::milliseconds(500))) << "heard once unlistened";
  db->Unlisten(listening_here);
}

TEST(Database, SqliteBackupIsAConsistentReadableCopy) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(
      db->Execute(
            "INSERT INTO orgs (id, name, kind, created_at) VALUES ('o1', 'Acme', 'vendor', 1)", {})
          .ok());
  if (testing::OnPostgres()) {
    EXPECT_EQ(db->Backup(dir.path() / "copy.db").code(), absl::StatusCode::kUnimplemented);
    return;
  }
  ASSERT_TRUE(db->Backup(dir.path() / "copy.db").ok());
  auto opened = OpenSqlite(dir.path() / "copy.db");
  ASSERT_TRUE(opened.ok()) << opened.status();
  auto copy = std::move(*opened);
  EXPECT_TRUE(copy->CheckReady().ok());
  auto rows = copy->Query("SELECT name FROM orgs", {});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "Acme");
}

}  // namespace
}  // namespace icopilot::store
