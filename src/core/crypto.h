// Password hashing, token generation, hashing and encryption at rest, all on libsodium.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace icopilot {

// Must run once before any other function here; safe to call again.
void InitCrypto();

// argon2id with libsodium's interactive limits. Slow on purpose (tens of ms, 64 MiB):
// call it off the I/O threads.
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// Lower-case hex SHA-256, for high-entropy secrets such as API keys and session tokens.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `data` under `key` (any length), as lower-case hex: webhook signatures.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// `bytes` random bytes, base64url without padding.
std::string RandomToken(std::size_t bytes);

// Standard base64 (with padding, as HTTP Basic credentials use it); nullopt when the
// text is not base64.
std::optional<std::string> DecodeBase64(std::string_view text);
// Standard base64 with padding ("user:pass" -> "dXNlcjpwYXNz").
std::string EncodeBase64(std::string_view bytes);
// base64url without padding, as JSON Web Tokens and PKCE write bytes; nullopt when not.
std::optional<std::string> DecodeBase64Url(std::string_view text);
std::string EncodeBase64Url(std::string_view bytes);
// The raw 32-byte SHA-256 digest (a PKCE code challenge hashes the verifier).
std::string Sha256(std::string_view data);

// Ed25519 signatures (certificates): keys and signatures as raw bytes.
struct SigningKey {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes: keep sealed
};
SigningKey NewSigningKey();
std::string SignDetached(const SigningKey& key, std::string_view message);
// False for a key or signature of the wrong length as for a signature that does not match.
bool VerifyDetached(std::string_view public_key, std::string_view message,
                    std::string_view signature);

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Authenticated encryption of secrets at rest (XSalsa20-Poly1305) with a key kept in a
// file of mode 0600, created on first use. Thread-safe: constant after construction.
class SecretBox {
 public:
  static absl::StatusOr<SecretBox> LoadOrCreate(const std::filesystem::path& key_file);

  // Returns nonce + ciphertext, base64url.
  std::string Seal(std::string_view plaintext) const;
  // InvalidArgument when the box was not sealed with this key or was altered.
  absl::StatusOr<std::string> Open(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace icopilot
