// `serve --demo`: a project a newcomer can explore. Acme Payments (a vendor) publishes its
// payments API in two versions; a hosted mock serves the current one; the "Sandbox"
// environment is a stateful mock of the older build, whose refunds answer a status the
// current contract does not allow (the first run shows a failure worth opening); Globex
// Checkout (a partner) was invited and has two weeks of traffic with a few violations;
// runs are queued against the mock and the sandbox. Two more partners stand at other
// phases of their plan boards (Initech just invited; Umbrella at UAT, with clean traffic
// and the vendor's waiver of the sandbox's defect). Idempotent: a later start finds the
// org, points the sandbox at this server's address again and issues fresh sign-ins.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace icopilot::store {
class Database;
}

namespace icopilot::platform {

class Platform;

struct DemoCredentials {
  std::string org_id;
  std::string project_id;
  std::string owner_email;
  std::string owner_password;
  std::string owner_api_key;
  std::string partner_email;
  std::string partner_password;
  std::string partner_api_key;
};

// Call after Start() and before Run(): the queued runs start with the run worker.
absl::StatusOr<DemoCredentials> SeedDemo(store::Database& db, Platform& platform);

}  // namespace icopilot::platform
