// Numbered schema migrations compiled into the binary; applied in order at start.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "store/database.h"

namespace icopilot::store {

struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string_view> statements;  // dialect-neutral SQL
};

const std::vector<Migration>& AllMigrations();

// Applies every migration newer than the recorded version. Run inside a transaction.
absl::Status ApplyMigrations(SqlExecutor& db);

// FailedPrecondition when the database lacks a migration this binary knows, or has one it
// does not (a newer binary wrote it).
absl::Status CheckMigrationsApplied(SqlExecutor& db);

}  // namespace icopilot::store
