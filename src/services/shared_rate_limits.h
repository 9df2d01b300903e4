// One budget per caller across the instances on one database. Every `interval` each
// instance tells the others (store::Database::Publish) how many requests per caller its
// limiters let through, and takes what it hears from its own buckets (net::RateLimiter::
// Charge). A caller can therefore get past its budget only by what the other instances let
// through in the last interval before they heard of each other (docs/deploy.md). Alone on
// SQLite there is nobody to tell, and nothing runs.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace icopilot {
class Clock;
namespace net {
class RateLimiter;
}
namespace store {
class Database;
}
}  // namespace icopilot

namespace icopilot::services {

class SharedRateLimits {
 public:
  // By a name that is the same on every instance ("api", "auth", "address").
  using Limiter = std::pair<std::string, net::RateLimiter*>;

  SharedRateLimits(store::Database& db, const Clock& clock, std::vector<Limiter> limiters,
                   std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  ~SharedRateLimits();
  SharedRateLimits(const SharedRateLimits&) = delete;
  SharedRateLimits& operator=(const SharedRateLimits&) = delete;

  // Tells the others what was let through since the last time; the background thread calls
  // it every interval.
  absl::Status Tell();

 private:
  void Hear(std::string_view change);

  store::Database& db_;
  const Clock& clock_;
  const std::vector<Limiter> limiters_;
  int listening_ = 0;
  std::jthread teller_;  // last: stopped before the rest goes
};

// The message telling what `name`'s limiter let through: "rate.NAME\nCOUNT KEY\n...", split
// so that none is longer than `max_bytes` (PostgreSQL's NOTIFY takes under 8000).
std::vector<std::string> RateMessages(
    std::string_view name, const std::vector<std::pair<std::string, std::int64_t>>& taken,
    std::size_t max_bytes = 7000);

}  // namespace icopilot::services
