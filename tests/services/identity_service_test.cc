#include "services/identity_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "services/fake_clock.h"
#include "store/audit_repository.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::services {
namespace {

class IdentityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto opened = testing::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(opened.ok());
    db_ = std::move(*opened);
    identity_ = std::make_unique<IdentityService>(*db_, clock_);
    auto org = identity_->CreateOrg("Acme", "vendor", "owner@acme.test", std::nullopt, "127.0.0.1");
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *org;
    owner_ = {{org_.org.id, org_.owner.id, store::Role::kOwner}, "127.0.0.1", "req_1"};
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<IdentityService> identity_;
  NewOrg org_;
  Actor owner_;
};

TEST_F(IdentityServiceTest, FirstKeyAuthenticatesAsTheOwner) {
  EXPECT_TRUE(org_.api_key.secret.starts_with("icp_"));
  auto principal = identity_->AuthenticateApiKey(org_.api_key.secret);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->scope.org_id, org_.org.id);
  EXPECT_EQ(principal->scope.role, store::Role::kOwner);
}

TEST_F(IdentityServiceTest, KeysAreStoredOnlyAsHashes) {
  auto rows = db_->Query("SELECT key_hash FROM api_keys", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), Sha256Hex(org_.api_key.secret));
}

TEST_F(IdentityServiceTest, ExpiredAndRevokedKeysAreRefused) {
  auto key = identity_->CreateApiKey(owner_, "ci", store::Role::kMember, clock_.NowMillis() + 1000);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_TRUE(identity_->AuthenticateApiKey(key->secret).ok());
  clock_.Advance(1001);
  auto expired = identity_->AuthenticateApiKey(key->secret);
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(std::string(expired.status().message()).find("expired"), std::string::npos);

  auto other = identity_->CreateApiKey(owner_, "other", store::Role::kMember, std::nullopt);
  ASSERT_TRUE(identity_->RevokeApiKey(owner_, other->key.id).ok());
  auto revoked = identity_->AuthenticateApiKey(other->secret);
  EXPECT_NE(std::string(revoked.status().message()).find("revoked"), std::string::npos);
}

TEST_F(IdentityServiceTest, NobodyMintsAKeyAboveTheirRole) {
  auto member = identity_->CreateUser(owner_, "m@acme.test", "Member", store::Role::kMember);
  ASSERT_TRUE(member.ok());
  Actor as_member{{org_.org.id, member->user.id, store::Role::kMember}, "", ""};
  auto key = identity_->CreateApiKey(as_member, "escalate", store::Role::kOwner, std::nullopt);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kPermissionDenied);
  auto partner_role = identity_->CreateApiKey(owner_, "cross", store::Role::kPartnerAdmin, std::nullopt);
  EXPECT_EQ(partner_role.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(IdentityServiceTest, AUserAnAdminCreatedMustChooseTheirOwnPassword) {
  auto member = identity_->CreateUser(owner_, "new@acme.test", "New", store::Role::kMember);
  ASSERT_TRUE(member.ok()) << member.status();
  auto session = identity_->Login("new@acme.test", member->password, "", "");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_TRUE(session->user.password_temporary);
  auto principal = identity_->AuthenticateSession(session->token);
  ASSERT_TRUE(principal.ok());
  EXPECT_TRUE(principal->password_temporary) << "the API refuses this session until it is changed";
  // The owner, who chose their own at signup, is not asked.
  auto owner = identity_->Login("owner@acme.test", org_.password, "", "");
  ASSERT_TRUE(owner.ok());
  EXPECT_FALSE(owner->user.password_temporary);
}

TEST_F(IdentityServiceTest, LoginChecksThePasswordAndSessionsExpire) {
  auto wrong = identity_->Login("owner@acme.test", "nope", "", "");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kUnauthenticated);
  auto unknown = identity_->Login("nobody@acme.test", org_.password, "", "");
  EXPECT_EQ(unknown.status().message(), wrong.status().message()) << "no hint which emails exist";
  clock_.Advance(1);  // newest first: after org.create
  auto session = identity_->Login("owner@acme.test", org_.password, "10.0.0.9", "req_login");
  ASSERT_TRUE(session.ok()) << session.status();
  auto principal = identity_->AuthenticateSession(session->token);
  ASSERT_TRUE(principal.ok());
  auto events = store::AuditRepository(*db_).List(owner_.scope, {});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->items.front().action, "session.create");
  EXPECT_EQ(events->items.front().client_address, "10.0.0.9");
  EXPECT_EQ(principal->csrf_token, session->session.csrf_token);
  clock_.Advance(13LL * 3600 * 1000);
  EXPECT_FALSE(identity_->AuthenticateSession(session->token).ok());
}

TEST_F(IdentityServiceTest, DuplicateEmailsAreConflicts) {
  auto again = identity_->CreateOrg("Other", "vendor", "owner@acme.test", std::nullopt, "");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  auto bad = identity_->CreateOrg("Other", "vendor", "not-an-email", std::nullopt, "");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IdentityServiceTest, WritesAreAudited) {
  clock_.Advance(1);  // newest first: keep the two events apart in time
  ASSERT_TRUE(identity_->CreateApiKey(owner_, "audited", store::Role::kAdmin, std::nullopt).ok());
  auto events = store::AuditRepository(*db_).List(owner_.scope, {});
  ASSERT_TRUE(events.ok());
  ASSERT_GE(events->items.size(), 2u);
  EXPECT_EQ(events->items[0].action, "api_key.create");
  EXPECT_EQ(events->items[0].actor_id, org_.owner.id);
  EXPECT_EQ(events->items[0].client_address, "127.0.0.1");
  EXPECT_EQ(events->items[0].request_id, "req_1");
}

}  // namespace
}  // namespace icopilot::services
