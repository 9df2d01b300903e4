#include "core/ids.h"

#include <sodium.h>

#include <array>

namespace icopilot {
namespace {
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::size_t kRandomBytes = 15;  // 120 bits -> 24 base32 characters
constexpr std::size_t kEncodedLength = kRandomBytes * 8 / 5;
}  // namespace

std::string NewId(std::string_view prefix) {
  std::array<unsigned char, kRandomBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::string id(prefix);
  id.push_back('_');
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  return id;
}

bool HasIdForm(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kEncodedLength) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char c : id.substr(prefix.size() + 1)) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace icopilot
