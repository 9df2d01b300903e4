#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Projects. A vendor scope sees its org's projects; a partner scope sees exactly the
// projects its org was invited to. Another org's project is NotFound, never Forbidden,
// so ids do not leak.
class ProjectRepository {
 public:
  explicit ProjectRepository(SqlExecutor& db) : db_(db) {}

  absl::StatusOr<Project> Create(const Scope& scope, std::string_view name,
                                 std::string_view description, std::int64_t now);
  absl::StatusOr<Page<Project>> List(const Scope& scope, const PageRequest& page,
                                     bool include_archived);
  absl::StatusOr<Project> Get(const Scope& scope, std::string_view id);
  // Fields left nullopt keep their value.
  absl::StatusOr<Project> Update(const Scope& scope, std::string_view id,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::string>& description, std::int64_t now);
  absl::StatusOr<Project> SetArchived(const Scope& scope, std::string_view id, bool archived,
                                      std::int64_t now);
  absl::Status Delete(const Scope& scope, std::string_view id);

  // Partner access, managed by the owning vendor.
  absl::Status AddPartner(const Scope& scope, std::string_view project_id,
                          std::string_view partner_org_id, std::int64_t now);
  absl::StatusOr<Page<ProjectPartner>> ListPartners(const Scope& scope, std::string_view project_id,
                                                    const PageRequest& page);
  absl::Status RemovePartner(const Scope& scope, std::string_view project_id,
                             std::string_view partner_org_id);
  // The users of a partner org on the project (no credentials): NotFound unless the scope
  // owns the project and the org is its partner.
  absl::StatusOr<Page<User>> ListPartnerUsers(const Scope& scope, std::string_view project_id,
                                              std::string_view partner_org_id,
                                              const PageRequest& page);

 private:
  // The visibility clause for `scope`, on alias `p`, with its parameters appended.
  static std::string VisibleTo(const Scope& scope, std::vector<SqlValue>& params);
  absl::Status RequireOwned(const Scope& scope, std::string_view id);

  SqlExecutor& db_;
};

}  // namespace icopilot::store
