// Signs JSON Web Tokens with keys made for the test (RSA 2048 or P-256), and writes their
// public halves as JWKs: the provider's side of an ID token, for tests of the checks.
#pragma once

#include <memory>
#include <string>

#include <boost/json/object.hpp>

struct evp_pkey_st;

namespace icopilot::testing {

class TokenSigner {
 public:
  // "RS256" (RSA 2048), "PS256" (the same key type) or "ES256" (P-256).
  TokenSigner(std::string alg, std::string kid);

  // {"kty": ..., "kid": ..., "use": "sig", ...}
  boost::json::object Jwk() const;
  // header.payload.signature, the header {"alg", "kid", "typ": "JWT"}.
  std::string Sign(const boost::json::object& claims) const;
  const std::string& kid() const { return kid_; }

 private:
  std::string alg_;
  std::string kid_;
  std::shared_ptr<evp_pkey_st> key_;
};

}  // namespace icopilot::testing
