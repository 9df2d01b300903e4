// The storage seam: SQL with bound parameters over SQLite (embedded) or PostgreSQL.
// Statements use `?` placeholders and SQL both engines take; the PostgreSQL backend numbers
// the placeholders (`$n`). Where the engines differ (full-text search, triggers) the
// statement asks `dialect()`. Nothing above the store builds SQL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace icopilot::store {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

enum class Dialect { kSqlite, kPostgres };

class Row {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}
  bool IsNull(std::size_t column) const;
  // Empty string / 0 for NULL.
  std::string Text(std::size_t column) const;
  std::int64_t Int(std::size_t column) const;
  std::optional<std::int64_t> OptionalInt(std::size_t column) const;

 private:
  std::vector<SqlValue> values_;
};

// Runs statements. Thread-safe for Database; a transaction's executor belongs to the one
// thread running the transaction.
class SqlExecutor {
 public:
  virtual ~SqlExecutor() = default;
  virtual absl::StatusOr<std::vector<Row>> Query(std::string_view sql,
                                                 const std::vector<SqlValue>& params) = 0;
  // Returns the number of rows changed. A UNIQUE violation is AlreadyExists.
  virtual absl::StatusOr<std::int64_t> Execute(std::string_view sql,
                                               const std::vector<SqlValue>& params) = 0;
  virtual Dialect dialect() const = 0;
};

class Database : public SqlExecutor {
 public:
  // Runs `body` in one write transaction; commits when it returns OK, rolls back otherwise.
  // Transactions behave as if run one after another: SQLite takes its single write lock,
  // PostgreSQL runs them SERIALIZABLE and runs `body` again after a serialization failure
  // (so `body` must only set what it returns, never append to something outside).
  virtual absl::Status InTransaction(const std::function<absl::Status(SqlExecutor&)>& body) = 0;
  // OK when the database answers and every migration is applied.
  virtual absl::Status CheckReady() = 0;
  // Tells the other instances on this database of a change this one made and acted on
  // already ("mock.updated:ID"): handed to each Listen callback of every other instance
  // within about a second. PostgreSQL: NOTIFY on a channel of the schema's; SQLite, one
  // instance only: nobody to tell.
  virtual absl::Status Publish(std::string_view change) = 0;
  // Registers `on_change`, run on a thread of the store's (one at a time) for the changes
  // other instances publish. "*" means changes may have been missed (the listening
  // connection was lost and is back): drop every cache. Returns an id for Unlisten.
  virtual int Listen(std::function<void(std::string_view change)> on_change) = 0;
  // Removes a callback; once it returns, the callback is not running and will not run.
  virtual void Unlisten(int id) = 0;
  // A consistent copy to `destination` while others keep reading and writing. PostgreSQL
  // answers Unimplemented: its own tools (pg_dump, base backups) do this (docs/deploy.md).
  virtual absl::Status Backup(const std::filesystem::path& destination) = 0;
};

// Called with each statement's kind ("read", "write") and duration, for /metrics.
using QueryObserver = std::function<void(std::string_view kind, double seconds)>;

}  // namespace icopilot::store
