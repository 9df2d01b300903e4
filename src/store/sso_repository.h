// Sign-in through an org's OpenID Connect provider: the org's settings and the email
// domains its provider vouches for, sign-ins in flight (one-time states), and provider
// accounts linked to users.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/scope.h"

namespace icopilot::store {

class SqlExecutor;

struct SsoProvider {
  std::string org_id;
  std::string preset;  // "google", "entra" or "oidc"
  std::string issuer;
  std::string client_id;
  std::string client_secret_sealed;          // SecretBox::Seal
  std::vector<std::string> allowed_domains;  // lower case
  std::string role_claim;                    // "" when roles are not taken from the ID token
  Role default_role = Role::kMember;
  bool password_sign_in = true;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A sign-in sent to the provider and not yet back. Found by the SHA-256 of its `state`.
struct SsoState {
  std::string state_hash;
  std::string org_id;
  std::string nonce;
  std::string code_verifier_sealed;
  std::string binding_hash;  // SHA-256 of the cookie that ties it to the browser that began it
  std::string return_to;     // a path of the portal
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

class SsoRepository {
 public:
  explicit SsoRepository(SqlExecutor& db) : db_(db) {}

  // The caller's org's provider; nullopt when it has none.
  absl::StatusOr<std::optional<SsoProvider>> Get(const Scope& scope);
  // Creates or replaces the caller's org's provider and its domains. AlreadyExists naming
  // the domain when another org's provider has it.
  absl::Status Put(const Scope& scope, const SsoProvider& provider);
  // False when the org had none.
  absl::StatusOr<bool> Delete(const Scope& scope);

  // Unscoped, for signing in (no caller yet): by org, or by an email's domain.
  absl::StatusOr<std::optional<SsoProvider>> FindByOrg(std::string_view org_id);
  absl::StatusOr<std::optional<SsoProvider>> FindByDomain(std::string_view domain);
  // False only when the org has a provider with password sign-in switched off.
  absl::StatusOr<bool> PasswordSignInAllowed(std::string_view org_id);

  absl::Status SaveState(const SsoState& state);
  // Removes and returns the state (each is used once); nullopt when unknown, used or
  // expired. Also removes states expired by `now`.
  absl::StatusOr<std::optional<SsoState>> TakeState(std::string_view state_hash, std::int64_t now);

  // The user a provider account signed in as before; nullopt the first time.
  absl::StatusOr<std::optional<std::string>> FindIdentity(std::string_view issuer,
                                                          std::string_view subject);
  absl::Status LinkIdentity(std::string_view issuer, std::string_view subject,
                            std::string_view user_id, std::int64_t now);

 private:
  absl::StatusOr<std::optional<SsoProvider>> FindWhere(std::string_view where,
                                                       std::string_view value);
  SqlExecutor& db_;
};

}  // namespace icopilot::store
