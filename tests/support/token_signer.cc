#include "support/token_signer.h"

#include <stdexcept>
#include <vector>

#include <boost/json/serialize.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "core/crypto.h"

namespace icopilot::testing {
namespace {

std::string BignumBytes(const BIGNUM* n, int size = 0) {
  std::vector<unsigned char> out(static_cast<std::size_t>(size > 0 ? size : BN_num_bytes(n)));
  if (size > 0)
    BN_bn2binpad(n, out.data(), size);
  else
    BN_bn2bin(n, out.data());
  return std::string(out.begin(), out.end());
}

std::string Param(EVP_PKEY* key, const char* name, int size = 0) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) throw std::runtime_error(name);
  std::string bytes = BignumBytes(value, size);
  BN_free(value);
  return EncodeBase64Url(bytes);
}

}  // namespace

TokenSigner::TokenSigner(std::string alg, std::string kid)
    : alg_(std::move(alg)), kid_(std::move(kid)) {
  EVP_PKEY* key = alg_ == "ES256" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                  : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  if (key == nullptr) throw std::runtime_error("key generation failed");
  key_ = std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free);
}

boost::json::object TokenSigner::Jwk() const {
  if (alg_ == "ES256")
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"kid", kid_},
            {"use", "sig"},
            {"x", Param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)},
            {"y", Param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)}};
  return {{"kty", "RSA"},
          {"kid", kid_},
          {"use", "sig"},
          {"n", Param(key_.get(), OSSL_PKEY_PARAM_RSA_N)},
          {"e", Param(key_.get(), OSSL_PKEY_PARAM_RSA_E)}};
}

std::string TokenSigner::Sign(const boost::json::object& claims) const {
  const std::string input = EncodeBase64Url(boost::json::serialize(boost::json::object{
                                {"alg", alg_}, {"kid", kid_}, {"typ", "JWT"}})) +
                            "." + EncodeBase64Url(boost::json::serialize(claims));
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_PKEY_CTX* key_context = nullptr;
  EVP_DigestSignInit(context, &key_context, EVP_sha256(), nullptr, key_.get());
  if (alg_ == "PS256") {
    EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST);
  }
  std::size_t length = 0;
  EVP_DigestSign(context, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                 input.size());
  std::string signature(length, '\0');
  EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(length);
  EVP_MD_CTX_free(context);
  if (alg_ == "ES256") {
    // DER to JWS's r || s.
    const unsigned char* der = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    signature =
        BignumBytes(ECDSA_SIG_get0_r(parsed), 32) + BignumBytes(ECDSA_SIG_get0_s(parsed), 32);
    ECDSA_SIG_free(parsed);
  }
  return input + "." + EncodeBase64Url(signature);
}

}  // namespace icopilot::testing
