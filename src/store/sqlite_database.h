// The embedded backend: one SQLite file in WAL mode, foreign keys on, a busy timeout,
// and a small pool of connections so readers run beside the single writer.
#pragma once

#include <filesystem>
#include <memory>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

struct SqliteOptions {
  std::filesystem::path path;
  int pool_size = 6;
  int busy_timeout_ms = 5000;
  QueryObserver observer;  // optional
  // Off for a look that must not change the database (`icopilot db check`).
  bool apply_migrations = true;
};

// Opens (creating when absent) and applies every pending migration.
absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);
absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::filesystem::path& path);

}  // namespace icopilot::store
