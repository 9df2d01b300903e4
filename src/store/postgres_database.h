// The server backend: PostgreSQL through libpq, for installs that outgrow one machine or
// run several instances. A pool of connections; write transactions SERIALIZABLE and run
// again after a serialization failure or a dropped connection; a statement timeout; TLS
// when the URL asks for it (`sslmode=require`, `verify-full`: libpq's own parameters).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

struct PostgresOptions {
  // A libpq connection URI (postgres://user@host:port/db?sslmode=require) or key=value
  // string. A password is best left out of it: libpq also reads PGPASSWORD and ~/.pgpass.
  std::string url;
  int pool_size = 8;
  int statement_timeout_ms = 30000;
  int connect_timeout_s = 10;
  // Tries of one transaction (or one statement outside any) before its error is returned.
  int max_attempts = 8;
  QueryObserver observer;  // optional
  // Off for a look that must not change the database (`icopilot db check`).
  bool apply_migrations = true;
};

// Connects the pool and applies every pending migration (unless told not to), holding the
// migration lock so instances started together apply each once.
absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options);

}  // namespace icopilot::store
