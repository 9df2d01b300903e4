// Orgs, users, passwords, login sessions and API keys.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

// An authenticated caller.
// The shortest password a user may choose (signup, a changed password).
inline constexpr std::size_t kMinPasswordLength = 12;

struct Principal {
  store::Scope scope;
  std::string api_key_id;  // set when authenticated by API key
  std::string session_id;  // set when authenticated by session cookie
  std::string csrf_token;  // the session's, for cookie-authenticated writes
  // The session's user still has a password someone else chose: until they set their
  // own, the session may only do that, see who it is, or end.
  bool password_temporary = false;
};

struct NewApiKey {
  store::ApiKey key;
  std::string secret;  // "icp_...": shown once, never stored
};

struct NewOrg {
  store::Org org;
  store::User owner;
  std::string password;  // generated, shown once
  NewApiKey api_key;
};

struct NewSession {
  store::Session session;
  store::User user;
  std::string token;  // the cookie value, shown once
};

class IdentityService {
 public:
  IdentityService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // A new org of `kind` with its first user (owner, or partner-admin for a partner org),
  // a generated password and an API key. InvalidArgument on a bad name or email,
  // AlreadyExists when the email is taken. `password` may be given (signup) or generated.
  // `then`, when given, runs in the same transaction (a vendor inviting a partner links it
  // to a project), so no half-made org is left behind.
  using ThenStep = std::function<absl::Status(store::SqlExecutor&, const NewOrg&)>;
  absl::StatusOr<NewOrg> CreateOrg(std::string_view name, std::string_view kind,
                                   std::string_view owner_email,
                                   std::optional<std::string> password,
                                   const std::string& client_address,
                                   const ThenStep& then = nullptr);

  // Unauthenticated on a wrong email or password, with the same message for both.
  // Both are audited; `client_address` and `request_id` say from where.
  absl::StatusOr<NewSession> Login(std::string_view email, std::string_view password,
                                   const std::string& client_address,
                                   const std::string& request_id);
  absl::Status Logout(const Actor& actor, const Principal& principal);
  // A session for a user another way has authenticated (an identity provider); audited as
  // a session.create with `method`.
  absl::StatusOr<NewSession> StartSession(const store::User& user, std::string_view method,
                                          const std::string& client_address,
                                          const std::string& request_id);

  // Resolves an "icp_..." key or a session token. Unauthenticated when unknown, expired or
  // revoked.
  absl::StatusOr<Principal> AuthenticateApiKey(std::string_view key);
  absl::StatusOr<Principal> AuthenticateSession(std::string_view token);

  absl::StatusOr<NewApiKey> CreateApiKey(const Actor& actor, std::string_view name,
                                         store::Role role, std::optional<std::int64_t> expires_at);
  absl::StatusOr<store::Page<store::ApiKey>> ListApiKeys(const Actor& actor,
                                                         const store::PageRequest& page);
  absl::StatusOr<store::ApiKey> RevokeApiKey(const Actor& actor, std::string_view id);

  struct NewUser {
    store::User user;
    std::string password;  // generated, shown once
  };
  absl::StatusOr<NewUser> CreateUser(const Actor& actor, std::string_view email,
                                     std::string_view name, store::Role role);
  absl::StatusOr<store::Page<store::User>> ListUsers(const Actor& actor,
                                                     const store::PageRequest& page);
  absl::StatusOr<store::User> GetUser(const Actor& actor, std::string_view id);
  absl::StatusOr<store::Org> GetOrg(const Actor& actor);
  absl::StatusOr<store::Org> RenameOrg(const Actor& actor, std::string_view name);

  // The actor's own password, replaced after checking the current one. InvalidArgument
  // naming the field: too short (12 characters at least), the same, or a wrong current one.
  absl::Status ChangePassword(const Actor& actor, std::string_view current,
                              std::string_view replacement);

  // A fresh password for the actor's own user (the demo seed prints it on each start).
  absl::StatusOr<std::string> ResetPassword(const Actor& actor);

 private:
  absl::StatusOr<NewApiKey> InsertApiKey(store::SqlExecutor& tx, const store::Scope& owner,
                                         std::string_view name, store::Role role,
                                         std::optional<std::int64_t> expires_at);

  store::Database& db_;
  const Clock& clock_;
};

// Field checks shared by the services: InvalidArgument naming the field.
absl::Status ValidateEmail(std::string_view email);
absl::Status ValidateName(std::string_view field, std::string_view value,
                          std::size_t max_length = 200);

}  // namespace icopilot::services
