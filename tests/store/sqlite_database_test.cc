#include "store/sqlite_database.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/temp_dir.h"

namespace icopilot::store {
namespace {

std::unique_ptr<Database> Open(const testing::TempDir& dir, const char* name = "t.db") {
  auto db = OpenSqlite(dir.path() / name);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

TEST(SqliteDatabase, UsesWalForeignKeysAndBoundParameters) {
  testing::TempDir dir;
  auto db = Open(dir);
  auto mode = db->Query("PRAGMA journal_mode", {});
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ((*mode)[0].Text(0), "wal");
  auto foreign = db->Query("PRAGMA foreign_keys", {});
  EXPECT_EQ((*foreign)[0].Int(0), 1);
  // A row that names a missing org is refused by the foreign key.
  auto orphan = db->Execute("INSERT INTO projects (id, org_id, name, description, created_at, updated_at) "
                            "VALUES ('p', 'missing', 'n', '', 0, 0)", {});
  EXPECT_FALSE(orphan.ok());
  // Hostile text is data, never SQL.
  const std::string hostile = "x'); DROP TABLE orgs; --\"; 漢字 🚀";
  ASSERT_TRUE(db->Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, ?, 'vendor', 1)",
                          {std::string("o1"), hostile}).ok());
  auto rows = db->Query("SELECT name FROM orgs WHERE id = ?", {std::string("o1")});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Text(0), hostile);
}

TEST(SqliteDatabase, UniqueViolationIsAlreadyExists) {
  testing::TempDir dir;
  auto db = Open(dir);
  std::vector<SqlValue> row{std::string("o1"), std::string("n")};
  const char* insert = "INSERT INTO orgs (id, name, kind, created_at) VALUES (?, ?, 'vendor', 1)";
  ASSERT_TRUE(db->Execute(insert, row).ok());
  EXPECT_EQ(db->Execute(insert, row).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(SqliteDatabase, TransactionRollsBackWhenTheBodyFails) {
  testing::TempDir dir;
  auto db = Open(dir);
  absl::Status status = db->InTransaction([](SqlExecutor& tx) -> absl::Status {
    auto inserted = tx.Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES ('o1', 'n', 'vendor', 1)", {});
    if (!inserted.ok()) return inserted.status();
    return absl::InternalError("then something failed");
  });
  EXPECT_FALSE(status.ok());
  auto rows = db->Query("SELECT COUNT(*) FROM orgs", {});
  EXPECT_EQ((*rows)[0].Int(0), 0);
}

TEST(SqliteDatabase, ConcurrentWritersAllSucceed) {
  testing::TempDir dir;
  auto db = Open(dir);
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string id = "o" + std::to_string(t) + "_" + std::to_string(i);
        auto status = db->InTransaction([&](SqlExecutor& tx) {
          return tx.Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, 'n', 'vendor', 1)", {id})
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

TEST(SqliteDatabase, BackupIsAConsistentReadableCopy) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(db->Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES ('o1', 'Acme', 'vendor', 1)", {}).ok());
  ASSERT_TRUE(db->Backup(dir.path() / "copy.db").ok());
  auto copy = Open(dir, "copy.db");
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(copy->CheckReady().ok());
  auto rows = copy->Query("SELECT name FROM orgs", {});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "Acme");
}

}  // namespace
}  // namespace icopilot::store
