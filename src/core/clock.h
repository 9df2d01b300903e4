// Time as a seam: production reads the system clock, tests inject their own.
#pragma once

#include <cstdint>
#include <string>

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

}  // namespace icopilot
