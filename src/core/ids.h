// Prefixed, random, URL-safe identifiers: "prj_3k9x...".
#pragma once

#include <string>
#include <string_view>

namespace icopilot {

// A new id: `prefix` + "_" + 24 characters of Crockford base32 (120 random bits).
std::string NewId(std::string_view prefix);

// True when `id` has the form NewId(prefix) produces. Lets handlers answer 404 early.
bool HasIdForm(std::string_view id, std::string_view prefix);

}  // namespace icopilot
