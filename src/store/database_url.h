// Which database a URL names, how to open it, and how to print it without its password.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

struct DatabaseUrl {
  Dialect engine = Dialect::kSqlite;
  std::filesystem::path sqlite_path;  // kSqlite
  std::string postgres;               // kPostgres: handed to libpq as written
};

// "" (the default file), "sqlite:PATH", or a PostgreSQL URI (postgres://, postgresql://).
// InvalidArgument saying what is accepted for anything else.
absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(std::string_view url,
                                             const std::filesystem::path& default_sqlite);

// The URL with any password replaced by "***" (in the URI's user part and in a
// `password=` query or key=value parameter), for messages and logs.
std::string RedactDatabaseUrl(std::string_view url);

// Opens and migrates the database `url` names (only opens it with apply_migrations false).
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const DatabaseUrl& url,
                                                       QueryObserver observer = nullptr,
                                                       bool apply_migrations = true);

}  // namespace icopilot::store
