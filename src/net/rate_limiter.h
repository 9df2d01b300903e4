// Token buckets keyed by caller (API key, client address). In memory, per instance: with
// several `serve` instances each enforces its own share (docs/architecture.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

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

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated_ms = 0;
  };
  void EvictIdle(std::int64_t now_ms);

  const Rate rate_;
  std::mutex mutex_;
  absl::flat_hash_map<std::string, Bucket> buckets_;  // guarded by mutex_
  std::int64_t last_eviction_ms_ = 0;                 // guarded by mutex_
};

}  // namespace icopilot::net
