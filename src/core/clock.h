// Time as a seam: production reads the system clock, tests inject their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace icopilot {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual std::int64_t NowMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowMillis() const override;
};

// RFC 3339 in UTC with milliseconds: 2026-11-26T04:15:55.123Z.
std::string FormatTimestamp(std::int64_t unix_millis);
// An RFC 3339 time with any offset ("2026-11-26T05:15:55+01:00") in ms since the epoch;
// nullopt when it is not one.
std::optional<std::int64_t> ParseTimestamp(std::string_view rfc3339);

}  // namespace icopilot
