#include "store/golden_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kEnvironmentColumns =
    "e.id, e.org_id, e.project_id, e.name, e.base_url, e.verify_tls, e.timeout_ms, "
    "e.settings_sealed, e.created_at, e.updated_at, e.proxy_credentials";
constexpr std::string_view kRunColumns =
    "r.id, r.org_id, r.project_id, r.spec_version_id, r.environment_id, r.requested_by, "
    "r.requester_org_id, r.status, r.options, r.summary, r.passed, r.error, r.created_at, "
    "r.started_at, r.finished_at, r.attempts";
constexpr std::string_view kCaseColumns =
    "position, case_id, category, operation_id, status, required, reason, detail";

EnvironmentRecord ReadEnvironment(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),     row.Int(5) != 0,
          row.Int(6),  row.Text(7), row.Int(8),  row.Int(9),  row.Int(10) != 0};
}

RunRecord ReadRun(const Row& row) {
  RunRecord run;
  run.id = row.Text(0);
  run.org_id = row.Text(1);
  run.project_id = row.Text(2);
  run.spec_version_id = row.Text(3);
  run.environment_id = row.Text(4);
  run.requested_by = row.Text(5);
  run.requester_org_id = row.Text(6);
  run.status = row.Text(7);
  run.options = row.Text(8);
  run.summary = row.Text(9);
  if (auto passed = row.OptionalInt(10)) run.passed = *passed != 0;
  run.error = row.Text(11);
  run.created_at = row.Int(12);
  run.started_at = row.OptionalInt(13);
  run.finished_at = row.OptionalInt(14);
  run.attempts = row.Int(15);
  return run;
}

RunCaseRecord ReadCase(const Row& row) {
  return {row.Int(0),  row.Text(1),     row.Text(2), row.Text(3),
          row.Text(4), row.Int(5) != 0, row.Text(6), row.Text(7)};
}

// Runs `scope` may read: every run of a project its org owns; for partners, their org's.
std::string VisibleRuns(const Scope& scope, std::vector<SqlValue>& params) {
  std::string clause = VisibleProjects(scope, "r.project_id", params);
  if (scope.is_partner()) {
    clause += " AND r.requester_org_id = ?";
    params.emplace_back(scope.org_id);
  }
  return clause;
}

}  // namespace

absl::StatusOr<EnvironmentRecord> GoldenRepository::CreateEnvironment(const Scope& scope,
                                                                      EnvironmentRecord env) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, env.project_id));
  env.id = NewId("env");
  env.org_id = scope.org_id;
  auto inserted = db_.Execute(
      "INSERT INTO environments (id, org_id, project_id, name, base_url, verify_tls, timeout_ms, "
      "settings_sealed, created_at, updated_at, proxy_credentials) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {env.id, env.org_id, env.project_id, env.name, env.base_url,
       std::int64_t{env.verify_tls ? 1 : 0}, env.timeout_ms, env.settings_sealed, env.created_at,
       env.updated_at, std::int64_t{env.proxy_credentials ? 1 : 0}});
  if (absl::IsAlreadyExists(inserted.status()))
    return absl::AlreadyExistsError(StrCat("an environment named '", env.name, "' exists"));
  RETURN_IF_ERROR(inserted.status());
  return env;
}

absl::StatusOr<std::vector<EnvironmentRecord>> GoldenRepository::ListEnvironments(
    const Scope& scope, std::string_view project_id) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kEnvironmentColumns, " FROM environments e WHERE ",
                           VisibleProjects(scope, "e.project_id", params),
                           " AND e.project_id = ? ORDER BY e.name LIMIT 200");
  params.emplace_back(std::string(project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<EnvironmentRecord> out;
  for (const Row& row : rows) out.push_back(ReadEnvironment(row));
  return out;
}

absl::StatusOr<EnvironmentRecord> GoldenRepository::GetEnvironment(const Scope& scope,
                                                                   std::string_view project_id,
                                                                   std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT ", kEnvironmentColumns, " FROM environments e WHERE ",
             VisibleProjects(scope, "e.project_id", params), " AND e.project_id = ? AND e.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("environment not found");
  return ReadEnvironment(rows[0]);
}

absl::StatusOr<EnvironmentRecord> GoldenRepository::FindEnvironment(const Scope& scope,
                                                                    std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kEnvironmentColumns, " FROM environments e WHERE ",
                           VisibleProjects(scope, "e.project_id", params), " AND e.id = ?");
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("environment not found");
  return ReadEnvironment(rows[0]);
}

absl::StatusOr<EnvironmentRecord> GoldenRepository::UpdateEnvironment(const Scope& scope,
                                                                      EnvironmentRecord env) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, env.project_id));
  auto changed = db_.Execute(
      "UPDATE environments SET name = ?, base_url = ?, verify_tls = ?, timeout_ms = ?, "
      "settings_sealed = ?, updated_at = ?, proxy_credentials = ? "
      "WHERE id = ? AND project_id = ? AND org_id = ?",
      {env.name, env.base_url, std::int64_t{env.verify_tls ? 1 : 0}, env.timeout_ms,
       env.settings_sealed, env.updated_at, std::int64_t{env.proxy_credentials ? 1 : 0}, env.id,
       env.project_id, scope.org_id});
  if (absl::IsAlreadyExists(changed.status()))
    return absl::AlreadyExistsError(StrCat("an environment named '", env.name, "' exists"));
  RETURN_IF_ERROR(changed.status());
  if (*changed == 0) return absl::NotFoundError("environment not found");
  return GetEnvironment(scope, env.project_id, env.id);
}

absl::Status GoldenRepository::DeleteEnvironment(const Scope& scope, std::string_view project_id,
                                                 std::string_view id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("DELETE FROM environments WHERE id = ? AND "
                               "project_id = ? AND org_id = ?",
                               {std::string(id), std::string(project_id), scope.org_id}));
  if (changed == 0) return absl::NotFoundError("environment not found");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> GoldenRepository::PartnerCredentials(
    const Scope& scope, std::string_view environment_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT credentials_sealed FROM environment_credentials "
                                        "WHERE environment_id = ? AND partner_org_id = ?",
                                        {std::string(environment_id), scope.org_id}));
  if (rows.empty()) return std::nullopt;
  return rows[0].Text(0);
}

absl::Status GoldenRepository::SetPartnerCredentials(const Scope& scope,
                                                     std::string_view project_id,
                                                     std::string_view environment_id,
                                                     const std::string& sealed, std::int64_t now) {
  RETURN_IF_ERROR(GetEnvironment(scope, project_id, environment_id).status());
  RETURN_IF_ERROR(db_.Execute("DELETE FROM environment_credentials WHERE environment_id = ? AND "
                              "partner_org_id = ?",
                              {std::string(environment_id), scope.org_id})
                      .status());
  return db_
      .Execute(
          "INSERT INTO environment_credentials (environment_id, partner_org_id, "
          "credentials_sealed, updated_at) VALUES (?, ?, ?, ?)",
          {std::string(environment_id), scope.org_id, sealed, now})
      .status();
}

absl::StatusOr<GoldenRepository::ProfileSource> GoldenRepository::GetProfile(
    const Scope& scope, std::string_view project_id, std::string_view spec_version_id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT s.document, s.label, s.profile FROM spec_versions s WHERE ",
             VisibleProjects(scope, "s.project_id", params), " AND s.project_id = ? AND s.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(spec_version_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("spec version not found");
  return ProfileSource{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2)};
}

absl::Status GoldenRepository::SetProfile(const Scope& scope, std::string_view project_id,
                                          std::string_view spec_version_id,
                                          const std::string& profile) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(
      auto changed,
      db_.Execute("UPDATE spec_versions SET profile = ? WHERE id = ? AND "
                  "project_id = ? AND org_id = ?",
                  {profile, std::string(spec_version_id), std::string(project_id), scope.org_id}));
  if (changed == 0) return absl::NotFoundError("spec version not found");
  return absl::OkStatus();
}

absl::StatusOr<RunRecord> GoldenRepository::CreateRun(const Scope& scope, RunRecord run) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, run.project_id));
  ASSIGN_OR_RETURN(auto owner,
                   db_.Query("SELECT org_id FROM projects WHERE id = ?", {run.project_id}));
  if (owner.empty()) return absl::NotFoundError("project not found");
  run.id = NewId("run");
  run.org_id = owner[0].Text(0);
  run.requested_by = scope.user_id;
  run.requester_org_id = scope.org_id;
  RETURN_IF_ERROR(
      db_.Execute("INSERT INTO runs (id, org_id, project_id, spec_version_id, "
                  "environment_id, requested_by, requester_org_id, status, options, "
                  "summary, passed, error, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, '{}', NULL, '', ?)",
                  {run.id, run.org_id, run.project_id, run.spec_version_id, run.environment_id,
                   run.requested_by, run.requester_org_id, run.options, run.created_at})
          .status());
  run.status = "queued";
  run.summary = "{}";
  return run;
}

absl::StatusOr<Page<RunRecord>> GoldenRepository::ListRuns(const Scope& scope,
                                                           std::string_view project_id,
                                                           const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kRunColumns, " FROM runs r WHERE ",
                           VisibleRuns(scope, params), " AND r.project_id = ?");
  params.emplace_back(std::string(project_id));
  AppendPageClause(page, "r", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<RunRecord>(rows, page, ReadRun);
}

absl::StatusOr<RunRecord> GoldenRepository::GetRun(const Scope& scope, std::string_view project_id,
                                                   std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kRunColumns, " FROM runs r WHERE ",
                           VisibleRuns(scope, params), " AND r.project_id = ? AND r.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("run not found");
  return ReadRun(rows[0]);
}

absl::StatusOr<std::vector<RunCaseRecord>> GoldenRepository::ListRunCases(
    const Scope& scope, std::string_view project_id, std::string_view run_id) {
  RETURN_IF_ERROR(GetRun(scope, project_id, run_id).status());
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(StrCat("SELECT ", kCaseColumns,
                                    " FROM run_cases WHERE run_id = ? ORDER BY position"),
                             {std::string(run_id)}));
  std::vector<RunCaseRecord> out;
  for (const Row& row : rows) out.push_back(ReadCase(row));
  return out;
}

absl::StatusOr<RunCaseRecord> GoldenRepository::GetRunCase(const Scope& scope,
                                                           std::string_view project_id,
                                                           std::string_view run_id,
                                                           std::int64_t position) {
  RETURN_IF_ERROR(GetRun(scope, project_id, run_id).status());
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kCaseColumns,
                                               " FROM run_cases WHERE run_id = ? AND position = ?"),
                                        {std::string(run_id), position}));
  if (rows.empty()) return absl::NotFoundError("case not found");
  return ReadCase(rows[0]);
}

absl::StatusOr<std::int64_t> GoldenRepository::CountRecentRuns(std::string_view user_id,
                                                               std::int64_t since_ms) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT COUNT(*) FROM runs WHERE requested_by = ? AND created_at >= ?",
                             {std::string(user_id), since_ms}));
  return rows.empty() ? 0 : rows[0].Int(0);
}

absl::StatusOr<std::optional<RunRecord>> GoldenRepository::ClaimNextRun(
    std::int64_t now, std::string_view owner, std::int64_t lease_ms) {
  // One statement takes the oldest run waiting, or one whose lease ran out (its instance
  // died), so two instances never take the same run. PostgreSQL's SKIP LOCKED lets them
  // pass each other's candidate instead of queueing behind it; SQLite has one writer.
  const std::string_view skip_locked =
      db_.dialect() == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  ASSIGN_OR_RETURN(
      auto claimed,
      db_.Query(StrCat("UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), "
                       "lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ("
                       "SELECT id FROM runs WHERE status = 'queued' OR (status = 'running' AND "
                       "lease_until < ?) ORDER BY created_at, id LIMIT 1",
                       skip_locked, ") RETURNING id"),
                {now, std::string(owner), now + lease_ms, now}));
  if (claimed.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kRunColumns, " FROM runs r WHERE r.id = ?"),
                                        {claimed[0].Text(0)}));
  if (rows.empty()) return std::nullopt;  // deleted with its project meanwhile
  return ReadRun(rows[0]);
}

absl::StatusOr<bool> GoldenRepository::RenewLease(std::string_view run_id, std::string_view owner,
                                                  std::int64_t until) {
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ? "
                               "AND status = 'running'",
                               {until, std::string(run_id), std::string(owner)}));
  return changed == 1;
}

absl::Status GoldenRepository::ReleaseRun(std::string_view run_id, std::string_view owner) {
  return db_
      .Execute("UPDATE runs SET lease_until = 0 WHERE id = ? AND lease_owner = ? AND "
               "status = 'running'",
               {std::string(run_id), std::string(owner)})
      .status();
}

absl::StatusOr<std::vector<std::string>> GoldenRepository::RequiredCategories(
    std::string_view run_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT DISTINCT category FROM run_cases WHERE "
                                        "run_id = ? AND required = 1 ORDER BY category",
                                        {std::string(run_id)}));
  std::vector<std::string> categories;
  for (const auto& row : rows) categories.push_back(row.Text(0));
  return categories;
}

absl::Status GoldenRepository::FinishRun(std::string_view run_id, std::string_view owner,
                                         const std::vector<RunCaseRecord>& cases,
                                         const std::string& summary, bool passed,
                                         std::int64_t now) {
  // Only the lease's holder ends the run: an instance that lost it (too slow to renew)
  // discards its result, so a run finishes once.
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("UPDATE runs SET status = 'finished', summary = ?, passed = ?, "
                               "finished_at = ? WHERE id = ? AND lease_owner = ? AND "
                               "status = 'running'",
                               {summary, std::int64_t{passed ? 1 : 0}, now, std::string(run_id),
                                std::string(owner)}));
  if (changed == 0) return absl::AbortedError("another instance took the run over");
  for (const RunCaseRecord& c : cases) {
    RETURN_IF_ERROR(
        db_.Execute("INSERT INTO run_cases (run_id, position, case_id, category, "
                    "operation_id, status, required, reason, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {std::string(run_id), c.position, c.case_id, c.category, c.operation_id,
                     c.status, std::int64_t{c.required ? 1 : 0}, c.reason, c.detail})
            .status());
  }
  return absl::OkStatus();
}

absl::Status GoldenRepository::SetRunProgress(std::string_view run_id, const std::string& summary) {
  return db_
      .Execute("UPDATE runs SET summary = ? WHERE id = ? AND status = 'running'",
               {summary, std::string(run_id)})
      .status();
}

absl::Status GoldenRepository::FailRun(std::string_view run_id, std::string_view owner,
                                       const std::string& error, std::int64_t now) {
  return db_
      .Execute("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND "
               "lease_owner = ? AND status = 'running'",
               {error, now, std::string(run_id), std::string(owner)})
      .status();
}

absl::StatusOr<GoldenRepository::RunInputs> GoldenRepository::LoadRunInputs(const RunRecord& run) {
  RunInputs inputs;
  ASSIGN_OR_RETURN(auto spec, db_.Query("SELECT document, label, profile FROM spec_versions "
                                        "WHERE id = ? AND project_id = ?",
                                        {run.spec_version_id, run.project_id}));
  if (spec.empty()) return absl::NotFoundError("the run's spec version is gone");
  inputs.document = spec[0].Text(0);
  inputs.document_label = spec[0].Text(1);
  inputs.profile = spec[0].Text(2);
  if (run.environment_id != "mock") {
    ASSIGN_OR_RETURN(auto rows,
                     db_.Query(StrCat("SELECT ", kEnvironmentColumns,
                                      " FROM environments e WHERE e.id = ? AND e.project_id = ?"),
                               {run.environment_id, run.project_id}));
    if (rows.empty()) return absl::NotFoundError("the run's environment is gone");
    inputs.environment = ReadEnvironment(rows[0]);
    ASSIGN_OR_RETURN(auto own, db_.Query("SELECT credentials_sealed FROM environment_credentials "
                                         "WHERE environment_id = ? AND partner_org_id = ?",
                                         {run.environment_id, run.requester_org_id}));
    if (!own.empty()) inputs.partner_credentials = own[0].Text(0);
  }
  return inputs;
}

}  // namespace icopilot::store
