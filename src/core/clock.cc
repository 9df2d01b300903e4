#include "core/clock.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "absl/time/time.h"

namespace icopilot {

std::int64_t SystemClock::NowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTimestamp(std::int64_t unix_millis) {
  std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     static_cast<int>(unix_millis % 1000));
}

std::optional<std::int64_t> ParseTimestamp(std::string_view rfc3339) {
  absl::Time time;
  std::string error;
  if (rfc3339.empty() ||
      !absl::ParseTime(absl::RFC3339_full, absl::string_view(rfc3339.data(), rfc3339.size()), &time,
                       &error))
    return std::nullopt;
  return absl::ToUnixMillis(time);
}

}  // namespace icopilot
