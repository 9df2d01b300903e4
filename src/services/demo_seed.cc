#include "services/demo_seed.h"

#include "core/status_macros.h"
#include "store/org_repository.h"
#include "store/project_repository.h"
#include "store/user_repository.h"

namespace icopilot::services {
namespace {

constexpr std::string_view kVendorName = "Acme Payments";
constexpr std::string_view kOwnerEmail = "owner@acme.example";
constexpr std::string_view kPartnerName = "Globex Checkout";
constexpr std::string_view kPartnerEmail = "dev@globex.example";

absl::StatusOr<DemoCredentials> SeedFresh(IdentityService& identity, ProjectService& projects) {
  DemoCredentials demo;
  ASSIGN_OR_RETURN(NewOrg vendor,
                   identity.CreateOrg(kVendorName, "vendor", kOwnerEmail, std::nullopt, "demo"));
  Actor owner{{vendor.org.id, vendor.owner.id, store::Role::kOwner}, "demo", "demo-seed"};
  ASSIGN_OR_RETURN(
      store::Project project,
      projects.Create(owner, "Payments API", "Card payments, refunds and payouts for partners."));
  ASSIGN_OR_RETURN(NewOrg partner,
                   projects.InvitePartner(owner, project.id, kPartnerName, kPartnerEmail));
  demo.org_id = vendor.org.id;
  demo.project_id = project.id;
  demo.owner_email = vendor.owner.email;
  demo.owner_password = vendor.password;
  demo.owner_api_key = vendor.api_key.secret;
  demo.partner_email = partner.owner.email;
  demo.partner_api_key = partner.api_key.secret;
  return demo;
}

}  // namespace

absl::StatusOr<DemoCredentials> SeedDemo(store::Database& db, IdentityService& identity,
                                         ProjectService& projects) {
  ASSIGN_OR_RETURN(auto existing, store::OrgRepository(db).FindVendorByName(kVendorName));
  if (!existing) return SeedFresh(identity, projects);

  // Keys and passwords are stored hashed, so a restart issues new ones to print.
  DemoCredentials demo;
  demo.org_id = existing->id;
  ASSIGN_OR_RETURN(auto owner, store::UserRepository(db).FindByEmail(kOwnerEmail));
  if (!owner) return absl::FailedPreconditionError("the demo org exists but its owner was removed");
  Actor actor{{owner->org_id, owner->id, owner->role}, "demo", "demo-seed"};
  ASSIGN_OR_RETURN(demo.owner_password, identity.ResetPassword(actor));
  ASSIGN_OR_RETURN(NewApiKey key,
                   identity.CreateApiKey(actor, "demo start", owner->role, std::nullopt));
  demo.owner_email = owner->email;
  demo.owner_api_key = key.secret;
  store::PageRequest first;
  first.limit = 1;
  ASSIGN_OR_RETURN(auto page, store::ProjectRepository(db).List(actor.scope, first, true));
  if (!page.items.empty()) demo.project_id = page.items.front().id;
  ASSIGN_OR_RETURN(auto partner, store::UserRepository(db).FindByEmail(kPartnerEmail));
  if (partner) {
    Actor partner_actor{{partner->org_id, partner->id, partner->role}, "demo", "demo-seed"};
    ASSIGN_OR_RETURN(NewApiKey partner_key, identity.CreateApiKey(partner_actor, "demo start",
                                                                  partner->role, std::nullopt));
    demo.partner_email = partner->email;
    demo.partner_api_key = partner_key.secret;
  }
  return demo;
}

}  // namespace icopilot::services
