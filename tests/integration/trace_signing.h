// How a gateway signs a batch of traces (docs/traces.md), computed here independently of
// the server's code, and times relative to now (traces are kept 30 days by default, so
// the tests' times move with the clock).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot::testing {

inline std::string Signature(const std::string& secret, const std::string& body,
                             std::int64_t at = std::time(nullptr)) {
  return StrCat("t=", at, ",v1=", HmacSha256Hex(secret, StrCat(at, ".", body)));
}

// RFC 3339 for `seconds` before now, on a whole second.
inline std::string Ago(std::int64_t seconds) {
  return FormatTimestamp((std::time(nullptr) - seconds) * 1000);
}

}  // namespace icopilot::testing
