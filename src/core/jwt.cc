#include "core/jwt.h"

#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "core/crypto.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::jwt {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcSignature = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

constexpr int kMinRsaBits = 2048;

std::string StringMember(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

absl::StatusOr<boost::json::object> DecodePart(std::string_view part, std::string_view which) {
  auto bytes = DecodeBase64Url(part);
  if (!bytes) return absl::InvalidArgumentError(StrCat("the token's ", which, " is not base64url"));
  auto json = ParseJson(*bytes);
  if (!json.ok() || !json->is_object())
    return absl::InvalidArgumentError(StrCat("the token's ", which, " is not a JSON object"));
  return std::move(json->as_object());
}

// A key from OpenSSL parameters; nullptr when OpenSSL refuses them.
std::shared_ptr<evp_pkey_st> FromParams(const char* type, const OSSL_PARAM* params) {
  KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (context == nullptr || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY,
                        const_cast<OSSL_PARAM*>(params)) != 1) {
    return nullptr;
  }
  return std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free);
}

Bignum ToBignum(const std::string& bytes) {
  return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()), nullptr));
}

std::shared_ptr<evp_pkey_st> RsaKey(const boost::json::object& jwk) {
  auto n = DecodeBase64Url(StringMember(jwk, "n"));
  auto e = DecodeBase64Url(StringMember(jwk, "e"));
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  Bignum modulus = ToBignum(*n), exponent = ToBignum(*e);
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (modulus == nullptr || exponent == nullptr || builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (params == nullptr) return nullptr;
  auto key = FromParams("RSA", params.get());
  if (key == nullptr || EVP_PKEY_get_bits(key.get()) < kMinRsaBits) return nullptr;
  return key;
}

// The curve's OpenSSL name and coordinate size; "" when not one this accepts.
std::pair<const char*, std::size_t> Curve(std::string_view crv) {
  if (crv == "P-256") return {"prime256v1", 32};
  if (crv == "P-384") return {"secp384r1", 48};
  return {"", 0};
}

std::shared_ptr<evp_pkey_st> EcKey(const boost::json::object& jwk) {
  const auto [group, size] = Curve(StringMember(jwk, "crv"));
  auto x = DecodeBase64Url(StringMember(jwk, "x"));
  auto y = DecodeBase64Url(StringMember(jwk, "y"));
  if (size == 0 || !x || !y || x->size() != size || y->size() != size) return nullptr;
  const std::string point = "\x04" + *x + *y;  // uncompressed
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (params == nullptr) return nullptr;
  return FromParams("EC", params.get());
}

struct Algorithm {
  const EVP_MD* digest = nullptr;
  std::string_view key_type;  // "RSA" or "EC"
  bool pss = false;
  std::string_view curve;  // EC only
};

std::optional<Algorithm> AlgorithmFor(std::string_view alg) {
  if (alg == "RS256") return Algorithm{EVP_sha256(), "RSA", false, ""};
  if (alg == "RS384") return Algorithm{EVP_sha384(), "RSA", false, ""};
  if (alg == "RS512") return Algorithm{EVP_sha512(), "RSA", false, ""};
  if (alg == "PS256") return Algorithm{EVP_sha256(), "RSA", true, ""};
  if (alg == "PS384") return Algorithm{EVP_sha384(), "RSA", true, ""};
  if (alg == "PS512") return Algorithm{EVP_sha512(), "RSA", true, ""};
  if (alg == "ES256") return Algorithm{EVP_sha256(), "EC", false, "P-256"};
  if (alg == "ES384") return Algorithm{EVP_sha384(), "EC", false, "P-384"};
  return std::nullopt;
}

// JWS writes an ECDSA signature as r and s side by side; OpenSSL reads DER.
std::optional<std::string> EcSignatureToDer(std::string_view raw, std::size_t coordinate_size) {
  if (raw.size() != 2 * coordinate_size) return std::nullopt;
  EcSignature signature(ECDSA_SIG_new());
  Bignum r = ToBignum(std::string(raw.substr(0, coordinate_size)));
  Bignum s = ToBignum(std::string(raw.substr(coordinate_size)));
  if (signature == nullptr || r == nullptr || s == nullptr ||
      ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return std::nullopt;
  }
  (void)r.release();  // owned by the signature now
  (void)s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

absl::StatusOr<Token> Decode(std::string_view compact) {
  const std::size_t first = compact.find('.');
  const std::size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
    return absl::InvalidArgumentError(
        "not a signed JSON Web Token (three parts separated by dots)");
  Token token;
  ASSIGN_OR_RETURN(token.header, DecodePart(compact.substr(0, first), "header"));
  ASSIGN_OR_RETURN(token.claims,
                   DecodePart(compact.substr(first + 1, second - first - 1), "payload"));
  auto signature = DecodeBase64Url(compact.substr(second + 1));
  if (!signature) return absl::InvalidArgumentError("the token's signature is not base64url");
  token.signature = std::move(*signature);
  token.alg = StringMember(token.header, "alg");
  token.kid = StringMember(token.header, "kid");
  if (token.alg.empty()) return absl::InvalidArgumentError("the token's header names no \"alg\"");
  token.signing_input = std::string(compact.substr(0, second));
  return token;
}

absl::StatusOr<KeySet> KeySet::Parse(std::string_view json) {
  auto parsed = ParseJson(json);
  const boost::json::object* root = parsed.ok() ? parsed->if_object() : nullptr;
  const boost::json::value* keys = root != nullptr ? root->if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array())
    return absl::InvalidArgumentError("not a JWK Set (a JSON object with a \"keys\" array)");
  KeySet set;
  for (const auto& entry : keys->as_array()) {
    const auto* jwk = entry.if_object();
    if (jwk == nullptr) {
      ++set.skipped_;
      continue;
    }
    const std::string use = StringMember(*jwk, "use");
    PublicKey key;
    key.type_ = StringMember(*jwk, "kty");
    if (key.type_ == "RSA") {
      key.key_ = RsaKey(*jwk);
    } else if (key.type_ == "EC") {
      key.curve_ = StringMember(*jwk, "crv");
      key.key_ = EcKey(*jwk);
    }
    if (key.key_ == nullptr || (!use.empty() && use != "sig")) {
      ERR_clear_error();  // a refused key leaves OpenSSL's queue for this thread clean
      ++set.skipped_;
      continue;
    }
    set.keys_.insert_or_assign(StringMember(*jwk, "kid"), std::move(key));
  }
  return set;
}

const PublicKey* KeySet::Find(std::string_view kid) const {
  if (kid.empty()) return keys_.size() == 1 ? &keys_.begin()->second : nullptr;
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

absl::Status VerifySignature(const Token& token, const PublicKey& key) {
  const auto algorithm = AlgorithmFor(token.alg);
  if (!algorithm)
    return absl::UnauthenticatedError(
        StrCat("the token is signed with \"", token.alg,
               "\"; only RS256/384/512, PS256/384/512 and ES256/384 are accepted"));
  if (algorithm->key_type != key.type() ||
      (!algorithm->curve.empty() && algorithm->curve != key.curve()))
    return absl::UnauthenticatedError(StrCat("the token's algorithm ", token.alg,
                                             " does not fit its key (", key.type(),
                                             key.curve().empty() ? "" : " ", key.curve(), ")"));
  std::string signature = token.signature;
  if (algorithm->key_type == "EC") {
    auto der = EcSignatureToDer(signature, Curve(key.curve()).second);
    if (!der) return absl::UnauthenticatedError("the token's signature does not match its key");
    signature = std::move(*der);
  }
  DigestContext context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;
  if (context == nullptr ||
      EVP_DigestVerifyInit(context.get(), &key_context, algorithm->digest, nullptr, key.get()) != 1)
    return absl::InternalError("OpenSSL could not start a signature check");
  if (algorithm->pss &&
      (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) != 1))
    return absl::InternalError("OpenSSL could not set up RSA-PSS");
  const int verified = EVP_DigestVerify(
      context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(token.signing_input.data()),
      token.signing_input.size());
  if (verified != 1) {
    ERR_clear_error();
    return absl::UnauthenticatedError("the token's signature does not match its key");
  }
  return absl::OkStatus();
}

}  // namespace icopilot::jwt
