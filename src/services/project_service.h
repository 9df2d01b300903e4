// Projects and the partner orgs invited to them.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "services/identity_service.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

class ProjectService {
 public:
  ProjectService(store::Database& db, const Clock& clock, IdentityService& identity)
      : db_(db), clock_(clock), identity_(identity) {}

  absl::StatusOr<store::Project> Create(const Actor& actor, std::string_view name,
                                        std::string_view description);
  absl::StatusOr<store::Page<store::Project>> List(const Actor& actor,
                                                   const store::PageRequest& page,
                                                   bool include_archived);
  absl::StatusOr<store::Project> Get(const Actor& actor, std::string_view id);
  absl::StatusOr<store::Project> Update(const Actor& actor, std::string_view id,
                                        const std::optional<std::string>& name,
                                        const std::optional<std::string>& description);
  absl::StatusOr<store::Project> SetArchived(const Actor& actor, std::string_view id,
                                             bool archived);
  absl::Status Delete(const Actor& actor, std::string_view id);

  // Creates a partner org with its partner-admin (`admin_email`) and gives it access to
  // the project. The partner admin's password and API key are in the result, shown once.
  absl::StatusOr<NewOrg> InvitePartner(const Actor& actor, std::string_view project_id,
                                       std::string_view partner_name, std::string_view admin_email);
  absl::StatusOr<store::Page<store::ProjectPartner>> ListPartners(const Actor& actor,
                                                                  std::string_view project_id,
                                                                  const store::PageRequest& page);
  absl::Status RemovePartner(const Actor& actor, std::string_view project_id,
                             std::string_view partner_org_id);
  absl::StatusOr<store::Page<store::User>> ListPartnerUsers(const Actor& actor,
                                                            std::string_view project_id,
                                                            std::string_view partner_org_id,
                                                            const store::PageRequest& page);

 private:
  store::Database& db_;
  const Clock& clock_;
  IdentityService& identity_;
};

}  // namespace icopilot::services
