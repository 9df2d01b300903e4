#include "store/postgres_database.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <libpq-fe.h>
#include <poll.h>

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/stoppable_sleep.h"
#include "core/strings.h"
#include "store/change_listeners.h"
#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/postgres_sql.h"

namespace icopilot::store {
namespace {

// Type ids from PostgreSQL's pg_type catalogue (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kNumericOid = 1700;

// What a failure with no SQLSTATE of its own (the connection went away) is reported as.
constexpr std::string_view kConnectionLost = "08006";

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Serialization failures and deadlocks: the transaction did nothing wrong and succeeds
// when run again.
bool IsSerializationFailure(std::string_view state) { return state == "40001" || state == "40P01"; }

// One mapping from SQLSTATE to status for every statement, matching SQLite's: a unique
// violation is AlreadyExists, another constraint FailedPrecondition, "try again" Unavailable.
absl::Status StatusOf(std::string_view state, std::string message) {
  if (state == "23505") return absl::AlreadyExistsError(std::move(message));
  if (state.starts_with("23")) return absl::FailedPreconditionError(std::move(message));
  // Data exceptions: a value PostgreSQL cannot hold (a NUL character in text, a number out
  // of range) is the request's fault, as SQLite would not have noticed.
  if (state.starts_with("22")) return absl::InvalidArgumentError(std::move(message));
  if (state == "57014") {
    return absl::DeadlineExceededError(StrCat("statement timeout: ", message));
  }
  if (IsSerializationFailure(state) || state.starts_with("08") || state == "55P03" ||
      state == "57P01" || state == "57P03" || state == "53300") {
    return absl::UnavailableError(std::move(message));
  }
  return absl::InternalError(std::move(message));
}

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

SqlValue ValueOf(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return nullptr;
  const char* text = PQgetvalue(result, row, column);
  const auto length = static_cast<std::size_t>(PQgetlength(result, row, column));
  switch (PQftype(result, column)) {
    case kBoolOid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case kNumericOid:
      // SUM over BIGINT is NUMERIC: a whole number reads as one, as SQLite gives it.
      if (std::string_view(text, length).find_first_of(".eEN") == std::string_view::npos) {
        return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
      }
      return std::string(text, length);
    default:
      return std::string(text, length);
  }
}

// One connection. Not thread-safe: the pool hands it to one thread at a time.
class Connection final : public SqlExecutor {
 public:
  explicit Connection(const PostgresOptions& options) : options_(options) {}
  ~Connection() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects, or connects again after the server or the network dropped the connection.
  absl::Status Connect() {
    if (conn_ != nullptr) PQfinish(conn_);
    const std::string timeout = std::to_string(options_.connect_timeout_s);
    // The URL comes last so that what it says wins over these defaults.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {timeout.c_str(), "icopilot", options_.url.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (conn_ == nullptr) return absl::ResourceExhaustedError("libpq could not allocate");
    if (PQstatus(conn_) != CONNECTION_OK) {
      return absl::UnavailableError(
          StrCat("connecting to PostgreSQL: ", Trimmed(PQerrorMessage(conn_))));
    }
    // Notices ("relation already exists, skipping") are not errors and not for stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    return Exec(StrCat("SET statement_timeout = ", options_.statement_timeout_ms));
  }

  bool broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

  // True when a statement since the last Forget failed in a way that running the
  // transaction again can mend.
  bool retryable() const { return retryable_; }
  void Forget() {
    retryable_ = false;
    first_failure_.clear();
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  absl::StatusOr<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<SqlValue>& params) override {
    std::vector<Row> rows;
    RETURN_IF_ERROR(Run(sql, params, &rows, nullptr, "read"));
    return rows;
  }

  absl::StatusOr<std::int64_t> Execute(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    std::int64_t changed = 0;
    RETURN_IF_ERROR(Run(sql, params, nullptr, &changed, "write"));
    return changed;
  }

  // A statement without parameters or rows (BEGIN, COMMIT, SET).
  absl::Status Exec(const std::string& sql) { return Run(sql, {}, nullptr, nullptr, "write"); }

  absl::Status Listen(const std::string& channel) {
    char* quoted = PQescapeIdentifier(conn_, channel.c_str(), channel.size());
    if (quoted == nullptr) return absl::InvalidArgumentError(Trimmed(PQerrorMessage(conn_)));
    const std::string sql = StrCat("LISTEN ", quoted);
    PQfreemem(quoted);
    return Exec(sql);
  }

  // Hands each notification's payload to `on_change` until `stop`, or until the connection
  // is lost. The socket is polled a few times a second so that a stop is seen soon.
  template <typename OnChange>
  void Wait(std::stop_token stop, const OnChange& on_change) {
    while (!stop.stop_requested()) {
      pollfd socket{PQsocket(conn_), POLLIN, 0};
      const int ready = ::poll(&socket, 1, 250);
      if (ready < 0 && errno != EINTR) return;
      if (ready > 0 && PQconsumeInput(conn_) == 0) return;
      while (PGnotify* notice = PQnotifies(conn_)) {
        on_change(std::string_view(notice->extra));
        PQfreemem(notice);
      }
      if (broken()) return;
    }
  }

 private:
  absl::Status Run(std::string_view sql, const std::vector<SqlValue>& params,
                   std::vector<Row>* rows, std::int64_t* changed, std::string_view kind) {
    const auto started = std::chrono::steady_clock::now();
    if (broken()) return Fail(kConnectionLost, "the connection to PostgreSQL is closed");
    const std::string numbered = NumberPlaceholders(sql);
    // Numbers are sent as BIGINT; text and NULL leave their type to the statement, as
    // SQLite's untyped parameters do.
    std::vector<std::string> numbers(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<Oid> types(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* text = std::get_if<std::string>(&params[i])) {
        // libpq reads text up to its first NUL: refuse rather than store it cut short.
        if (text->find('\0') != std::string::npos) {
          return absl::InvalidArgumentError(
              "text holds a NUL character (0x00), which PostgreSQL cannot store");
        }
        values[i] = text->c_str();
      } else if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
        numbers[i] = std::to_string(*number);
        values[i] = numbers[i].c_str();
        types[i] = kInt8Oid;
      }
    }
    Result result(PQexecParams(conn_, numbered.c_str(), static_cast<int>(params.size()),
                               types.data(), values.data(), nullptr, nullptr, 0));
    if (options_.observer) {
      options_.observer(
          kind, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    if (result == nullptr) return Fail(kConnectionLost, Trimmed(PQerrorMessage(conn_)));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (changed != nullptr) *changed = std::strtoll(PQcmdTuples(result.get()), nullptr, 10);
      if (rows != nullptr) {
        const int count = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        rows->reserve(static_cast<std::size_t>(count));
        for (int r = 0; r < count; ++r) {
          std::vector<SqlValue> row;
          row.reserve(static_cast<std::size_t>(columns));
          for (int c = 0; c < columns; ++c) row.push_back(ValueOf(result.get(), r, c));
          rows->emplace_back(std::move(row));
        }
      }
      return absl::OkStatus();
    }
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    return Fail(state != nullptr ? state : kConnectionLost,
                Trimmed(PQresultErrorMessage(result.get())));
  }

  absl::Status Fail(std::string_view state, std::string message) {
    if (IsSerializationFailure(state) || state.starts_with("08") || broken()) retryable_ = true;
    // PostgreSQL refuses every statement after a failed one until the transaction ends
    // (SQLite goes on); name the failure that started it rather than the refusal.
    if (state == "25P02" && !first_failure_.empty()) {
      message = StrCat(message, " (after: ", first_failure_, ")");
    } else if (first_failure_.empty()) {
      first_failure_ = message;
    }
    return StatusOf(state, std::move(message));
  }

  const PostgresOptions& options_;
  PGconn* conn_ = nullptr;
  bool retryable_ = false;
  std::string first_failure_;
};

// Waits a little longer on each try, with jitter, so that two transactions that collided
// do not collide again.
void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int ceiling_ms = std::min(1 << std::min(attempt, 7), 100);
  std::uniform_int_distribution<int> spread(ceiling_ms / 2, ceiling_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(spread(random)));
}

// A connection of its own that LISTENs on the install's channel, on a thread that waits on
// its socket. When the connection is lost it connects again and reports "*": what was
// published meanwhile was missed. A payload is "ORIGIN CHANGE"; this instance's own changes
// (its origin) are not reported: it made them already.
class Listener {
 public:
  Listener(const PostgresOptions& options, std::string channel, std::string origin,
           ChangeListeners& listeners)
      : options_(options),
        channel_(std::move(channel)),
        origin_(std::move(origin)),
        listeners_(listeners) {}

  void Start() {
    std::call_once(
        started_, [this] { thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); }); });
  }

 private:
  void Loop(std::stop_token stop) {
    bool first = true;
    while (!stop.stop_requested()) {
      Connection connection(options_);
      if (connection.Connect().ok() && connection.Listen(channel_).ok()) {
        if (!first) listeners_.Call("*");
        first = false;
        connection.Wait(stop, [this](std::string_view payload) {
          const std::size_t space = payload.find(' ');
          if (space == std::string_view::npos || payload.substr(0, space) == origin_) return;
          listeners_.Call(payload.substr(space + 1));
        });
      }
      // Lost, or never reached: try again in a second.
      SleepUnlessStopped(stop, std::chrono::seconds(1));
    }
  }

  const PostgresOptions& options_;
  const std::string channel_;
  const std::string origin_;
  ChangeListeners& listeners_;
  std::once_flag started_;
  std::jthread thread_;  // last: stopped and joined before the rest goes
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PostgresOptions options) : options_(std::move(options)) {}

  absl::Status Open() {
    for (int i = 0; i < std::max(1, options_.pool_size); ++i) {
      auto connection = std::make_unique<Connection>(options_);
      RETURN_IF_ERROR(connection->Connect());
      pool_.Add(std::move(connection));
    }
    RETURN_IF_ERROR(options_.apply_migrations ? Migrate() : absl::OkStatus());
    // One channel per install: the schema names it (installs may share a database).
    ASSIGN_OR_RETURN(auto schema, Query("SELECT current_schema()", {}));
    channel_ = StrCat("icopilot_", schema.empty() ? "" : schema[0].Text(0).substr(0, 50));
    listener_ = std::make_unique<Listener>(options_, channel_, origin_, listeners_);
    return absl::OkStatus();
  }

  absl::Status Publish(std::string_view change) override {
    return Query("SELECT pg_notify(?, ?)", {channel_, StrCat(origin_, " ", change)}).status();
  }
  int Listen(std::function<void(std::string_view)> on_change) override {
    const int id = listeners_.Add(std::move(on_change));
    listener_->Start();
    return id;
  }
  void Unlisten(int id) override { listeners_.Remove(id); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  absl::StatusOr<std::vector<Row>> Query(std::string_view sql,
                                         const std::vector<SqlValue>& params) override {
    Lease lease(pool_);
    return Once(*lease, [&] { return lease->Query(sql, params); });
  }

  absl::StatusOr<std::int64_t> Execute(std::string_view sql,
                                       const std::vector<SqlValue>& params) override {
    Lease lease(pool_);
    return Once(*lease, [&] { return lease->Execute(sql, params); });
  }

  absl::Status InTransaction(const std::function<absl::Status(SqlExecutor&)>& body) override {
    Lease lease(pool_);
    absl::Status status;
    for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
      if (attempt > 0) Backoff(attempt);
      if (lease->broken()) {
        status = lease->Connect();
        if (!status.ok()) continue;
      }
      lease->Forget();
      status = lease->Exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
      if (status.ok()) status = body(*lease);
      if (status.ok()) status = lease->Exec("COMMIT");
      if (status.ok()) return status;
      if (!lease->broken()) (void)lease->Exec("ROLLBACK");
      if (!lease->retryable()) return status;
    }
    return status;
  }

  absl::Status CheckReady() override {
    Lease lease(pool_);
    return Once(*lease, [&] { return CheckMigrationsApplied(*lease); });
  }

  absl::Status Backup(const std::filesystem::path&) override {
    return absl::UnimplementedError(
        "a PostgreSQL database is backed up with its own tools (pg_dump, or the server's base "
        "backups); see docs/deploy.md");
  }

 private:
  using Lease = ConnectionPool<Connection>::Lease;

  // A statement outside any transaction, run again once on a fresh connection if the old
  // one had been dropped (a server restart, a failover, an idle timeout on the way).
  template <typename Call>
  auto Once(Connection& connection, const Call& call) -> decltype(call()) {
    if (connection.broken()) RETURN_IF_ERROR(connection.Connect());
    connection.Forget();
    auto result = call();
    if (result.ok() || !connection.broken()) return result;
    RETURN_IF_ERROR(connection.Connect());
    return call();
  }

  // Under READ COMMITTED, not SERIALIZABLE: an instance that waited for the lock must see
  // what the one holding it applied. Without the statement timeout: waiting for another
  // instance's migrations, or rewriting a large table, may take longer than any request may.
  absl::Status Migrate() {
    Lease lease(pool_);
    RETURN_IF_ERROR(lease->Exec("BEGIN"));
    absl::Status status = lease->Exec("SET LOCAL statement_timeout = 0");
    if (status.ok()) {
      status =
          lease->Query("SELECT pg_advisory_xact_lock(?)", {std::int64_t{kMigrationLock}}).status();
    }
    if (status.ok()) status = ApplyMigrations(*lease);
    if (status.ok()) status = lease->Exec("COMMIT");
    if (!status.ok() && !lease->broken()) (void)lease->Exec("ROLLBACK");
    return status;
  }

  const PostgresOptions options_;
  ConnectionPool<Connection> pool_;
  std::string channel_;                    // set by Open
  const std::string origin_ = NewId("i");  // tells this instance's notifications apart
  ChangeListeners listeners_;
  std::unique_ptr<Listener> listener_;  // after listeners_: stopped before they go
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(options);
  RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace icopilot::store
