#include "store/project_repository.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/org_repository.h"
#include "store/user_repository.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

class ProjectRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto opened = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
    vendor_a_ = MakeScope("vendor", Role::kOwner, "a@x.test");
    vendor_b_ = MakeScope("vendor", Role::kOwner, "b@x.test");
    partner_ = MakeScope("partner", Role::kPartnerDev, "p@x.test");
  }

  Scope MakeScope(const char* kind, Role role, const char* email) {
    auto org = OrgRepository(*db_).Create("org", kind, 1);
    auto user = UserRepository(*db_).Create(org->id, email, "u", role, "hash", 1);
    return Scope{org->id, user->id, role};
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  Scope vendor_a_, vendor_b_, partner_;
};

TEST_F(ProjectRepositoryTest, AnotherOrgsProjectIsNotFound) {
  ProjectRepository projects(*db_);
  auto project = projects.Create(vendor_a_, "Payments", "", 10);
  ASSERT_TRUE(project.ok());
  EXPECT_TRUE(projects.Get(vendor_a_, project->id).ok());
  EXPECT_EQ(projects.Get(vendor_b_, project->id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(projects.Update(vendor_b_, project->id, "stolen", std::nullopt, 11).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(projects.Delete(vendor_b_, project->id).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(projects.Get(vendor_a_, project->id).ok()) << "still there after B's attempts";
  auto listed = projects.List(vendor_b_, {}, true);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->items.empty());
}

TEST_F(ProjectRepositoryTest, PartnersSeeOnlyProjectsTheyWereInvitedTo) {
  ProjectRepository projects(*db_);
  auto invited = projects.Create(vendor_a_, "Invited", "", 10);
  auto other = projects.Create(vendor_a_, "Other", "", 11);
  ASSERT_TRUE(projects.AddPartner(vendor_a_, invited->id, partner_.org_id, 12).ok());
  auto listed = projects.List(partner_, {}, false);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, invited->id);
  EXPECT_TRUE(projects.Get(partner_, invited->id).ok());
  EXPECT_EQ(projects.Get(partner_, other->id).status().code(), absl::StatusCode::kNotFound);
  // Seeing is not owning.
  EXPECT_EQ(projects.Delete(partner_, invited->id).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(projects.Create(partner_, "mine", "", 13).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(projects.AddPartner(vendor_b_, other->id, partner_.org_id, 14).code(), absl::StatusCode::kNotFound);
}

TEST_F(ProjectRepositoryTest, PagesAreNewestFirstAndComplete) {
  ProjectRepository projects(*db_);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(projects.Create(vendor_a_, "p" + std::to_string(i), "", 100 + i / 2).ok());
  PageRequest page;
  page.limit = 3;
  std::vector<std::string> names;
  for (int guard = 0; guard < 10; ++guard) {
    auto result = projects.List(vendor_a_, page, false);
    ASSERT_TRUE(result.ok());
    for (const auto& project : result->items) names.push_back(project.name);
    if (!result->has_more) break;
    page.after_created_at = result->items.back().created_at;
    page.after_id = result->items.back().id;
  }
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "p6");
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), 7u) << "no item twice across pages, even with equal timestamps";
}

TEST_F(ProjectRepositoryTest, ArchivedProjectsAreHiddenUnlessAskedFor) {
  ProjectRepository projects(*db_);
  auto project = projects.Create(vendor_a_, "Old", "", 10);
  ASSERT_TRUE(projects.SetArchived(vendor_a_, project->id, true, 11).ok());
  EXPECT_TRUE(projects.List(vendor_a_, {}, false)->items.empty());
  EXPECT_EQ(projects.List(vendor_a_, {}, true)->items.size(), 1u);
}

}  // namespace
}  // namespace icopilot::store
