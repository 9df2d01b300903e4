#include "store/migrations.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

// Each engine's form of a statement is given explicitly, and the two only differ where a
// statement says so: most are one text for both.
TEST(Migrations, DialectDifferencesAreFewAndExplicit) {
  int differing = 0;
  for (const Migration& migration : AllMigrations()) {
    for (const Statement& statement : migration.statements) {
      if (statement.sqlite != statement.postgres) ++differing;
    }
  }
  EXPECT_EQ(differing, 4);  // migration 12's full-text table, its two indexes, its trigger
}

TEST(Migrations, AreNumberedInOrderWithoutGaps) {
  int expected = 1;
  for (const Migration& migration : AllMigrations()) EXPECT_EQ(migration.version, expected++);
}

TEST(Migrations, ApplyOnceAndReopenWithoutChange) {
  testing::TempDir dir;
  {
    auto db = testing::OpenTestDatabase(dir.path());
    ASSERT_TRUE(db.ok()) << db.status();
    EXPECT_TRUE((*db)->CheckReady().ok());
  }
  auto again = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(again.ok()) << again.status();
  auto rows = (*again)->Query("SELECT COUNT(*) FROM schema_migrations", {});
  EXPECT_EQ((*rows)[0].Int(0), static_cast<std::int64_t>(AllMigrations().size()));
}

class NewerBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  // What a newer binary leaves in the table when it applies its migration `version`.
  void Applied(int version, int oldest_reader) {
    ASSERT_TRUE(db_->Execute("INSERT INTO schema_migrations (version, name, applied_at, "
                             "oldest_reader) VALUES (?, 'newer', 0, ?)",
                             {std::int64_t{version}, std::int64_t{oldest_reader}})
                    .ok());
  }
  // This binary starting on it.
  absl::Status Reopened() {
    db_.reset();
    auto db = testing::OpenTestDatabase(dir_.path());
    if (!db.ok()) return db.status();
    db_ = std::move(*db);
    return db_->CheckReady();
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  const int known_ = AllMigrations().back().version;
};

TEST_F(NewerBinaryTest, MigrationsThatOnlyAddLeaveThisBinaryReadyBesideIt) {
  Applied(known_ + 1, 0);
  Applied(known_ + 2, 0);
  EXPECT_TRUE(db_->CheckReady().ok()) << db_->CheckReady();
  EXPECT_TRUE(Reopened().ok());
  auto rows = db_->Query("SELECT MAX(version) FROM schema_migrations", {});
  EXPECT_EQ((*rows)[0].Int(0), known_ + 2) << "left as the newer binary wrote it";
}

TEST_F(NewerBinaryTest, AMigrationThatStillSuitsThisBinaryLeavesItReady) {
  Applied(known_ + 1, 0);
  Applied(known_ + 2, known_);  // drops what binaries before this one used
  EXPECT_TRUE(db_->CheckReady().ok()) << db_->CheckReady();
}

TEST_F(NewerBinaryTest, AMigrationThatLeavesThisBinaryBehindStopsItServingAndStarting) {
  Applied(known_ + 1, 0);
  Applied(known_ + 2, known_ + 1);
  absl::Status ready = db_->CheckReady();
  EXPECT_EQ(ready.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(ready.message())
                .find("schema version " + std::to_string(known_ + 1) +
                      " or later, this binary has " + std::to_string(known_)),
            std::string::npos)
      << ready;
  absl::Status started = Reopened();
  EXPECT_EQ(started.code(), absl::StatusCode::kFailedPrecondition) << started;
}

TEST(Migrations, ADatabaseBehindThisBinaryIsNotReadyUntilMigrated) {
  testing::TempDir dir;
  auto db = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)
                  ->Execute("DELETE FROM schema_migrations WHERE version = ?",
                            {std::int64_t{AllMigrations().back().version}})
                  .ok());
  absl::Status ready = (*db)->CheckReady();
  EXPECT_EQ(ready.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(ready.message()).find("db migrate"), std::string::npos) << ready;
}

}  // namespace
}  // namespace icopilot::store
