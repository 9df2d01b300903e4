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

TEST(Migrations, ReadinessFailsForASchemaFromANewerBinary) {
  testing::TempDir dir;
  auto db = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)", {})
                  .ok());
  absl::Status ready = (*db)->CheckReady();
  EXPECT_EQ(ready.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(ready.message()).find("version 999"), std::string::npos) << ready;
}

}  // namespace
}  // namespace icopilot::store
