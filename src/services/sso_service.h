// Sign-in through an org's OpenID Connect provider (authorization code flow with PKCE,
// state and nonce), and the org admin's settings for it. A sign-in in flight is a row in the
// database, so the provider may send the browser back to any instance; each is used once
// and is tied to the browser that began it by a cookie. Users signing in for the first time
// are created in the provider's org, and only there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "services/identity_service.h"
#include "services/oidc_client.h"
#include "store/database.h"
#include "store/sso_repository.h"

namespace icopilot::services {

// What an org admin sets. `client_secret` nullopt keeps the one stored.
struct SsoSettings {
  std::string preset;  // "google", "entra" or "oidc"
  std::string issuer;  // "oidc" only; the presets know theirs
  std::string tenant;  // "entra" only: the directory (tenant) id
  std::string client_id;
  std::optional<std::string> client_secret;
  std::vector<std::string> allowed_domains;
  std::string role_claim;
  store::Role default_role = store::Role::kMember;
  bool password_sign_in = true;
};

// What the sign-in page may know before anyone signs in.
struct SsoOffer {
  std::string org_id;
  std::string org_name;
  std::string preset;
  std::string label;  // "Google", "Microsoft Entra ID", "single sign-on"
  bool password_sign_in = true;
};

struct SsoStarted {
  std::string authorization_url;
  std::string browser_binding;  // the cookie value tying the callback to this browser
};

struct SsoSignedIn {
  NewSession session;
  std::string return_to;  // a path of the portal
  bool user_created = false;
};

// Why a sign-in was refused, for the sign-in page (the status's message says more): set as
// the status payload kSsoErrorPayload.
inline constexpr char kSsoErrorPayload[] = "icopilot.sso_error";
std::string SsoErrorCode(const absl::Status& status);

class SsoService {
 public:
  SsoService(store::Database& db, const SecretBox& box, const Clock& clock,
             IdentityService& identity, OidcClient& oidc)
      : db_(db), box_(box), clock_(clock), identity_(identity), oidc_(oidc) {}

  // Where providers send browsers back: set once, before serving.
  void SetCallbackUrl(std::string url) { callback_url_ = std::move(url); }
  const std::string& callback_url() const { return callback_url_; }

  // The caller's org's provider (vendor org admins); nullopt when it has none.
  absl::StatusOr<std::optional<store::SsoProvider>> Get(const Actor& actor);
  // Checked against the provider's discovery document before it is stored.
  absl::StatusOr<store::SsoProvider> Put(const Actor& actor, const SsoSettings& settings);
  // Done when there is none already (deleting is idempotent).
  absl::Status Delete(const Actor& actor);

  // The provider for an email's domain, or for an org. NotFound when there is none.
  absl::StatusOr<SsoOffer> OfferForEmail(std::string_view email);
  absl::StatusOr<SsoOffer> OfferForOrg(std::string_view org_id);

  // Begins a sign-in with the org's provider. `login_hint` (an email) is passed on;
  // `return_to` must be a path of the portal ("/" otherwise).
  absl::StatusOr<SsoStarted> Start(std::string_view org_id, std::string_view login_hint,
                                   std::string_view return_to);

  // The provider sent the browser back with `code` and `state`, and `issuer` when it names
  // itself (RFC 9207; "" when not). Unauthenticated (with an SsoErrorCode) when anything
  // does not hold; no user is created then.
  absl::StatusOr<SsoSignedIn> Finish(std::string_view code, std::string_view state,
                                     std::string_view issuer, std::string_view browser_binding,
                                     const std::string& client_address,
                                     const std::string& request_id);

 private:
  absl::StatusOr<SsoOffer> Offer(const std::optional<store::SsoProvider>& provider);
  absl::StatusOr<SsoSignedIn> Complete(std::string_view code, std::string_view state,
                                       std::string_view issuer, std::string_view browser_binding,
                                       const std::string& client_address,
                                       const std::string& request_id);
  absl::StatusOr<SsoSignedIn> SignIn(const store::SsoProvider& provider,
                                     const store::SsoState& state, std::string_view code,
                                     const std::string& client_address,
                                     const std::string& request_id);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
  IdentityService& identity_;
  OidcClient& oidc_;
  std::string callback_url_;
};

}  // namespace icopilot::services
