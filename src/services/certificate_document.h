// The certificate file (docs/certificates.md): the certified facts as JSON text, signed as
// those exact bytes, so checking one needs no canonical form, only the text, its SHA-256
// and the server's Ed25519 public key. Pure: the CLI checks a file with no server data.
//
//   {"format": "icopilot-certificate/1", "key_id": "...", "sha256": "<hex of payload>",
//    "signature": "<base64 Ed25519 of payload>", "payload": "<the facts, JSON text>"}
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/crypto.h"

namespace icopilot::services {

inline constexpr std::string_view kCertificateFormat = "icopilot-certificate/1";

// "ed25519:" and the first 16 hex digits of the SHA-256 of the raw public key.
std::string SigningKeyId(std::string_view public_key);

struct SignedCertificate {
  std::string document;  // the file's text
  std::string sha256;    // of the payload
};
// Checks what it signed as a verifier will: a certificate that could not be verified (facts
// with text that is not UTF-8) is an InvalidArgument here, never a file that fails later.
absl::StatusOr<SignedCertificate> SignCertificate(const boost::json::object& facts,
                                                  const SigningKey& key);

struct CheckedCertificate {
  boost::json::object facts;
  std::string sha256;
  std::string key_id;
};
// InvalidArgument when the text is not a certificate; PermissionDenied, saying which check
// failed, when its payload was altered or the signature is not this key's.
absl::StatusOr<CheckedCertificate> VerifyCertificate(std::string_view document,
                                                     std::string_view public_key);

// A public key as published: base64 of the 32 raw bytes, or the JSON object of
// GET /api/v1/certificate-key ({"public_key": "..."}).
absl::StatusOr<std::string> ReadPublicKey(std::string_view text);

}  // namespace icopilot::services
