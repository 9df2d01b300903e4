#include "net/rate_limiter.h"

#include <gtest/gtest.h>

namespace icopilot::net {
namespace {

TEST(RateLimiter, RefusesPastTheRateAndRefillsOverTime) {
  RateLimiter limiter(Rate{3, std::chrono::seconds(60)});
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("key", now).allowed);
  auto refused = limiter.Take("key", now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 20);  // one token every 20 s
  EXPECT_TRUE(limiter.Take("other", now).allowed) << "buckets are per key";
  EXPECT_TRUE(limiter.Take("key", now + 20'000).allowed);
  EXPECT_FALSE(limiter.Take("key", now + 20'000).allowed);
}

TEST(RateLimiter, ForgetsIdleBucketsWithoutChangingDecisions) {
  RateLimiter limiter(Rate{1, std::chrono::seconds(1)});
  for (int i = 0; i < 1000; ++i) limiter.Take("k" + std::to_string(i), 0);
  EXPECT_TRUE(limiter.Take("k1", 5000).allowed);
  EXPECT_FALSE(limiter.Take("k1", 5000).allowed);
}

TEST(RateLimiter, WhatOthersLetThroughIsTakenFromTheSameBudget) {
  RateLimiter limiter(Rate{10, std::chrono::seconds(10)});
  const std::int64_t now = 1'000'000;
  EXPECT_TRUE(limiter.DrainTaken().empty()) << "nothing taken yet";
  limiter.Charge("key", 9, now);  // nine let through by another instance
  EXPECT_TRUE(limiter.Take("key", now).allowed);
  auto refused = limiter.Take("key", now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  // Over-admission elsewhere (the instances heard of each other late) delays this one more,
  // down to minus the capacity at most.
  limiter.Charge("key", 100, now);
  EXPECT_EQ(limiter.Take("key", now + 10'000).allowed, false);
  EXPECT_EQ(limiter.Take("key", now + 20'000).allowed, true);

  auto taken = limiter.DrainTaken();
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0], (std::pair<std::string, std::int64_t>{"key", 2}))
      << "only what this one let through, refusals not counted";
  EXPECT_TRUE(limiter.DrainTaken().empty()) << "handed over once";
}

}  // namespace
}  // namespace icopilot::net
