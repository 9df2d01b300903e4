// Numbered schema migrations compiled into the binary; applied in order at start.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "store/database.h"

namespace icopilot::store {

// One schema statement. Most are SQL both engines take; where they differ, the two forms
// are written side by side so the difference is explicit ("" where an engine needs none).
struct Statement {
  Statement(const char* both) : sqlite(both), postgres(both) {}  // NOLINT: the common case
  Statement(const char* sqlite_form, const char* postgres_form)
      : sqlite(sqlite_form), postgres(postgres_form) {}
  std::string_view For(Dialect dialect) const {
    return dialect == Dialect::kPostgres ? postgres : sqlite;
  }
  std::string_view sqlite;
  std::string_view postgres;
};

// Expand-then-contract (docs/deploy.md): most migrations only add, and a binary that knows
// fewer migrations keeps working on the database, so instances are replaced one by one. A
// migration that removes what older binaries use says which binaries it leaves behind.
struct Migration {
  int version;
  std::string_view name;
  std::vector<Statement> statements;
  // The newest migration a binary must know to use the database once this one is applied:
  // 0 when it only adds; else the version from which the code stopped using what it drops.
  // Only from migration 18 on (it adds the column the value is kept in).
  int oldest_reader = 0;
};

const std::vector<Migration>& AllMigrations();

// Applies every migration newer than the recorded version. Run inside a transaction; on
// PostgreSQL one holding the migration lock (kMigrationLock), so instances started together
// apply each migration once.
absl::Status ApplyMigrations(SqlExecutor& db);

// The advisory lock key PostgreSQL instances take while migrating ("icopilot" in ASCII).
inline constexpr std::int64_t kMigrationLock = 0x69636f70696c6f74;

// FailedPrecondition when the database lacks a migration this binary knows, or a newer
// binary applied one that leaves this binary behind (see Migration::oldest_reader). A newer
// binary's expanding migrations are fine: both versions serve side by side.
absl::Status CheckMigrationsApplied(SqlExecutor& db);

}  // namespace icopilot::store
