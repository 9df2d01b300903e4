// The claims of an OpenID Connect ID token checked for one sign-in (OpenID Connect Core
// 3.1.3.7): issued by the org's provider, for our client, unexpired, issued recently, for
// this sign-in's nonce, naming a user by subject and verified email.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "core/jwt.h"

namespace icopilot::services {

struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  std::int64_t now_ms = 0;
  std::int64_t skew_ms = 60 * 1000;          // clocks of two machines disagree
  std::int64_t max_age_ms = 10 * 60 * 1000;  // a token issued longer ago is not this sign-in's
};

struct IdTokenIdentity {
  std::string subject;
  std::string email;  // lower case
  std::string name;   // "" when the provider sent none
};

// Unauthenticated naming the claim and what was wrong: another issuer or audience, expired,
// issued in the future or too long ago, another nonce, no subject, no email or an email the
// provider says it has not verified.
absl::StatusOr<IdTokenIdentity> CheckIdTokenClaims(const jwt::Token& token,
                                                   const IdTokenExpectations& expected);

}  // namespace icopilot::services
