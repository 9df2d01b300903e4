#include "store/visibility.h"

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::store {

std::string VisibleProjects(const Scope& scope, std::string_view column,
                            std::vector<SqlValue>& params) {
  params.emplace_back(scope.org_id);
  if (scope.is_partner()) {
    return std::string(column) +
           " IN (SELECT project_id FROM project_partners WHERE partner_org_id = ?)";
  }
  return std::string(column) + " IN (SELECT id FROM projects WHERE org_id = ?)";
}

absl::Status RequireOwnedProject(SqlExecutor& db, const Scope& scope, std::string_view project_id) {
  ASSIGN_OR_RETURN(auto rows, db.Query("SELECT 1 FROM projects WHERE id = ? AND org_id = ?",
                                       {std::string(project_id), scope.org_id}));
  if (rows.empty() || scope.is_partner()) return absl::NotFoundError("project not found");
  return absl::OkStatus();
}

absl::Status RequireVisibleProject(SqlExecutor& db, const Scope& scope,
                                   std::string_view project_id) {
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT 1 FROM projects p WHERE ",
                           VisibleProjects(scope, "p.id", params), " AND p.id = ?");
  params.emplace_back(std::string(project_id));
  ASSIGN_OR_RETURN(auto rows, db.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("project not found");
  return absl::OkStatus();
}

}  // namespace icopilot::store
