// Base URIs and `$ref` targets (RFC 3986 resolution, on Boost.URL).
#pragma once

#include <string>
#include <string_view>

namespace icopilot::schema {

// `reference` resolved against the absolute `base`; `reference` itself when it is
// absolute or `base` cannot be resolved against.
std::string ResolveUri(std::string_view base, std::string_view reference);

// "https://x/a.json#/b" -> {"https://x/a.json", "/b"} (fragment percent-decoded).
void SplitFragment(std::string_view uri, std::string& document, std::string& fragment);

}  // namespace icopilot::schema
