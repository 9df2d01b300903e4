// Prefixed, random, URL-safe identifiers: "prj_3k9x...".
#pragma once

#include <string>
#include <string_view>

namespace icopilot {

// A new id: `prefix` + "_" + 24 characters of Crockford base32 (120 random bits).
std::string NewId(std::string_view prefix);

}  // namespace icopilot
