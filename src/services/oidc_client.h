// What the platform asks of an OpenID Connect provider: its discovery document, its signing
// keys (JWKS) and an authorization code's tokens. Discovery and keys are kept per instance
// (an hour; keys fetched again when a token names a key id the set does not have, at most
// every 10 s per provider, so tokens with made-up key ids cannot make us hammer it).
// Thread-safe. The issuer is an org admin's choice: hosts that resolve to private addresses
// are refused, and plain http is refused, unless `allow_private_targets` (tests, labs).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/jwt.h"

namespace icopilot::services {

struct OidcProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  // client_secret_basic when the provider lists it (or lists nothing: the default),
  // client_secret_post otherwise.
  bool secret_in_body = false;
};

struct OidcClientOptions {
  bool allow_private_targets = false;
};

class OidcClient {
 public:
  OidcClient(const Clock& clock, OidcClientOptions options) : clock_(clock), options_(options) {}

  // `issuer`/.well-known/openid-configuration, checked: its "issuer" is `issuer` exactly and
  // the endpoints are there. FailedPrecondition saying what is wrong; Unavailable when the
  // provider cannot be reached.
  absl::StatusOr<OidcProviderMetadata> Discover(std::string_view issuer);

  // The provider's key with `kid`. Unauthenticated when the set (fetched again when the key
  // is unknown) does not have it.
  absl::StatusOr<jwt::PublicKey> KeyFor(const OidcProviderMetadata& provider, std::string_view kid);

  struct CodeExchange {
    std::string code;
    std::string redirect_uri;
    std::string code_verifier;
    std::string client_id;
    std::string client_secret;
  };
  // The ID token the token endpoint returns for an authorization code. FailedPrecondition
  // with the provider's error ("invalid_grant: ...") when it refuses.
  absl::StatusOr<std::string> ExchangeCode(const OidcProviderMetadata& provider,
                                           const CodeExchange& exchange);

 private:
  struct CachedKeys {
    std::shared_ptr<const jwt::KeySet> keys;
    std::int64_t fetched_at = 0;
  };
  struct CachedMetadata {
    OidcProviderMetadata metadata;
    std::int64_t fetched_at = 0;
  };
  absl::StatusOr<std::string> Fetch(std::string_view field, std::string_view url,
                                    std::string_view method = "GET", std::string body = {},
                                    std::string authorization = {});
  absl::StatusOr<std::shared_ptr<const jwt::KeySet>> FetchKeys(std::string_view jwks_uri);

  const Clock& clock_;
  const OidcClientOptions options_;
  std::mutex mutex_;
  std::map<std::string, CachedMetadata, std::less<>> metadata_;  // guarded by mutex_
  std::map<std::string, CachedKeys, std::less<>> keys_;          // guarded by mutex_
};

}  // namespace icopilot::services
