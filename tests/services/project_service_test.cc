#include "services/project_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "services/fake_clock.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::services {
namespace {

TEST(ProjectService, InvitedPartnerSeesTheProjectWithItsOwnKey) {
  InitCrypto();
  testing::TempDir dir;
  testing::FakeClock clock;
  auto db = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(db.ok());
  IdentityService identity(**db, clock);
  ProjectService projects(**db, clock, identity);
  auto vendor = identity.CreateOrg("Acme", "vendor", "o@acme.test", std::nullopt, "");
  ASSERT_TRUE(vendor.ok());
  Actor owner{{vendor->org.id, vendor->owner.id, store::Role::kOwner}, "", ""};
  auto project = projects.Create(owner, "Payments", "");
  ASSERT_TRUE(project.ok());
  auto partner = projects.InvitePartner(owner, project->id, "Globex", "dev@globex.test");
  ASSERT_TRUE(partner.ok()) << partner.status();
  EXPECT_EQ(partner->org.kind, "partner");
  EXPECT_EQ(partner->owner.role, store::Role::kPartnerAdmin);

  auto principal = identity.AuthenticateApiKey(partner->api_key.secret);
  ASSERT_TRUE(principal.ok());
  Actor as_partner{principal->scope, "", ""};
  auto seen = projects.Get(as_partner, project->id);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->name, "Payments");

  ASSERT_TRUE(projects.RemovePartner(owner, project->id, partner->org.id).ok());
  EXPECT_EQ(projects.Get(as_partner, project->id).status().code(), absl::StatusCode::kNotFound);
}

TEST(ProjectService, InvitingToAnotherOrgsProjectCreatesNothing) {
  InitCrypto();
  testing::TempDir dir;
  testing::FakeClock clock;
  auto db = testing::OpenTestDatabase(dir.path());
  IdentityService identity(**db, clock);
  ProjectService projects(**db, clock, identity);
  auto a = identity.CreateOrg("A", "vendor", "a@a.test", std::nullopt, "");
  auto b = identity.CreateOrg("B", "vendor", "b@b.test", std::nullopt, "");
  Actor owner_a{{a->org.id, a->owner.id, store::Role::kOwner}, "", ""};
  Actor owner_b{{b->org.id, b->owner.id, store::Role::kOwner}, "", ""};
  auto project = projects.Create(owner_a, "A's", "");
  auto invited = projects.InvitePartner(owner_b, project->id, "Sneaky", "s@s.test");
  EXPECT_EQ(invited.status().code(), absl::StatusCode::kNotFound);
  auto orgs = (*db)->Query("SELECT COUNT(*) FROM orgs", {});
  EXPECT_EQ((*orgs)[0].Int(0), 2);
}

}  // namespace
}  // namespace icopilot::services
