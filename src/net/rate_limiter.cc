#include "net/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace icopilot::net {

RateLimiter::Bucket& RateLimiter::Refilled(std::string_view key, std::int64_t now_ms) {
  const double capacity = static_cast<double>(rate_.count);
  const double per_ms = capacity / static_cast<double>(rate_.period.count());
  EvictIdle(now_ms);
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{capacity, now_ms});
  Bucket& bucket = it->second;
  if (!inserted) {
    double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms));
    bucket.tokens = std::min(capacity, bucket.tokens + elapsed * per_ms);
    bucket.updated_ms = now_ms;
  }
  return bucket;
}

RateLimiter::Decision RateLimiter::Take(std::string_view key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  Bucket& bucket = Refilled(key, now_ms);
  Decision decision;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    decision.remaining = static_cast<std::int64_t>(bucket.tokens);
    if (tallying_) ++taken_[std::string(key)];
    return decision;
  }
  decision.allowed = false;
  const double per_ms =
      static_cast<double>(rate_.count) / static_cast<double>(rate_.period.count());
  double wait_ms = (1.0 - bucket.tokens) / per_ms;
  decision.retry_after_seconds =
      std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0)));
  return decision;
}

std::vector<std::pair<std::string, std::int64_t>> RateLimiter::DrainTaken() {
  std::lock_guard lock(mutex_);
  tallying_ = true;
  std::vector<std::pair<std::string, std::int64_t>> taken(taken_.begin(), taken_.end());
  taken_.clear();
  return taken;
}

void RateLimiter::Charge(std::string_view key, std::int64_t count, std::int64_t now_ms) {
  if (count <= 0) return;
  std::lock_guard lock(mutex_);
  Bucket& bucket = Refilled(key, now_ms);
  const double capacity = static_cast<double>(rate_.count);
  bucket.tokens = std::max(-capacity, bucket.tokens - static_cast<double>(count));
}

void RateLimiter::EvictIdle(std::int64_t now_ms) {
  // A bucket idle long enough to be full again can be forgotten without changing a
  // decision: a period from zero tokens, two from minus the capacity (Charge). Memory stays
  // bounded by the callers seen in two periods.
  const std::int64_t period = rate_.period.count();
  if (now_ms - last_eviction_ms_ < period) return;
  last_eviction_ms_ = now_ms;
  const double capacity = static_cast<double>(rate_.count);
  absl::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& bucket = entry.second;
    const double refill =
        static_cast<double>(now_ms - bucket.updated_ms) / static_cast<double>(period);
    return bucket.tokens + refill * capacity >= capacity;
  });
}

}  // namespace icopilot::net
