#include "core/units.h"

#include <charconv>

#include "core/strings.h"

namespace icopilot {
namespace {

bool ParseCount(std::string_view digits, std::int64_t& out) {
  if (digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && end == digits.data() + digits.size() && out >= 0;
}

}  // namespace

absl::StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  std::size_t split = 0;
  while (split < text.size() && text[split] >= '0' && text[split] <= '9') ++split;
  std::int64_t count = 0;
  std::string_view unit = text.substr(split);
  if (ParseCount(text.substr(0, split), count) && count < (std::int64_t{1} << 40)) {
    if (unit == "ms") return std::chrono::milliseconds(count);
    if (unit == "s") return std::chrono::milliseconds(count * 1000);
    if (unit == "m") return std::chrono::milliseconds(count * 60'000);
    if (unit == "h") return std::chrono::milliseconds(count * 3'600'000);
  }
  return absl::InvalidArgumentError(
      StrCat("'", text, "' is not a duration; use a whole number with ms, s, m or h (250ms, 10s, 2m)"));
}

absl::StatusOr<Rate> ParseRate(std::string_view text) {
  std::size_t slash = text.find('/');
  Rate rate;
  if (slash != std::string_view::npos && ParseCount(text.substr(0, slash), rate.count) &&
      rate.count > 0) {
    std::string_view unit = text.substr(slash + 1);
    if (unit == "s" || unit == "sec") rate.period = std::chrono::seconds(1);
    if (unit == "min" || unit == "m") rate.period = std::chrono::minutes(1);
    if (unit == "h" || unit == "hour") rate.period = std::chrono::hours(1);
    if (rate.period.count() > 0) return rate;
  }
  return absl::InvalidArgumentError(
      StrCat("'", text, "' is not a rate; use COUNT/s, COUNT/min or COUNT/h (100/min)"));
}

}  // namespace icopilot
