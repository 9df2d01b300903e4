// A certificate file and a public key as `icopilot certificate verify` reads them from
// anyone: never a crash, and every refusal says why. Also signs the input as facts with a
// fixed key: that must verify, and must stop verifying when any byte of it changes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <sodium.h>

#include "core/crypto.h"
#include "services/certificate_document.h"

namespace {

const icopilot::SigningKey& FixedKey() {
  static const icopilot::SigningKey key = [] {
    icopilot::InitCrypto();
    unsigned char seed[crypto_sign_ed25519_SEEDBYTES] = {7};
    unsigned char public_key[crypto_sign_ed25519_PUBLICKEYBYTES];
    unsigned char secret_key[crypto_sign_ed25519_SECRETKEYBYTES];
    crypto_sign_ed25519_seed_keypair(public_key, secret_key, seed);
    return icopilot::SigningKey{
        std::string(reinterpret_cast<const char*>(public_key), sizeof public_key),
        std::string(reinterpret_cast<const char*>(secret_key), sizeof secret_key)};
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icopilot::services;
  const icopilot::SigningKey& key = FixedKey();
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto checked = VerifyCertificate(text, key.public_key);
  if (!checked.ok() && checked.status().message().empty()) std::abort();
  auto read_key = ReadPublicKey(text);
  if (read_key.ok() && read_key->size() != 32) std::abort();
  if (!read_key.ok() && read_key.status().message().empty()) std::abort();

  // Arbitrary text as a fact: signed (text that is not UTF-8 is refused), it verifies;
  // altered, it does not.
  auto made = SignCertificate({{"fact", std::string(text)}}, key);
  if (!made.ok()) return 0;
  const SignedCertificate& signed_certificate = *made;
  auto verified = VerifyCertificate(signed_certificate.document, key.public_key);
  if (!verified.ok() || verified->sha256 != signed_certificate.sha256) std::abort();
  const std::size_t payload = signed_certificate.document.find("\"payload\":\"");
  if (payload == std::string::npos) std::abort();
  std::string altered = signed_certificate.document;
  const std::size_t at = payload + 11 + size % 8;  // inside the payload's first bytes
  altered[at] = static_cast<char>(altered[at] == 'a' ? 'b' : 'a');
  if (VerifyCertificate(altered, key.public_key).ok()) std::abort();
  return 0;
}
