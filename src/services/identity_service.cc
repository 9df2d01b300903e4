#include "services/identity_service.h"

#include <boost/json/object.hpp>

#include "core/crypto.h"
#include "core/ids.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "store/api_key_repository.h"
#include "store/org_repository.h"
#include "store/session_repository.h"
#include "store/sso_repository.h"
#include "store/user_repository.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kSessionLifetimeMs = 12LL * 3600 * 1000;
constexpr std::string_view kKeyPrefix = "icp_";
constexpr std::size_t kShownPrefixLength = 12;
// argon2id takes any length, but nobody types more; this bounds the work per attempt.
constexpr std::size_t kMaxPasswordLength = 1024;

std::string GeneratePassword() { return RandomToken(18); }

// Verifying against a fixed hash when the email is unknown keeps the answer time the
// same, so response timing does not reveal which emails have accounts.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("not a real password");
  return hash;
}

// Nobody hands out a role above their own, or one of the other side (vendor/partner).
absl::Status RequireGrantable(const Actor& actor, store::Role role, std::string_view what) {
  if (store::RoleAtLeast(actor.scope.role, role)) return absl::OkStatus();
  return absl::PermissionDeniedError(StrCat("role: a ", store::RoleName(actor.scope.role),
                                            " cannot create a ", what, " with role ",
                                            store::RoleName(role)));
}

}  // namespace

absl::Status ValidateEmail(std::string_view email) {
  std::size_t at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n") != std::string_view::npos) {
    return absl::InvalidArgumentError(StrCat("email: '", email, "' is not an email address"));
  }
  return absl::OkStatus();
}

absl::Status ValidateName(std::string_view field, std::string_view value, std::size_t max_length) {
  if (TrimWhitespace(value).empty())
    return absl::InvalidArgumentError(StrCat(field, ": must not be empty"));
  if (value.size() > max_length) {
    return absl::InvalidArgumentError(StrCat(field, ": longer than ", max_length, " bytes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<NewOrg> IdentityService::CreateOrg(std::string_view name, std::string_view kind,
                                                  std::string_view owner_email,
                                                  std::optional<std::string> password,
                                                  const std::string& client_address,
                                                  const ThenStep& then) {
  RETURN_IF_ERROR(ValidateName("name", name));
  RETURN_IF_ERROR(ValidateEmail(owner_email));
  if (kind != "vendor" && kind != "partner")
    return absl::InvalidArgumentError("kind: must be vendor or partner");
  if (password && password->size() > kMaxPasswordLength) {
    return absl::InvalidArgumentError("password: longer than 1024 characters");
  }
  NewOrg result;
  result.password = password ? *password : GeneratePassword();
  std::string hash = HashPassword(result.password);  // before the transaction: it is slow
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result.org, store::OrgRepository(tx).Create(name, kind, now));
    store::Role role = kind == "vendor" ? store::Role::kOwner : store::Role::kPartnerAdmin;
    // A partner's first user got a password from the vendor's invitation: theirs to replace.
    const bool temporary = kind == "partner" && !password;
    ASSIGN_OR_RETURN(result.owner,
                     store::UserRepository(tx).Create(result.org.id, owner_email, "Owner", role,
                                                      hash, now, temporary));
    store::Scope scope{result.org.id, result.owner.id, role};
    ASSIGN_OR_RETURN(result.api_key, InsertApiKey(tx, scope, "first key", role, std::nullopt));
    Actor actor{scope, client_address, ""};
    RETURN_IF_ERROR(RecordAudit(tx, actor, "org.create", "org", result.org.id,
                                {{"name", result.org.name}, {"kind", result.org.kind}}, now));
    return then ? then(tx, result) : absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<NewSession> IdentityService::Login(std::string_view email, std::string_view password,
                                                  const std::string& client_address,
                                                  const std::string& request_id) {
  if (password.size() > kMaxPasswordLength)
    return absl::UnauthenticatedError("wrong email or password");
  ASSIGN_OR_RETURN(auto user, store::UserRepository(db_).FindByEmail(email));
  bool verified = VerifyPassword(user ? user->password_hash : DummyHash(), password);
  if (!user || !verified) return absl::UnauthenticatedError("wrong email or password");
  // Told only to whoever knows the password: the org wants its users through its provider.
  ASSIGN_OR_RETURN(bool allowed, store::SsoRepository(db_).PasswordSignInAllowed(user->org_id));
  if (!allowed)
    return absl::PermissionDeniedError(
        "your org signs in through its identity provider: use single sign-on");
  return StartSession(*user, "password", client_address, request_id);
}

absl::StatusOr<NewSession> IdentityService::StartSession(const store::User& user,
                                                         std::string_view method,
                                                         const std::string& client_address,
                                                         const std::string& request_id) {
  const std::int64_t now = clock_.NowMillis();
  NewSession result;
  result.user = user;
  result.token = RandomToken(32);
  result.session = {NewId("ses"), user.id, RandomToken(24), now, now + kSessionLifetimeMs};
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::SessionRepository sessions(tx);
    RETURN_IF_ERROR(sessions.DeleteExpired(now));
    RETURN_IF_ERROR(sessions.Create(result.session, Sha256Hex(result.token)));
    Actor actor{{user.org_id, user.id, user.role}, client_address, request_id};
    return RecordAudit(tx, actor, "session.create", "session", result.session.id,
                       {{"method", method}}, now);
  }));
  return result;
}

absl::Status IdentityService::Logout(const Actor& actor, const Principal& principal) {
  if (principal.session_id.empty()) return absl::OkStatus();
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::SessionRepository(tx).Delete(principal.session_id));
    return RecordAudit(tx, actor, "session.delete", "session", principal.session_id, {}, now);
  });
}

absl::StatusOr<Principal> IdentityService::AuthenticateApiKey(std::string_view key) {
  if (!key.starts_with(kKeyPrefix))
    return absl::UnauthenticatedError("not an Integration Copilot API key");
  store::ApiKeyRepository keys(db_);
  ASSIGN_OR_RETURN(auto found, keys.FindByHash(Sha256Hex(key)));
  const std::int64_t now = clock_.NowMillis();
  if (!found) return absl::UnauthenticatedError("unknown API key");
  if (found->revoked_at) return absl::UnauthenticatedError("this API key was revoked");
  if (found->expires_at && *found->expires_at <= now)
    return absl::UnauthenticatedError("this API key has expired");
  // One write a minute per key at most: last-used is a hint, not a log.
  if (!found->last_used_at || now - *found->last_used_at > 60'000)
    (void)keys.TouchLastUsed(found->id, now);
  Principal principal;
  principal.scope = {found->org_id, found->user_id, found->role};
  principal.api_key_id = found->id;
  return principal;
}

absl::StatusOr<Principal> IdentityService::AuthenticateSession(std::string_view token) {
  ASSIGN_OR_RETURN(auto session,
                   store::SessionRepository(db_).FindValid(Sha256Hex(token), clock_.NowMillis()));
  if (!session) return absl::UnauthenticatedError("session expired or unknown; log in again");
  ASSIGN_OR_RETURN(auto user, store::UserRepository(db_).FindById(session->user_id));
  if (!user) return absl::UnauthenticatedError("session user no longer exists");
  Principal principal;
  principal.scope = {user->org_id, user->id, user->role};
  principal.session_id = session->id;
  principal.csrf_token = session->csrf_token;
  principal.password_temporary = user->password_temporary;
  return principal;
}

absl::Status IdentityService::ChangePassword(const Actor& actor, std::string_view current,
                                             std::string_view replacement) {
  if (replacement.size() < kMinPasswordLength)
    return absl::InvalidArgumentError(
        StrCat("new_password: must have at least ", kMinPasswordLength, " characters"));
  if (replacement.size() > kMaxPasswordLength)
    return absl::InvalidArgumentError("new_password: longer than 1024 characters");
  if (replacement == current)
    return absl::InvalidArgumentError("new_password: must differ from the current one");
  ASSIGN_OR_RETURN(auto user, store::UserRepository(db_).FindById(actor.scope.user_id));
  if (!user) return absl::NotFoundError("user not found");
  if (current.size() > kMaxPasswordLength || !VerifyPassword(user->password_hash, current))
    return absl::InvalidArgumentError("current_password: not the current password");
  std::string hash = HashPassword(replacement);  // before the transaction: it is slow
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::UserRepository(tx).SetPasswordHash(user->id, hash, false));
    return RecordAudit(tx, actor, "user.password_change", "user", user->id, {}, now);
  });
}

absl::StatusOr<NewApiKey> IdentityService::InsertApiKey(store::SqlExecutor& tx,
                                                        const store::Scope& owner,
                                                        std::string_view name, store::Role role,
                                                        std::optional<std::int64_t> expires_at) {
  NewApiKey result;
  result.secret = StrCat(kKeyPrefix, RandomToken(32));
  result.key.id = NewId("key");
  result.key.org_id = owner.org_id;
  result.key.user_id = owner.user_id;
  result.key.name = std::string(name);
  result.key.role = role;
  result.key.prefix = result.secret.substr(0, kShownPrefixLength);
  result.key.created_at = clock_.NowMillis();
  result.key.expires_at = expires_at;
  RETURN_IF_ERROR(store::ApiKeyRepository(tx).Create(result.key, Sha256Hex(result.secret)));
  return result;
}

absl::StatusOr<NewApiKey> IdentityService::CreateApiKey(const Actor& actor, std::string_view name,
                                                        store::Role role,
                                                        std::optional<std::int64_t> expires_at) {
  RETURN_IF_ERROR(ValidateName("name", name));
  RETURN_IF_ERROR(RequireGrantable(actor, role, "key"));
  const std::int64_t now = clock_.NowMillis();
  if (expires_at && *expires_at <= now)
    return absl::InvalidArgumentError("expires_at: must be in the future");
  NewApiKey result;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, InsertApiKey(tx, actor.scope, name, role, expires_at));
    return RecordAudit(tx, actor, "api_key.create", "api_key", result.key.id,
                       {{"name", result.key.name}, {"role", store::RoleName(role)}}, now);
  }));
  return result;
}

absl::StatusOr<store::Page<store::ApiKey>> IdentityService::ListApiKeys(
    const Actor& actor, const store::PageRequest& page) {
  return store::ApiKeyRepository(db_).List(actor.scope, page);
}

absl::StatusOr<store::ApiKey> IdentityService::RevokeApiKey(const Actor& actor,
                                                            std::string_view id) {
  store::ApiKey revoked;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(revoked, store::ApiKeyRepository(tx).Revoke(actor.scope, id, now));
    return RecordAudit(tx, actor, "api_key.revoke", "api_key", revoked.id, {}, now);
  }));
  return revoked;
}

absl::StatusOr<IdentityService::NewUser> IdentityService::CreateUser(const Actor& actor,
                                                                     std::string_view email,
                                                                     std::string_view name,
                                                                     store::Role role) {
  RETURN_IF_ERROR(ValidateEmail(email));
  RETURN_IF_ERROR(ValidateName("name", name));
  RETURN_IF_ERROR(RequireGrantable(actor, role, "user"));
  NewUser result;
  result.password = GeneratePassword();
  std::string hash = HashPassword(result.password);
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    // Someone else chose this password: the user sets their own at first sign-in.
    ASSIGN_OR_RETURN(result.user, store::UserRepository(tx).Create(actor.scope.org_id, email, name,
                                                                   role, hash, now,
                                                                   /*password_temporary=*/true));
    return RecordAudit(tx, actor, "user.create", "user", result.user.id,
                       {{"email", result.user.email}, {"role", store::RoleName(role)}}, now);
  }));
  return result;
}

absl::StatusOr<store::Page<store::User>> IdentityService::ListUsers(
    const Actor& actor, const store::PageRequest& page) {
  return store::UserRepository(db_).List(actor.scope, page);
}

absl::StatusOr<store::User> IdentityService::GetUser(const Actor& actor, std::string_view id) {
  return store::UserRepository(db_).Get(actor.scope, id);
}

absl::StatusOr<store::Org> IdentityService::GetOrg(const Actor& actor) {
  return store::OrgRepository(db_).GetOwn(actor.scope);
}

absl::StatusOr<store::Org> IdentityService::RenameOrg(const Actor& actor, std::string_view name) {
  RETURN_IF_ERROR(ValidateName("name", name));
  store::Org org;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(org, store::OrgRepository(tx).Rename(actor.scope, name));
    return RecordAudit(tx, actor, "org.update", "org", org.id, {{"name", org.name}}, now);
  }));
  return org;
}

absl::StatusOr<std::string> IdentityService::ResetPassword(const Actor& actor) {
  std::string password = GeneratePassword();
  std::string hash = HashPassword(password);
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::UserRepository(tx).SetPasswordHash(actor.scope.user_id, hash));
    return RecordAudit(tx, actor, "user.password_reset", "user", actor.scope.user_id, {}, now);
  }));
  return password;
}

}  // namespace icopilot::services
