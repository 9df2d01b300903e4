#include "core/crypto.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strings.h"

namespace icopilot {
namespace {

std::string ToBase64Url(const unsigned char* data, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(size, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, kVariant);
  out.resize(out.size() - 1);  // drop the terminating NUL sodium writes
  return out;
}

bool FromBase64Url(std::string_view text, std::vector<unsigned char>& out) {
  out.clear();
  if (text.empty()) return true;  // libsodium may not be handed a null buffer
  out.resize(text.size());
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  out.resize(length);
  return true;
}

}  // namespace

void InitCrypto() {
  // sodium_init fails only when the system has no entropy source: nothing can work then.
  if (sodium_init() < 0) std::abort();
}

std::string HashPassword(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    std::abort();  // out of memory: the process cannot serve anyway
  }
  return hash;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string Sha256(std::string_view data) {
  std::string digest(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return digest;
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  unsigned char digest[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, digest);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::optional<std::string> DecodeBase64Url(std::string_view text) {
  std::vector<unsigned char> out;
  if (!FromBase64Url(text, out)) return std::nullopt;
  return std::string(out.begin(), out.end());
}

std::string EncodeBase64Url(std::string_view bytes) {
  return ToBase64Url(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL libsodium writes
  return out;
}

SigningKey NewSigningKey() {
  unsigned char public_key[crypto_sign_ed25519_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_ed25519_SECRETKEYBYTES];
  crypto_sign_ed25519_keypair(public_key, secret_key);
  SigningKey key{std::string(reinterpret_cast<const char*>(public_key), sizeof public_key),
                 std::string(reinterpret_cast<const char*>(secret_key), sizeof secret_key)};
  sodium_memzero(secret_key, sizeof secret_key);
  return key;
}

std::string SignDetached(const SigningKey& key, std::string_view message) {
  unsigned char signature[crypto_sign_ed25519_BYTES];
  if (key.secret_key.size() != crypto_sign_ed25519_SECRETKEYBYTES) return {};
  crypto_sign_ed25519_detached(
      signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
      reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return std::string(reinterpret_cast<const char*>(signature), sizeof signature);
}

bool VerifyDetached(std::string_view public_key, std::string_view message,
                    std::string_view signature) {
  if (public_key.size() != crypto_sign_ed25519_PUBLICKEYBYTES ||
      signature.size() != crypto_sign_ed25519_BYTES)
    return false;
  return crypto_sign_ed25519_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string RandomToken(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return ToBase64Url(buffer.data(), buffer.size());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::StatusOr<SecretBox> SecretBox::LoadOrCreate(const std::filesystem::path& key_file) {
  SecretBox box;
  std::ifstream in(key_file, std::ios::binary);
  if (in) {
    std::string encoded((std::istreambuf_iterator<char>(in)), {});
    while (!encoded.empty() && (encoded.back() == '\n' || encoded.back() == '\r'))
      encoded.pop_back();
    std::vector<unsigned char> key;
    if (!FromBase64Url(encoded, key) || key.size() != box.key_.size()) {
      return absl::FailedPreconditionError(
          StrCat("key file ", key_file.string(), " is not a 32-byte base64url key"));
    }
    std::copy(key.begin(), key.end(), box.key_.begin());
    return box;
  }
  crypto_secretbox_keygen(box.key_.data());
  std::string encoded = ToBase64Url(box.key_.data(), box.key_.size()) + "\n";
  // O_EXCL: two processes starting together must not overwrite each other's key.
  int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return LoadOrCreate(key_file);
    return absl::FailedPreconditionError(
        StrCat("cannot create key file ", key_file.string(), ": ", std::strerror(errno)));
  }
  bool written =
      ::write(fd, encoded.data(), encoded.size()) == static_cast<ssize_t>(encoded.size());
  ::close(fd);
  if (!written) {
    return absl::FailedPreconditionError(StrCat("cannot write key file ", key_file.string()));
  }
  return box;
}

std::string SecretBox::Seal(std::string_view plaintext) const {
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plaintext.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        out.data(), key_.data());
  return ToBase64Url(out.data(), out.size());
}

absl::StatusOr<std::string> SecretBox::Open(std::string_view sealed) const {
  std::vector<unsigned char> raw;
  if (!FromBase64Url(sealed, raw) ||
      raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return absl::InvalidArgumentError("sealed secret is malformed");
  }
  std::string plain(raw.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()), raw.data() + crypto_secretbox_NONCEBYTES,
          raw.size() - crypto_secretbox_NONCEBYTES, raw.data(), key_.data()) != 0) {
    return absl::InvalidArgumentError("sealed secret does not open with this key");
  }
  return plain;
}

}  // namespace icopilot
