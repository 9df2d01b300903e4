// String helpers over std::string_view. Debian's Abseil is built with its own
// absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), so StrCat and StrSplit do
// not take std::string_view; these small fmt-based helpers stand in (decision 0003).
#pragma once

#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "absl/strings/string_view.h"

// absl::Status::message() returns absl::string_view; let fmt print it.
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  template <typename Context>
  auto format(absl::string_view text, Context& context) const {
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(text.data(), text.size()),
                                                    context);
  }
};

namespace icopilot {

// Concatenates anything fmt can format: StrCat("offset ", 17, ": ", message).
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (fmt::format_to(std::back_inserter(out), "{}", args), ...);
  return out;
}

// Splits on `separator`, trims ASCII whitespace from each part, drops empty parts.
std::vector<std::string_view> SplitAndTrim(std::string_view text, char separator);

// Splits on `separator`, keeping every part as it is (empty ones too).
std::vector<std::string_view> Split(std::string_view text, char separator);

std::string_view TrimWhitespace(std::string_view text);

// "%2Fa%20b" -> "/a b"; a '%' not followed by two hex digits stays as it is.
std::string PercentDecode(std::string_view text);

// Percent-encodes all but RFC 3986's unreserved characters and those in `keep`
// ("a b/c" -> "a%20b%2Fc").
std::string PercentEncode(std::string_view text, std::string_view keep = "");

// "a=1&b&c=%5B1%5D" -> {a, 1}, {b, ""}, {c, "[1]"}: names and values percent-decoded, in
// order, empty parts skipped. Lenient as servers are: brackets and other characters
// RFC 3986 would have encoded are taken as sent. `plus_is_space` for form bodies.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query,
                                                                  bool plus_is_space = false);

std::string ToLower(std::string_view text);
std::string ToUpper(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past
// U+10FFFF). Returns the byte offset of the first bad byte through `error_offset`.
bool IsValidUtf8(std::string_view text, std::size_t* error_offset = nullptr);

}  // namespace icopilot
