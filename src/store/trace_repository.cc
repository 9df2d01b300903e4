#include "store/trace_repository.h"

#include <compare>
#include <map>
#include <optional>

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kTraceColumns =
    "t.id, t.org_id, t.project_id, t.environment_id, t.partner_org_id, t.source, "
    "t.operation_id, t.method, t.status, t.violation_count, t.violation_keywords, t.created_at, "
    "t.received_at, t.record";

TraceRecord ReadTrace(const Row& row) {
  return {row.Text(0),  row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5),  row.Text(6), row.Text(7), row.Int(8),  row.Int(9),
          row.Text(10), row.Int(11), row.Int(12), row.Text(13)};
}

TraceSecretRecord ReadSecret(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.OptionalInt(4)};
}

// Traces `scope` may read, on alias `t`: partners only their own org's.
std::string VisibleTraces(const Scope& scope, std::vector<SqlValue>& params) {
  std::string clause = VisibleProjects(scope, "t.project_id", params);
  if (scope.is_partner()) {
    clause += " AND t.partner_org_id = ?";
    params.emplace_back(scope.org_id);
  }
  return clause;
}

constexpr std::int64_t kDayMs = 86'400'000;

// One row of trace_daily, summed over a batch before it is written: a batch of a
// thousand traces touches a handful of (partner, operation, day) rows.
struct DailyKey {
  std::string project_id, partner_org_id, operation_id;
  std::int64_t day;
  auto operator<=>(const DailyKey&) const = default;
};
struct DailySums {
  std::int64_t calls = 0, errors = 0, with_violations = 0;
  std::int64_t first_at = 0;
  std::optional<std::int64_t> first_success_at;
};

absl::Status AddToDaily(SqlExecutor& db, const std::vector<TraceRecord>& traces) {
  std::map<DailyKey, DailySums> sums;
  for (const TraceRecord& t : traces) {
    DailySums& sum = sums[{t.project_id, t.partner_org_id, t.operation_id, t.created_at / kDayMs}];
    if (sum.calls == 0 || t.created_at < sum.first_at) sum.first_at = t.created_at;
    ++sum.calls;
    if (t.status >= 400 || t.status == 0) ++sum.errors;
    if (t.violation_count > 0) ++sum.with_violations;
    if (t.status >= 200 && t.status < 300 &&
        (!sum.first_success_at || t.created_at < *sum.first_success_at))
      sum.first_success_at = t.created_at;
  }
  // CASE rather than the two-argument MIN: SQLite and PostgreSQL read it alike.
  for (const auto& [key, sum] : sums) {
    RETURN_IF_ERROR(
        db.Execute("INSERT INTO trace_daily (project_id, partner_org_id, operation_id, day, calls, "
                   "errors, with_violations, first_at, first_success_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (project_id, partner_org_id, operation_id, day) DO UPDATE SET "
                   "calls = trace_daily.calls + excluded.calls, "
                   "errors = trace_daily.errors + excluded.errors, "
                   "with_violations = trace_daily.with_violations + excluded.with_violations, "
                   "first_at = CASE WHEN excluded.first_at < trace_daily.first_at "
                   "THEN excluded.first_at ELSE trace_daily.first_at END, "
                   "first_success_at = CASE WHEN trace_daily.first_success_at IS NULL OR "
                   "excluded.first_success_at < trace_daily.first_success_at "
                   "THEN excluded.first_success_at ELSE trace_daily.first_success_at END",
                   {key.project_id, key.partner_org_id, key.operation_id, key.day, sum.calls,
                    sum.errors, sum.with_violations, sum.first_at,
                    sum.first_success_at ? SqlValue(*sum.first_success_at) : SqlValue(nullptr)})
            .status());
  }
  return absl::OkStatus();
}

absl::Status InsertAll(SqlExecutor& db, std::vector<TraceRecord>& traces) {
  RETURN_IF_ERROR(AddToDaily(db, traces));
  for (TraceRecord& t : traces) {
    if (t.id.empty()) t.id = NewTimeOrderedId("trc", t.received_at);
    RETURN_IF_ERROR(
        db.Execute("INSERT INTO traces (id, org_id, project_id, environment_id, partner_org_id, "
                   "source, operation_id, method, status, violation_count, violation_keywords, "
                   "created_at, received_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?)",
                   {t.id, t.org_id, t.project_id, t.environment_id, t.partner_org_id, t.source,
                    t.operation_id, t.method, t.status, t.violation_count, t.violation_keywords,
                    t.created_at, t.received_at, t.record})
            .status());
  }
  return absl::OkStatus();
}

// NotFound unless the environment belongs to the project and the scope owns the project.
absl::Status RequireOwnedEnvironment(SqlExecutor& db, const Scope& scope,
                                     std::string_view project_id, std::string_view environment_id) {
  RETURN_IF_ERROR(RequireOwnedProject(db, scope, project_id));
  ASSIGN_OR_RETURN(auto rows, db.Query("SELECT 1 FROM environments WHERE id = ? AND project_id = ?",
                                       {std::string(environment_id), std::string(project_id)}));
  if (rows.empty()) return absl::NotFoundError("environment not found");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Page<TraceRecord>> TraceRepository::ListTraces(const Scope& scope,
                                                              std::string_view project_id,
                                                              const TraceFilter& filter,
                                                              const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kTraceColumns, " FROM traces t WHERE ",
                           VisibleTraces(scope, params), " AND t.project_id = ?");
  params.emplace_back(std::string(project_id));
  auto equal = [&](std::string_view column, const std::string& value) {
    if (value.empty()) return;
    sql += StrCat(" AND t.", column, " = ?");
    params.emplace_back(value);
  };
  equal("environment_id", filter.environment_id);
  equal("partner_org_id", filter.partner_org_id);
  equal("operation_id", filter.operation_id);
  if (filter.status) {
    sql += " AND t.status = ?";
    params.emplace_back(*filter.status);
  }
  if (filter.violation == "any") {
    sql += " AND t.violation_count > 0";
  } else if (filter.violation == "none") {
    sql += " AND t.violation_count = 0";
  } else if (!filter.violation.empty()) {
    sql += " AND t.violation_keywords LIKE ?";
    params.emplace_back(StrCat("%,", filter.violation, ",%"));
  }
  if (filter.from) {
    sql += " AND t.created_at >= ?";
    params.emplace_back(*filter.from);
  }
  if (filter.to) {
    sql += " AND t.created_at < ?";
    params.emplace_back(*filter.to);
  }
  AppendPageClause(page, "t", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<TraceRecord>(rows, page, ReadTrace);
}

absl::StatusOr<TraceRecord> TraceRepository::GetTrace(const Scope& scope,
                                                      std::string_view project_id,
                                                      std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kTraceColumns, " FROM traces t WHERE ",
                           VisibleTraces(scope, params), " AND t.project_id = ? AND t.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("trace not found");
  return ReadTrace(rows.front());
}

absl::StatusOr<std::vector<TracePartnerFirsts>> TraceRepository::PartnerFirsts(
    const Scope& scope, std::string_view project_id) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat(
      "SELECT t.partner_org_id, MIN(t.first_at), MIN(t.first_success_at), SUM(t.calls) "
      "FROM trace_daily t WHERE ",
      VisibleTraces(scope, params),
      " AND t.project_id = ? GROUP BY t.partner_org_id ORDER BY t.partner_org_id");
  params.emplace_back(std::string(project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<TracePartnerFirsts> out;
  for (const Row& row : rows)
    out.push_back({row.Text(0), row.Int(1), row.OptionalInt(2), row.Int(3)});
  return out;
}

absl::StatusOr<std::vector<TraceDailyCount>> TraceRepository::DailyCounts(
    const Scope& scope, std::string_view project_id, std::int64_t from, std::int64_t to) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat(
      "SELECT t.partner_org_id, t.operation_id, t.day, t.calls, t.errors, t.with_violations "
      "FROM trace_daily t WHERE ",
      VisibleTraces(scope, params),
      " AND t.project_id = ? AND t.day >= ? AND t.day <= ? "
      "ORDER BY t.day, t.partner_org_id, t.operation_id LIMIT 10000");
  params.emplace_back(std::string(project_id));
  params.emplace_back(from / kDayMs);
  params.emplace_back((to - 1) / kDayMs);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<TraceDailyCount> out;
  for (const Row& row : rows)
    out.push_back({row.Text(0), row.Text(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5)});
  return out;
}

absl::StatusOr<std::string> TraceRepository::GetSettings(const Scope& scope,
                                                         std::string_view project_id) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT settings FROM trace_settings WHERE project_id = ?",
                                        {std::string(project_id)}));
  return rows.empty() ? std::string("{}") : rows.front().Text(0);
}

absl::Status TraceRepository::SetSettings(const Scope& scope, std::string_view project_id,
                                          const std::string& settings, std::int64_t now) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("UPDATE trace_settings SET settings = ?, updated_at = ? "
                               "WHERE project_id = ?",
                               {settings, now, std::string(project_id)}));
  if (changed > 0) return absl::OkStatus();
  return db_
      .Execute(
          "INSERT INTO trace_settings (project_id, settings, updated_at) "
          "VALUES (?, ?, ?)",
          {std::string(project_id), settings, now})
      .status();
}

absl::StatusOr<TraceSecretRecord> TraceRepository::RotateSecret(
    const Scope& scope, std::string_view project_id, std::string_view environment_id,
    const std::string& sealed, std::int64_t now, std::int64_t grace_ms) {
  RETURN_IF_ERROR(RequireOwnedEnvironment(db_, scope, project_id, environment_id));
  RETURN_IF_ERROR(db_.Execute("UPDATE trace_secrets SET expires_at = ? WHERE environment_id = ? "
                              "AND (expires_at IS NULL OR expires_at > ?)",
                              {now + grace_ms, std::string(environment_id), now + grace_ms})
                      .status());
  TraceSecretRecord secret{NewId("tsk"), std::string(environment_id), sealed, now, std::nullopt};
  RETURN_IF_ERROR(db_.Execute("INSERT INTO trace_secrets (id, environment_id, secret_sealed, "
                              "created_at, expires_at) VALUES (?, ?, ?, ?, NULL)",
                              {secret.id, secret.environment_id, sealed, now})
                      .status());
  return secret;
}

absl::StatusOr<std::vector<TraceSecretRecord>> TraceRepository::ListSecrets(
    const Scope& scope, std::string_view project_id, std::string_view environment_id) {
  RETURN_IF_ERROR(RequireOwnedEnvironment(db_, scope, project_id, environment_id));
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT id, environment_id, secret_sealed, created_at, expires_at "
                             "FROM trace_secrets WHERE environment_id = ? "
                             "ORDER BY created_at DESC, id DESC",
                             {std::string(environment_id)}));
  std::vector<TraceSecretRecord> out;
  for (const Row& row : rows) out.push_back(ReadSecret(row));
  return out;
}

absl::StatusOr<TraceRepository::IngestTarget> TraceRepository::GetIngestTarget(
    std::string_view environment_id, std::int64_t now) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT e.org_id, e.project_id, "
                                        "COALESCE((SELECT settings FROM trace_settings s "
                                        "WHERE s.project_id = e.project_id), '{}'), e.base_url "
                                        "FROM environments e WHERE e.id = ?",
                                        {std::string(environment_id)}));
  if (rows.empty()) return absl::NotFoundError("unknown environment");
  IngestTarget target;
  target.org_id = rows.front().Text(0);
  target.project_id = rows.front().Text(1);
  target.settings = rows.front().Text(2);
  target.base_url = rows.front().Text(3);
  ASSIGN_OR_RETURN(auto secrets,
                   db_.Query("SELECT secret_sealed FROM trace_secrets WHERE environment_id = ? "
                             "AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC",
                             {std::string(environment_id), now}));
  for (const Row& row : secrets) target.secrets_sealed.push_back(row.Text(0));
  ASSIGN_OR_RETURN(auto partners,
                   db_.Query("SELECT partner_org_id FROM project_partners WHERE project_id = ?",
                             {target.project_id}));
  for (const Row& row : partners) target.partner_org_ids.push_back(row.Text(0));
  ASSIGN_OR_RETURN(auto specs, db_.Query("SELECT id FROM spec_versions WHERE project_id = ? "
                                         "ORDER BY created_at DESC, id DESC LIMIT 1",
                                         {target.project_id}));
  if (!specs.empty()) target.spec_version_id = specs.front().Text(0);
  return target;
}

absl::StatusOr<std::pair<std::string, std::string>> TraceRepository::SpecDocument(
    std::string_view spec_version_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT label, document FROM spec_versions WHERE id = ?",
                                        {std::string(spec_version_id)}));
  if (rows.empty()) return absl::NotFoundError("spec version not found");
  return std::make_pair(rows.front().Text(0), rows.front().Text(1));
}

absl::Status TraceRepository::StoreSigned(Database& db, std::string_view environment_id,
                                          std::string_view signature, std::int64_t expires_at,
                                          std::vector<TraceRecord>& traces) {
  return db.InTransaction([&](SqlExecutor& tx) -> absl::Status {
    if (!signature.empty()) {
      auto marked = tx.Execute(
          "INSERT INTO trace_signatures (environment_id, signature, expires_at) VALUES (?, ?, ?)",
          {std::string(environment_id), std::string(signature), expires_at});
      if (absl::IsAlreadyExists(marked.status()))
        return absl::AlreadyExistsError("replayed request: this signature was already used");
      RETURN_IF_ERROR(marked.status());
    }
    return InsertAll(tx, traces);
  });
}

absl::Status TraceRepository::InsertTraces(std::vector<TraceRecord>& traces) {
  return InsertAll(db_, traces);
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
TraceRepository::ProjectSettings() {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT p.id, COALESCE(s.settings, '{}') FROM projects p "
                             "LEFT JOIN trace_settings s ON s.project_id = p.id ORDER BY p.id",
                             {}));
  std::vector<std::pair<std::string, std::string>> out;
  for (const Row& row : rows) out.emplace_back(row.Text(0), row.Text(1));
  return out;
}

absl::StatusOr<std::int64_t> TraceRepository::DeleteTracesBefore(std::string_view project_id,
                                                                 std::int64_t cutoff) {
  return db_.Execute("DELETE FROM traces WHERE project_id = ? AND created_at < ?",
                     {std::string(project_id), cutoff});
}

absl::StatusOr<std::int64_t> TraceRepository::KeepNewestTraces(std::string_view project_id,
                                                               std::int64_t count) {
  // The newest `count` stay: the start time of the first one past them is the cut.
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT created_at, id FROM traces WHERE project_id = ? "
                                        "ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?",
                                        {std::string(project_id), count}));
  if (rows.empty()) return 0;
  return db_.Execute(
      "DELETE FROM traces WHERE project_id = ? AND (created_at < ? OR (created_at = ? AND id <= "
      "?))",
      {std::string(project_id), rows.front().Int(0), rows.front().Int(0), rows.front().Text(1)});
}

absl::Status TraceRepository::PurgeReplayMarks(std::int64_t now) {
  return db_.Execute("DELETE FROM trace_signatures WHERE expires_at < ?", {now}).status();
}

absl::StatusOr<std::int64_t> TraceRepository::ViolationsSince(std::string_view project_id,
                                                              std::int64_t since) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT COALESCE(SUM(violation_count), 0) FROM traces "
                                        "WHERE project_id = ? AND created_at >= ?",
                                        {std::string(project_id), since}));
  return rows.empty() ? 0 : rows[0].Int(0);
}

}  // namespace icopilot::store
