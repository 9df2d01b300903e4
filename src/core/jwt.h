// Signed JSON Web Tokens as identity providers issue them (OpenID Connect ID tokens): the
// JWS compact form (RFC 7515), the public keys of a JWK Set (RFC 7517), and the check of a
// signature with one of them. Signatures are checked with OpenSSL's EVP (libsodium has
// neither RSA nor P-256, which Google and Microsoft sign with); see docs/decisions/0020.
// Only the asymmetric algorithms: a token signed with "none" or an HMAC is refused.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace icopilot::jwt {

struct Token {
  boost::json::object header;
  boost::json::object claims;
  std::string alg;            // header "alg"
  std::string kid;            // header "kid"; "" when absent
  std::string signing_input;  // "header.payload" as received: what was signed
  std::string signature;      // raw bytes
};

// InvalidArgument saying what is wrong: not three dot-separated parts, a part that is not
// base64url, a header or payload that is not a JSON object, no "alg".
absl::StatusOr<Token> Decode(std::string_view compact);

// One public key of a JWK Set, immutable: shared between threads as is.
class PublicKey {
 public:
  // "RSA" or "EC".
  const std::string& type() const { return type_; }
  const std::string& curve() const { return curve_; }  // "P-256", "P-384"; "" for RSA
  evp_pkey_st* get() const { return key_.get(); }

 private:
  friend class KeySet;
  std::string type_;
  std::string curve_;
  std::shared_ptr<evp_pkey_st> key_;
};

// The signing keys of a JWK Set ({"keys": [...]}) by key id. Keys this cannot use (an
// unknown type or curve, "use" other than "sig", RSA shorter than 2048 bits) are skipped and
// counted, so one odd key does not make a provider's whole set unusable.
class KeySet {
 public:
  // InvalidArgument when the text is not a JSON object with a "keys" array.
  static absl::StatusOr<KeySet> Parse(std::string_view json);

  // The key with `kid`; when `kid` is empty, the only key of the set. nullptr otherwise.
  const PublicKey* Find(std::string_view kid) const;
  std::size_t size() const { return keys_.size(); }
  std::size_t skipped() const { return skipped_; }

 private:
  std::map<std::string, PublicKey, std::less<>> keys_;
  std::size_t skipped_ = 0;
};

// Ok when `token`'s signature verifies with `key` under the token's "alg" (RS256, RS384,
// RS512, PS256, PS384, PS512, ES256, ES384). Unauthenticated naming the reason otherwise: an
// algorithm not allowed, a key of the wrong type for it, a signature that does not match.
absl::Status VerifySignature(const Token& token, const PublicKey& key);

}  // namespace icopilot::jwt
