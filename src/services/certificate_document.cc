#include "services/certificate_document.h"

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

absl::StatusOr<std::string> Field(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string())
    return absl::InvalidArgumentError(
        StrCat("not a certificate: \"", name, "\" is missing or not a string"));
  return std::string(value->as_string());
}

}  // namespace

std::string SigningKeyId(std::string_view public_key) {
  return StrCat("ed25519:", Sha256Hex(public_key).substr(0, 16));
}

absl::StatusOr<SignedCertificate> SignCertificate(const boost::json::object& facts,
                                                  const SigningKey& key) {
  const std::string payload = boost::json::serialize(facts);
  const std::string sha256 = Sha256Hex(payload);
  boost::json::object file{{"format", kCertificateFormat},
                           {"key_id", SigningKeyId(key.public_key)},
                           {"sha256", sha256},
                           {"signature", EncodeBase64(SignDetached(key, payload))},
                           {"payload", payload}};
  SignedCertificate made{boost::json::serialize(file) + "\n", sha256};
  if (auto checked = VerifyCertificate(made.document, key.public_key); !checked.ok())
    return absl::InvalidArgumentError(
        StrCat("the certificate would not verify: ", checked.status().message()));
  return made;
}

absl::StatusOr<CheckedCertificate> VerifyCertificate(std::string_view document,
                                                     std::string_view public_key) {
  auto parsed = ParseJson(document);
  if (!parsed.ok() || !parsed->is_object())
    return absl::InvalidArgumentError("not a certificate: the file is not a JSON object");
  const auto& file = parsed->as_object();
  auto format = Field(file, "format");
  if (!format.ok()) return format.status();
  if (*format != kCertificateFormat)
    return absl::InvalidArgumentError(StrCat("not a certificate of this kind: format is \"",
                                             *format, "\", expected \"", kCertificateFormat, "\""));
  auto payload = Field(file, "payload");
  if (!payload.ok()) return payload.status();
  auto sha256 = Field(file, "sha256");
  if (!sha256.ok()) return sha256.status();
  auto signature_text = Field(file, "signature");
  if (!signature_text.ok()) return signature_text.status();
  auto key_id = Field(file, "key_id");
  if (!key_id.ok()) return key_id.status();

  const std::string actual = Sha256Hex(*payload);
  if (actual != *sha256)
    return absl::PermissionDeniedError(StrCat("the payload was altered: its SHA-256 is ", actual,
                                              ", the certificate says ", *sha256));
  const std::optional<std::string> signature = DecodeBase64(*signature_text);
  if (!signature || !VerifyDetached(public_key, *payload, *signature)) {
    return absl::PermissionDeniedError(StrCat("the signature does not match the public key ",
                                              SigningKeyId(public_key), " (the certificate names ",
                                              *key_id, ")"));
  }
  auto facts = ParseJson(*payload);
  if (!facts.ok() || !facts->is_object())
    return absl::InvalidArgumentError("not a certificate: its payload is not a JSON object");
  return CheckedCertificate{facts->as_object(), actual, *key_id};
}

absl::StatusOr<std::string> ReadPublicKey(std::string_view text) {
  std::string encoded(TrimWhitespace(text));
  if (encoded.starts_with("{")) {
    auto parsed = ParseJson(encoded);
    const boost::json::value* key = parsed.ok() && parsed->is_object()
                                        ? parsed->as_object().if_contains("public_key")
                                        : nullptr;
    if (key == nullptr || !key->is_string())
      return absl::InvalidArgumentError("public key: a JSON object without \"public_key\"");
    encoded = std::string(key->as_string());
  }
  const std::optional<std::string> raw = DecodeBase64(encoded);
  if (!raw || raw->size() != 32)
    return absl::InvalidArgumentError(
        "public key: expected the base64 of 32 bytes, as GET /api/v1/certificate-key gives it");
  return *raw;
}

}  // namespace icopilot::services
