#include "store/database_url.h"

#include "core/strings.h"
#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace icopilot::store {
namespace {

bool IsPostgres(std::string_view url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

// Replaces the value after each `password=` up to the next separator.
std::string RedactPasswordParameters(std::string text, std::string_view separators) {
  std::size_t at = 0;
  while ((at = text.find("password=", at)) != std::string::npos) {
    const bool starts_word = at == 0 || separators.find(text[at - 1]) != std::string::npos;
    at += 9;
    if (!starts_word) continue;
    const std::size_t end = text.find_first_of(separators, at);
    text.replace(at, (end == std::string::npos ? text.size() : end) - at, "***");
  }
  return text;
}

}  // namespace

absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(std::string_view url,
                                             const std::filesystem::path& default_sqlite) {
  DatabaseUrl parsed;
  if (url.empty()) {
    parsed.sqlite_path = default_sqlite;
    return parsed;
  }
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) {
      return absl::InvalidArgumentError(
          "sqlite: needs a file path (sqlite:./var/icopilot.db)");
    }
    parsed.sqlite_path = std::string(path);
    return parsed;
  }
  if (IsPostgres(url)) {
    parsed.engine = Dialect::kPostgres;
    parsed.postgres = std::string(url);
    return parsed;
  }
  return absl::InvalidArgumentError(
      StrCat("'", RedactDatabaseUrl(url),
             "' is not a database URL; use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE"));
}

std::string RedactDatabaseUrl(std::string_view url) {
  std::string text(url);
  if (IsPostgres(text)) {
    // postgres://user:password@host/...: the password is between the first ':' after the
    // scheme and the last '@' before the path.
    const std::size_t authority = text.find("://") + 3;
    const std::size_t path = text.find_first_of("/?", authority);
    const std::size_t at = text.rfind('@', path == std::string::npos ? text.size() : path);
    if (at != std::string::npos && at >= authority) {
      const std::size_t colon = text.find(':', authority);
      if (colon < at) text.replace(colon + 1, at - colon - 1, "***");
    }
    return RedactPasswordParameters(std::move(text), "?&");
  }
  return RedactPasswordParameters(std::move(text), " \t");
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const DatabaseUrl& url,
                                                       QueryObserver observer,
                                                       bool apply_migrations) {
  if (url.engine == Dialect::kPostgres) {
    PostgresOptions options;
    options.url = url.postgres;
    options.observer = std::move(observer);
    options.apply_migrations = apply_migrations;
    return OpenPostgres(options);
  }
  SqliteOptions options;
  options.path = url.sqlite_path;
  options.observer = std::move(observer);
  options.apply_migrations = apply_migrations;
  return OpenSqlite(options);
}

}  // namespace icopilot::store
