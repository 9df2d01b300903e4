#include "store/project_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "store/paging.h"
#include "store/user_repository.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT p.id, p.org_id, p.name, p.description, p.archived_at, p.created_at, p.updated_at FROM "
    "projects p";

Project ReadProject(const Row& row) {
  return {row.Text(0),        row.Text(1), row.Text(2), row.Text(3),
          row.OptionalInt(4), row.Int(5),  row.Int(6)};
}

}  // namespace

std::string ProjectRepository::VisibleTo(const Scope& scope, std::vector<SqlValue>& params) {
  params.emplace_back(scope.org_id);
  if (scope.is_partner()) {
    return "p.id IN (SELECT project_id FROM project_partners WHERE partner_org_id = ?)";
  }
  return "p.org_id = ?";
}

absl::Status ProjectRepository::RequireOwned(const Scope& scope, std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT 1 FROM projects WHERE id = ? AND org_id = ?",
                                        {std::string(id), scope.org_id}));
  if (rows.empty() || scope.is_partner()) return absl::NotFoundError("project not found");
  return absl::OkStatus();
}

absl::StatusOr<Project> ProjectRepository::Create(const Scope& scope, std::string_view name,
                                                  std::string_view description, std::int64_t now) {
  if (scope.is_partner()) return absl::PermissionDeniedError("partners cannot create projects");
  Project project{
      NewId("prj"), scope.org_id, std::string(name), std::string(description), std::nullopt,
      now,          now};
  RETURN_IF_ERROR(
      db_.Execute("INSERT INTO projects (id, org_id, name, description, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  {project.id, project.org_id, project.name, project.description, now, now})
          .status());
  return project;
}

absl::StatusOr<Page<Project>> ProjectRepository::List(const Scope& scope, const PageRequest& page,
                                                      bool include_archived) {
  std::vector<SqlValue> params;
  std::string sql = std::string(kSelect) + " WHERE " + VisibleTo(scope, params);
  if (!include_archived) sql += " AND p.archived_at IS NULL";
  AppendPageClause(page, "p", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<Project>(rows, page, ReadProject);
}

absl::StatusOr<Project> ProjectRepository::Get(const Scope& scope, std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql = std::string(kSelect) + " WHERE " + VisibleTo(scope, params) + " AND p.id = ?";
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("project not found");
  return ReadProject(rows[0]);
}

absl::StatusOr<Project> ProjectRepository::Update(const Scope& scope, std::string_view id,
                                                  const std::optional<std::string>& name,
                                                  const std::optional<std::string>& description,
                                                  std::int64_t now) {
  RETURN_IF_ERROR(RequireOwned(scope, id));
  RETURN_IF_ERROR(db_.Execute("UPDATE projects SET name = COALESCE(?, name), description = "
                              "COALESCE(?, description), "
                              "updated_at = ? WHERE id = ? AND org_id = ?",
                              {name ? SqlValue(*name) : SqlValue(nullptr),
                               description ? SqlValue(*description) : SqlValue(nullptr), now,
                               std::string(id), scope.org_id})
                      .status());
  return Get(scope, id);
}

absl::StatusOr<Project> ProjectRepository::SetArchived(const Scope& scope, std::string_view id,
                                                       bool archived, std::int64_t now) {
  RETURN_IF_ERROR(RequireOwned(scope, id));
  RETURN_IF_ERROR(
      db_.Execute(
             "UPDATE projects SET archived_at = ?, updated_at = ? WHERE id = ? AND org_id = ?",
             {archived ? SqlValue(now) : SqlValue(nullptr), now, std::string(id), scope.org_id})
          .status());
  return Get(scope, id);
}

absl::Status ProjectRepository::Delete(const Scope& scope, std::string_view id) {
  RETURN_IF_ERROR(RequireOwned(scope, id));
  return db_
      .Execute("DELETE FROM projects WHERE id = ? AND org_id = ?", {std::string(id), scope.org_id})
      .status();
}

absl::Status ProjectRepository::AddPartner(const Scope& scope, std::string_view project_id,
                                           std::string_view partner_org_id, std::int64_t now) {
  RETURN_IF_ERROR(RequireOwned(scope, project_id));
  return db_
      .Execute(
          "INSERT INTO project_partners (project_id, partner_org_id, invited_by, created_at) "
          "VALUES (?, ?, ?, ?)",
          {std::string(project_id), std::string(partner_org_id), scope.user_id, now})
      .status();
}

absl::StatusOr<Page<ProjectPartner>> ProjectRepository::ListPartners(const Scope& scope,
                                                                     std::string_view project_id,
                                                                     const PageRequest& page) {
  RETURN_IF_ERROR(RequireOwned(scope, project_id));
  std::string sql =
      "SELECT pp.project_id, pp.partner_org_id, o.name, pp.invited_by, pp.created_at, "
      "pp.partner_org_id AS id "
      "FROM project_partners pp JOIN orgs o ON o.id = pp.partner_org_id WHERE pp.project_id = ?";
  std::vector<SqlValue> params{std::string(project_id)};
  // Keyset on (created_at, partner_org_id): "id" is the partner org's id here.
  std::string clause;
  AppendPageClause(page, "pp", clause, params);
  std::string::size_type pos;
  while ((pos = clause.find("pp.id")) != std::string::npos)
    clause.replace(pos, 5, "pp.partner_org_id");
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql + clause, params));
  return ToPage<ProjectPartner>(rows, page, [](const Row& row) {
    return ProjectPartner{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)};
  });
}

absl::Status ProjectRepository::RemovePartner(const Scope& scope, std::string_view project_id,
                                              std::string_view partner_org_id) {
  RETURN_IF_ERROR(RequireOwned(scope, project_id));
  ASSIGN_OR_RETURN(
      auto changed,
      db_.Execute("DELETE FROM project_partners WHERE project_id = ? AND partner_org_id = ?",
                  {std::string(project_id), std::string(partner_org_id)}));
  if (changed == 0) return absl::NotFoundError("partner not found on this project");
  return absl::OkStatus();
}

absl::StatusOr<Page<User>> ProjectRepository::ListPartnerUsers(const Scope& scope,
                                                               std::string_view project_id,
                                                               std::string_view partner_org_id,
                                                               const PageRequest& page) {
  RETURN_IF_ERROR(RequireOwned(scope, project_id));
  ASSIGN_OR_RETURN(
      auto partner,
      db_.Query("SELECT 1 FROM project_partners WHERE project_id = ? AND partner_org_id = ?",
                {std::string(project_id), std::string(partner_org_id)}));
  if (partner.empty()) return absl::NotFoundError("partner not found on this project");
  // Another org's users, read for a reason the checks above give: scoped by hand here.
  return UserRepository(db_).List(Scope{std::string(partner_org_id), "", Role::kPartnerDev}, page);
}

}  // namespace icopilot::store
