// Token buckets keyed by caller (API key, client address), in memory. With several `serve`
// instances on one database, services::SharedRateLimits tells each instance what the others
// let through (DrainTaken, Charge), so that a caller's budget is one budget.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/units.h"

namespace icopilot::net {

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    std::int64_t retry_after_seconds = 0;  // when refused
    std::int64_t remaining = 0;
  };

  explicit RateLimiter(Rate rate) : rate_(rate) {}

  // Takes one token from `key`'s bucket at time `now_ms`. Thread-safe.
  Decision Take(std::string_view key, std::int64_t now_ms);

  const Rate& rate() const { return rate_; }

  // What Take let through per key since the previous call (counted from the first call on,
  // so that a limiter nobody shares keeps no tally).
  std::vector<std::pair<std::string, std::int64_t>> DrainTaken();
  // Takes `count` tokens that another instance let through from `key`'s bucket. The bucket
  // may go below zero, down to minus its capacity: this instance then waits longer.
  void Charge(std::string_view key, std::int64_t count, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
  };
  void EvictIdle(std::int64_t now_ms);
  Bucket& Refilled(std::string_view key, std::int64_t now_ms);  // mutex_ held

  const Rate rate_;
  std::mutex mutex_;
  absl::flat_hash_map<std::string, Bucket> buckets_;      // guarded by mutex_
  std::int64_t last_eviction_ms_ = 0;                     // guarded by mutex_
  bool tallying_ = false;                                 // guarded by mutex_
  absl::flat_hash_map<std::string, std::int64_t> taken_;  // guarded by mutex_
};

}  // namespace icopilot::net
