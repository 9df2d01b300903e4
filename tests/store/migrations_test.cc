#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/sqlite_database.h"
#include "support/temp_dir.h"

namespace icopilot::store {
namespace {

TEST(Migrations, AreNumberedInOrderWithoutGaps) {
  int expected = 1;
  for (const Migration& migration : AllMigrations()) EXPECT_EQ(migration.version, expected++);
}

TEST(Migrations, ApplyOnceAndReopenWithoutChange) {
  testing::TempDir dir;
  auto path = dir.path() / "m.db";
  {
    auto db = OpenSqlite(path);
    ASSERT_TRUE(db.ok()) << db.status();
    EXPECT_TRUE((*db)->CheckReady().ok());
  }
  auto again = OpenSqlite(path);
  ASSERT_TRUE(again.ok()) << again.status();
  auto rows = (*again)->Query("SELECT COUNT(*) FROM schema_migrations", {});
  EXPECT_EQ((*rows)[0].Int(0), static_cast<std::int64_t>(AllMigrations().size()));
}

TEST(Migrations, ReadinessFailsForASchemaFromANewerBinary) {
  testing::TempDir dir;
  auto db = OpenSqlite(dir.path() / "m.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)", {})
                  .ok());
  absl::Status ready = (*db)->CheckReady();
  EXPECT_EQ(ready.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(ready.message()).find("version 999"), std::string::npos) << ready;
}

}  // namespace
}  // namespace icopilot::store
