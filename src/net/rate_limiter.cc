#include "net/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace icopilot::net {

RateLimiter::Decision RateLimiter::Take(std::string_view key, std::int64_t now_ms) {
  const double capacity = static_cast<double>(rate_.count);
  const double per_ms = capacity / static_cast<double>(rate_.period.count());
  std::lock_guard lock(mutex_);
  EvictIdle(now_ms);
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{capacity, now_ms});
  Bucket& bucket = it->second;
  if (!inserted) {
    double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms));
    bucket.tokens = std::min(capacity, bucket.tokens + elapsed * per_ms);
    bucket.updated_ms = now_ms;
  }
  Decision decision;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    decision.remaining = static_cast<std::int64_t>(bucket.tokens);
    return decision;
  }
  decision.allowed = false;
  double wait_ms = (1.0 - bucket.tokens) / per_ms;
  decision.retry_after_seconds = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0)));
  return decision;
}

void RateLimiter::EvictIdle(std::int64_t now_ms) {
  // A bucket idle for a whole period is full again, so forgetting it changes nothing;
  // this keeps memory bounded by the callers seen in one period.
  const std::int64_t period = rate_.period.count();
  if (now_ms - last_eviction_ms_ < period) return;
  last_eviction_ms_ = now_ms;
  absl::erase_if(buckets_, [&](const auto& entry) { return now_ms - entry.second.updated_ms >= period; });
}

}  // namespace icopilot::net
