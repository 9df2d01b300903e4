#include "store/mock_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "store/paging.h"
#include "store/visibility.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kSpecColumns =
    "s.id, s.org_id, s.project_id, s.label, s.title, s.openapi_version, s.operation_count, "
    "s.base_path, s.created_by, s.created_at";
constexpr std::string_view kMockColumns =
    "m.id, m.org_id, m.project_id, m.spec_version_id, m.name, m.config, m.credentials_sealed, "
    "m.port, m.created_at, m.updated_at, "
    "(SELECT base_path FROM spec_versions WHERE id = m.spec_version_id)";

SpecVersion ReadSpecVersion(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5), row.Int(6),  row.Text(7), row.Text(8), row.Int(9)};
}

MockRecord ReadMock(const Row& row) {
  return {row.Text(0), row.Text(1),        row.Text(2), row.Text(3), row.Text(4), row.Text(5),
          row.Text(6), row.OptionalInt(7), row.Int(8),  row.Int(9),  row.Text(10)};
}

}  // namespace

absl::StatusOr<SpecVersion> MockRepository::AddSpecVersion(const Scope& scope, SpecVersion version,
                                                           std::string_view document) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, version.project_id));
  version.id = NewId("spv");
  version.org_id = scope.org_id;
  version.created_by = scope.user_id;
  RETURN_IF_ERROR(
      db_.Execute("INSERT INTO spec_versions (id, org_id, project_id, label, title, "
                  "openapi_version, operation_count, base_path, document, created_by, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {version.id, version.org_id, version.project_id, version.label, version.title,
                   version.openapi_version, version.operation_count, version.base_path,
                   std::string(document), version.created_by, version.created_at})
          .status());
  return version;
}

absl::StatusOr<Page<SpecVersion>> MockRepository::ListSpecVersions(const Scope& scope,
                                                                   std::string_view project_id,
                                                                   const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kSpecColumns, " FROM spec_versions s WHERE ",
                           VisibleProjects(scope, "s.project_id", params), " AND s.project_id = ?");
  params.emplace_back(std::string(project_id));
  AppendPageClause(page, "s", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<SpecVersion>(rows, page, ReadSpecVersion);
}

absl::StatusOr<SpecVersion> MockRepository::GetSpecVersion(const Scope& scope,
                                                           std::string_view project_id,
                                                           std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT ", kSpecColumns, " FROM spec_versions s WHERE ",
             VisibleProjects(scope, "s.project_id", params), " AND s.project_id = ? AND s.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("spec version not found");
  return ReadSpecVersion(rows[0]);
}

absl::Status MockRepository::RequireVisibleSpecVersion(const Scope& scope,
                                                       std::string_view project_id,
                                                       std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT 1 FROM spec_versions s WHERE ", VisibleProjects(scope, "s.project_id", params),
             " AND s.project_id = ? AND s.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("spec version not found");
  return absl::OkStatus();
}

absl::StatusOr<MockRepository::SpecDocument> MockRepository::GetSpecDocument(
    const Scope& scope, std::string_view project_id, std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT s.label, s.document FROM spec_versions s WHERE ",
             VisibleProjects(scope, "s.project_id", params), " AND s.project_id = ? AND s.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("spec version not found");
  return SpecDocument{rows[0].Text(0), rows[0].Text(1)};
}

absl::StatusOr<MockRecord> MockRepository::CreateMock(const Scope& scope, MockRecord mock) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, mock.project_id));
  RETURN_IF_ERROR(GetSpecVersion(scope, mock.project_id, mock.spec_version_id).status());
  if (mock.id.empty()) mock.id = NewId("mck");
  mock.org_id = scope.org_id;
  RETURN_IF_ERROR(db_.Execute("INSERT INTO mocks (id, org_id, project_id, spec_version_id, name, "
                              "config, credentials_sealed, port, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              {mock.id, mock.org_id, mock.project_id, mock.spec_version_id,
                               mock.name, mock.config, mock.credentials_sealed,
                               mock.port ? SqlValue(*mock.port) : SqlValue(nullptr),
                               mock.created_at, mock.updated_at})
                      .status());
  return GetMock(scope, mock.project_id, mock.id);
}

absl::StatusOr<Page<MockRecord>> MockRepository::ListMocks(const Scope& scope,
                                                           std::string_view project_id,
                                                           const PageRequest& page) {
  RETURN_IF_ERROR(RequireVisibleProject(db_, scope, project_id));
  std::vector<SqlValue> params;
  std::string sql = StrCat("SELECT ", kMockColumns, " FROM mocks m WHERE ",
                           VisibleProjects(scope, "m.project_id", params), " AND m.project_id = ?");
  params.emplace_back(std::string(project_id));
  AppendPageClause(page, "m", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<MockRecord>(rows, page, ReadMock);
}

absl::StatusOr<MockRecord> MockRepository::GetMock(const Scope& scope, std::string_view project_id,
                                                   std::string_view id) {
  std::vector<SqlValue> params;
  std::string sql =
      StrCat("SELECT ", kMockColumns, " FROM mocks m WHERE ",
             VisibleProjects(scope, "m.project_id", params), " AND m.project_id = ? AND m.id = ?");
  params.emplace_back(std::string(project_id));
  params.emplace_back(std::string(id));
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("mock not found");
  return ReadMock(rows[0]);
}

absl::StatusOr<MockRecord> MockRepository::UpdateMock(const Scope& scope,
                                                      std::string_view project_id,
                                                      std::string_view id, const MockChange& change,
                                                      std::int64_t now) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  if (change.spec_version_id) {
    RETURN_IF_ERROR(GetSpecVersion(scope, project_id, *change.spec_version_id).status());
  }
  const auto& [spec_version_id, name, config, port] = change;
  auto optional_text = [](const std::optional<std::string>& text) {
    return text ? SqlValue(*text) : SqlValue(nullptr);
  };
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("UPDATE mocks SET spec_version_id = COALESCE(?, spec_version_id), "
                               "name = COALESCE(?, name), config = COALESCE(?, config), "
                               "port = CASE WHEN ? = 1 THEN ? ELSE port END, updated_at = ? "
                               "WHERE id = ? AND project_id = ? AND org_id = ?",
                               {optional_text(spec_version_id), optional_text(name),
                                optional_text(config), std::int64_t{port.has_value()},
                                port && *port ? SqlValue(**port) : SqlValue(nullptr), now,
                                std::string(id), std::string(project_id), scope.org_id}));
  if (changed == 0) return absl::NotFoundError("mock not found");
  return GetMock(scope, project_id, id);
}

absl::Status MockRepository::DeleteMock(const Scope& scope, std::string_view project_id,
                                        std::string_view id) {
  RETURN_IF_ERROR(RequireOwnedProject(db_, scope, project_id));
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("DELETE FROM mocks WHERE id = ? AND project_id = ? AND org_id = ?",
                               {std::string(id), std::string(project_id), scope.org_id}));
  if (changed == 0) return absl::NotFoundError("mock not found");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::int64_t>>> MockRepository::ListPorts() {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, port FROM mocks WHERE port IS NOT NULL", {}));
  std::vector<std::pair<std::string, std::int64_t>> ports;
  for (const Row& row : rows) ports.emplace_back(row.Text(0), row.Int(1));
  return ports;
}

absl::StatusOr<MockRepository::Serving> MockRepository::FindForServing(std::string_view mock_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kMockColumns,
                                               ", s.document, s.label FROM mocks m "
                                               "JOIN spec_versions s ON s.id = m.spec_version_id "
                                               "JOIN projects p ON p.id = m.project_id "
                                               "WHERE m.id = ? AND p.archived_at IS NULL"),
                                        {std::string(mock_id)}));
  if (rows.empty()) return absl::NotFoundError("mock not found");
  return Serving{ReadMock(rows[0]), rows[0].Text(11), rows[0].Text(12)};
}

}  // namespace icopilot::store
