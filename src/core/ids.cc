#include "core/ids.h"

#include <algorithm>
#include <array>

#include <sodium.h>

namespace icopilot {
namespace {
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::size_t kIdBytes = 15;   // 120 bits -> 24 base32 characters
constexpr std::size_t kTimeBytes = 6;  // of a time-ordered id: milliseconds until year 10889

// Asking the kernel for 15 bytes per id costs a system call on every request; a
// per-thread pool of kernel randomness, refilled every 4 KiB, keeps ids unpredictable.
void FillRandom(unsigned char* out, std::size_t size) {
  constexpr std::size_t kPool = 4096;
  thread_local std::array<unsigned char, kPool> pool;
  thread_local std::size_t used = kPool;
  if (used + size > kPool) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::copy_n(pool.data() + used, size, out);
  sodium_memzero(pool.data() + used, size);  // never hand out the same bytes twice
  used += size;
}

// Big-endian bits, five at a time, in an alphabet in ASCII order: ids compare as their
// bytes do.
std::string Encoded(std::string_view prefix, const std::array<unsigned char, kIdBytes>& bytes) {
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

}  // namespace

std::string NewId(std::string_view prefix) {
  std::array<unsigned char, kIdBytes> bytes;
  FillRandom(bytes.data(), bytes.size());
  return Encoded(prefix, bytes);
}

std::string NewTimeOrderedId(std::string_view prefix, std::int64_t now_ms) {
  std::array<unsigned char, kIdBytes> bytes;
  const auto time = static_cast<std::uint64_t>(std::max<std::int64_t>(now_ms, 0));
  for (std::size_t i = 0; i < kTimeBytes; ++i) {
    bytes[i] = static_cast<unsigned char>(time >> (8 * (kTimeBytes - 1 - i)));
  }
  FillRandom(bytes.data() + kTimeBytes, bytes.size() - kTimeBytes);
  return Encoded(prefix, bytes);
}

}  // namespace icopilot
