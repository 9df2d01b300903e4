#include "store/org_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"

namespace icopilot::store {
namespace {
constexpr std::string_view kColumns = "SELECT id, name, kind, created_at FROM orgs";
Org ReadOrg(const Row& row) { return {row.Text(0), row.Text(1), row.Text(2), row.Int(3)}; }
}  // namespace

absl::StatusOr<Org> OrgRepository::Create(std::string_view name, std::string_view kind, std::int64_t now) {
  Org org{NewId("org"), std::string(name), std::string(kind), now};
  RETURN_IF_ERROR(db_.Execute("INSERT INTO orgs (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
                              {org.id, org.name, org.kind, org.created_at})
                      .status());
  return org;
}

absl::StatusOr<Org> OrgRepository::GetOwn(const Scope& scope) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kColumns) + " WHERE id = ?", {scope.org_id}));
  if (rows.empty()) return absl::NotFoundError("org not found");
  return ReadOrg(rows[0]);
}

absl::StatusOr<std::optional<Org>> OrgRepository::FindVendorByName(std::string_view name) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kColumns) +
                                            " WHERE name = ? AND kind = 'vendor' ORDER BY created_at LIMIT 1",
                                        {std::string(name)}));
  if (rows.empty()) return std::optional<Org>();
  return std::optional<Org>(ReadOrg(rows[0]));
}

absl::StatusOr<Org> OrgRepository::Rename(const Scope& scope, std::string_view name) {
  RETURN_IF_ERROR(db_.Execute("UPDATE orgs SET name = ? WHERE id = ?", {std::string(name), scope.org_id}).status());
  return GetOwn(scope);
}

}  // namespace icopilot::store
