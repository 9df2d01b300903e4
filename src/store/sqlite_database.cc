#include "store/sqlite_database.h"

#include <chrono>
#include <vector>

#include <sqlite3.h>

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/connection_pool.h"
#include "store/migrations.h"

namespace icopilot::store {
namespace {

// The status for a result code: one mapping for every way a statement can fail (a busy
// database that waited out its timeout is "retry", not a fault).
absl::Status StatusOf(int code, std::string message) {
  const int primary = code & 0xff;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return absl::AlreadyExistsError(message);
  }
  if (primary == SQLITE_CONSTRAINT) return absl::FailedPreconditionError(message);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

absl::Status SqliteError(sqlite3* db, int code, std::string_view what) {
  return StatusOf(code,
                  StrCat(what, ": ", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

// One connection. Not thread-safe: the pool hands it to one thread at a time.
class Connection final : public SqlExecutor {
 public:
  explicit Connection(sqlite3* db, const QueryObserver& observer) : db_(db), observer_(observer) {}
  ~Connection() override { sqlite3_close_v2(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  absl::StatusOr<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<SqlValue>& params) override {
    std::vector<Row> rows;
    RETURN_IF_ERROR(Run(sql, params, &rows, "read"));
    return rows;
  }

  absl::StatusOr<std::int64_t> Execute(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    RETURN_IF_ERROR(Run(sql, params, nullptr, "write"));
    return sqlite3_changes64(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::Status Exec(const char* sql) {
    char* error = nullptr;
    int code = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (code == SQLITE_OK) return absl::OkStatus();
    std::string message = error != nullptr ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    return StatusOf(code, StrCat("sqlite: ", message));
  }

  sqlite3* handle() { return db_; }

 private:
  absl::Status Run(std::string_view sql, const std::vector<SqlValue>& params,
                   std::vector<Row>* rows, std::string_view kind) {
    auto started = std::chrono::steady_clock::now();
    sqlite3_stmt* raw = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    if (code != SQLITE_OK) return SqliteError(db_, code, "preparing statement");
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, &sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i + 1);
      const SqlValue& value = params[i];
      if (const auto* text = std::get_if<std::string>(&value)) {
        code = sqlite3_bind_text64(raw, index, text->data(), text->size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
      } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
        code = sqlite3_bind_int64(raw, index, *number);
      } else {
        code = sqlite3_bind_null(raw, index);
      }
      if (code != SQLITE_OK) return SqliteError(db_, code, "binding a parameter");
    }
    while ((code = sqlite3_step(raw)) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      int columns = sqlite3_column_count(raw);
      std::vector<SqlValue> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(raw, c)) {
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(raw, c)));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
            values.emplace_back(
                std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    if (observer_) {
      observer_(kind,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    if (code != SQLITE_DONE)
      return SqliteError(db_, sqlite3_extended_errcode(db_), "running statement");
    return absl::OkStatus();
  }

  sqlite3* db_;
  const QueryObserver& observer_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}

  absl::Status Open() {
    for (int i = 0; i < options_.pool_size; ++i) {
      sqlite3* db = nullptr;
      int code = sqlite3_open_v2(options_.path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
      auto connection = std::make_unique<Connection>(db, options_.observer);
      if (code != SQLITE_OK) {
        return SqliteError(db, code, StrCat("opening ", options_.path.string()));
      }
      sqlite3_busy_timeout(db, options_.busy_timeout_ms);
      RETURN_IF_ERROR(
          connection->Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                           "PRAGMA synchronous=NORMAL;"));
      pool_.Add(std::move(connection));
    }
    if (!options_.apply_migrations) return absl::OkStatus();
    return InTransaction([](SqlExecutor& tx) { return ApplyMigrations(tx); });
  }

  absl::StatusOr<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<SqlValue>& params) override {
    Lease lease(pool_);
    return lease->Query(sql, params);
  }

  absl::StatusOr<std::int64_t> Execute(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    Lease lease(pool_);
    return lease->Execute(sql, params);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::Status InTransaction(const std::function<absl::Status(SqlExecutor&)>& body) override {
    Lease lease(pool_);
    // IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading.
    RETURN_IF_ERROR(lease->Exec("BEGIN IMMEDIATE"));
    absl::Status status = body(*lease);
    if (status.ok()) status = lease->Exec("COMMIT");
    if (!status.ok()) (void)lease->Exec("ROLLBACK");
    return status;
  }

  // One instance: every change is this process's own, and made already. Nobody to tell.
  absl::Status Publish(std::string_view /*change*/) override { return absl::OkStatus(); }
  int Listen(std::function<void(std::string_view)> /*on_change*/) override { return 0; }
  void Unlisten(int /*id*/) override {}

  absl::Status CheckReady() override {
    Lease lease(pool_);
    return CheckMigrationsApplied(*lease);
  }

  absl::Status Backup(const std::filesystem::path& destination) override {
    Lease lease(pool_);
    sqlite3* target = nullptr;
    int code = sqlite3_open(destination.c_str(), &target);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> guard(target, &sqlite3_close_v2);
    if (code != SQLITE_OK)
      return SqliteError(target, code, StrCat("opening ", destination.string()));
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", lease->handle(), "main");
    if (backup == nullptr) return SqliteError(target, sqlite3_errcode(target), "starting backup");
    // Copy in steps so writers are blocked only briefly; a write between steps restarts
    // the copy, which is what keeps the result consistent.
    while ((code = sqlite3_backup_step(backup, 256)) == SQLITE_OK || code == SQLITE_BUSY ||
           code == SQLITE_LOCKED) {
      if (code != SQLITE_OK) sqlite3_sleep(20);
    }
    sqlite3_backup_finish(backup);
    if (code != SQLITE_DONE) return SqliteError(target, code, "copying the database");
    return absl::OkStatus();
  }

 private:
  using Lease = ConnectionPool<Connection>::Lease;

  const SqliteOptions options_;
  ConnectionPool<Connection> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
  auto db = std::make_unique<SqliteDatabase>(options);
  RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::filesystem::path& path) {
  SqliteOptions options;
  options.path = path;
  return OpenSqlite(options);
}

}  // namespace icopilot::store
