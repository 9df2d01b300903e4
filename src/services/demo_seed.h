// `serve --demo`: an "Acme Payments" vendor with a project and an invited partner, and
// credentials to print. Idempotent: on later starts it finds the org and issues fresh
// credentials instead of creating a second one.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/identity_service.h"
#include "services/project_service.h"

namespace icopilot::services {

struct DemoCredentials {
  std::string org_id;
  std::string project_id;
  std::string owner_email;
  std::string owner_password;
  std::string owner_api_key;
  std::string partner_email;
  std::string partner_api_key;
};

absl::StatusOr<DemoCredentials> SeedDemo(store::Database& db, IdentityService& identity,
                                         ProjectService& projects);

}  // namespace icopilot::services
