#include "store/annotation_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kColumns =
    "a.id, a.org_id, a.project_id, a.operation_id, a.pointer, a.kind, a.message, a.link, "
    "a.condition, a.created_by, a.created_at, a.updated_at";

AnnotationRecord ReadAnnotation(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5),
          row.Text(6), row.Text(7), row.Text(8), row.Text(9), row.Int(10), row.Int(11)};
}

}  // namespace

absl::StatusOr<AnnotationRecord> AnnotationRepository::Create(const Scope& scope,
                                                              AnnotationRecord record) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, record.project_id));
  record.id = NewId("ann");
  record.org_id = scope.org_id;
  record.created_by = scope.user_id;
  RETURN_IF_ERROR(
      db_.Execute("INSERT INTO annotations (id, org_id, project_id, operation_id, pointer, kind, "
                  "message, link, condition, created_by, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {record.id, record.org_id, record.project_id, record.operation_id, record.pointer,
                   record.kind, record.message, record.link, record.condition, record.created_by,
                   record.created_at, record.updated_at})
          .status());
  return record;
}

absl::StatusOr<Page<AnnotationRecord>> AnnotationRepository::List(const Scope& scope,
                                                                  std::string_view project_id,
                                                                  std::string_view operation_id,
                                                                  const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kColumns, " FROM annotations a WHERE ",
                           VisibleProjects(scope, "a.project_id", params), " AND a.project_id = ?");
  params.emplace_back(std::string(project_id));
  if (!operation_id.empty()) {
    sql += " AND a.operation_id = ?";
    params.emplace_back(std::string(operation_id));
  }
  AppendPageClause(page, "a", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<AnnotationRecord>(rows, page, ReadAnnotation);
}

absl::StatusOr<std::vector<AnnotationRecord>> AnnotationRepository::ListForOperation(
    const Scope& scope, std::string_view project_id, std::string_view operation_id, int limit) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kColumns, " FROM annotations a WHERE ",
                           VisibleProjects(scope, "a.project_id", params),
                           " AND a.project_id = ? AND a.operation_id = ? "
                           "ORDER BY a.created_at, a.id LIMIT ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(operation_id));
  params.emplace_back(std::int64_t{limit});
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<AnnotationRecord> records;
  records.reserve(rows.size());
  for (const Row& row : rows) records.push_back(ReadAnnotation(row));
  return records;
}

absl::StatusOr<std::int64_t> AnnotationRepository::CountForProject(const Scope& scope,
                                                                   std::string_view project_id) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT COUNT(*) FROM annotations WHERE project_id = ?",
                                        {std::string(project_id)}));
  return rows.empty() ? 0 : rows[0].Int(0);
}

absl::StatusOr<AnnotationRecord> AnnotationRepository::Get(const Scope& scope,
                                                           std::string_view project_id,
                                                           std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT ", kColumns, " FROM annotations a WHERE ",
             VisibleProjects(scope, "a.project_id", params), " AND a.project_id = ? AND a.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("annotation not found");
  return ReadAnnotation(rows[0]);
}

absl::StatusOr<AnnotationRecord> AnnotationRepository::Update(const Scope& scope,
                                                              const AnnotationRecord& record) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, record.project_id));
  ASSIGN_OR_RETURN(
      auto changed,
      db_.Execute(
          "UPDATE annotations SET operation_id = ?, pointer = ?, kind = ?, message = ?, "
          "link = ?, condition = ?, updated_at = ? "
          "WHERE id = ? AND project_id = ? AND org_id = ?",
          {record.operation_id, record.pointer, record.kind, record.message, record.link,
           record.condition, record.updated_at, record.id, record.project_id, scope.org_id}));
  if (changed == 0) return absl::NotFoundError("annotation not found");
  return Get(scope, record.project_id, record.id);
}

absl::Status AnnotationRepository::Delete(const Scope& scope, std::string_view project_id,
                                          std::string_view id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("DELETE FROM annotations WHERE id = ? AND project_id = ? AND "
                               "org_id = ?",
                               {std::string(id), std::string(project_id), scope.org_id}));
  if (changed == 0) return absl::NotFoundError("annotation not found");
  return absl::OkStatus();
}

}  // namespace icopilot::store
