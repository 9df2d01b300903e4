#include "store/saved_case_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kColumns =
    "s.id, s.org_id, s.project_id, s.partner_org_id, s.promoted_from, s.operation_id, s.name, "
    "s.request, s.expected_status, s.checks, s.created_by, s.created_at";

SavedCaseRecord ReadSavedCase(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),  row.Text(5),
          row.Text(6), row.Text(7), row.Int(8),  row.Text(9), row.Text(10), row.Int(11)};
}

// The rows `scope` sees: its projects' and, for a partner, its own and every partner's.
std::string Visible(const Scope& scope, std::vector<SqlValue>& params) {
  std::string clause = VisibleProjects(scope, "s.project_id", params);
  if (scope.is_partner()) {
    clause += " AND s.partner_org_id IN ('', ?)";
    params.emplace_back(scope.org_id);
  }
  return clause;
}

}  // namespace

absl::StatusOr<SavedCaseRecord> SavedCaseRepository::Create(const Scope& scope,
                                                            SavedCaseRecord record) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, record.project_id));
  ASSIGN_OR_RETURN(auto owner,
                   db_.Query("SELECT org_id FROM projects WHERE id = ?", {record.project_id}));
  if (owner.empty()) return absl::NotFoundError("project not found");
  record.id = NewId("case");
  record.org_id = owner[0].Text(0);
  record.partner_org_id = scope.is_partner() ? scope.org_id : "";
  record.promoted_from = "";
  record.created_by = scope.user_id;
  RETURN_IF_ERROR(
      db_.Execute("INSERT INTO saved_cases (id, org_id, project_id, partner_org_id, promoted_from, "
                  "operation_id, name, request, expected_status, checks, created_by, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {record.id, record.org_id, record.project_id, record.partner_org_id,
                   record.promoted_from, record.operation_id, record.name, record.request,
                   record.expected_status, record.checks, record.created_by, record.created_at})
          .status());
  return record;
}

absl::StatusOr<Page<SavedCaseRecord>> SavedCaseRepository::List(const Scope& scope,
                                                                std::string_view project_id,
                                                                std::string_view operation_id,
                                                                const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kColumns, " FROM saved_cases s WHERE ",
                           Visible(scope, params), " AND s.project_id = ?");
  params.emplace_back(std::string(project_id));
  if (!operation_id.empty()) {
    sql += " AND s.operation_id = ?";
    params.emplace_back(std::string(operation_id));
  }
  AppendPageClause(page, "s", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<SavedCaseRecord>(rows, page, ReadSavedCase);
}

absl::StatusOr<std::int64_t> SavedCaseRepository::CountOwn(const Scope& scope,
                                                           std::string_view project_id) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT COUNT(*) FROM saved_cases WHERE project_id = ? "
                                        "AND partner_org_id = ?",
                                        {std::string(project_id),
                                         scope.is_partner() ? scope.org_id : std::string()}));
  return rows.empty() ? 0 : rows[0].Int(0);
}

absl::StatusOr<SavedCaseRecord> SavedCaseRepository::Get(const Scope& scope,
                                                         std::string_view project_id,
                                                         std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kColumns, " FROM saved_cases s WHERE ",
                           Visible(scope, params), " AND s.project_id = ? AND s.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("saved case not found");
  return ReadSavedCase(rows[0]);
}

absl::Status SavedCaseRepository::Delete(const Scope& scope, std::string_view project_id,
                                         std::string_view id) {
  ASSIGN_OR_RETURN(SavedCaseRecord record, Get(scope, project_id, id));
  // A partner reads the cases for every partner but deletes only its own.
  if (scope.is_partner() && record.partner_org_id != scope.org_id) {
    return absl::PermissionDeniedError("this case is the vendor's: only the vendor deletes it");
  }
  RETURN_IF_ERROR(db_.Execute("DELETE FROM saved_cases WHERE id = ? AND project_id = ?",
                              {record.id, record.project_id})
                      .status());
  return absl::OkStatus();
}

absl::StatusOr<SavedCaseRecord> SavedCaseRepository::Promote(const Scope& scope,
                                                             std::string_view project_id,
                                                             std::string_view id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(SavedCaseRecord record, Get(scope, project_id, id));
  if (record.partner_org_id.empty()) return record;  // already every partner's
  RETURN_IF_ERROR(db_.Execute("UPDATE saved_cases SET partner_org_id = '', promoted_from = ? "
                              "WHERE id = ? AND project_id = ? AND org_id = ?",
                              {record.partner_org_id, record.id, record.project_id, scope.org_id})
                      .status());
  return Get(scope, project_id, id);
}

absl::StatusOr<std::vector<SavedCaseRecord>> SavedCaseRepository::ListForRun(
    std::string_view project_id, std::string_view partner_org_id, int limit) {
  ASSIGN_OR_RETURN(
      auto rows,
      db_.Query(StrCat("SELECT ", kColumns,
                       " FROM saved_cases s WHERE s.project_id = ? AND "
                       "s.partner_org_id IN ('', ?) ORDER BY s.created_at, s.id "
                       "LIMIT ?"),
                {std::string(project_id), std::string(partner_org_id), std::int64_t{limit}}));
  std::vector<SavedCaseRecord> records;
  records.reserve(rows.size());
  for (const Row& row : rows) records.push_back(ReadSavedCase(row));
  return records;
}

}  // namespace icopilot::store
