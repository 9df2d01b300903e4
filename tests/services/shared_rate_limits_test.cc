#include "services/shared_rate_limits.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "net/rate_limiter.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::services {
namespace {

using Taken = std::vector<std::pair<std::string, std::int64_t>>;

TEST(RateMessages, SplitUnderTheSizeAndSkipKeysThatCannotBeTold) {
  Taken taken;
  for (int i = 0; i < 100; ++i) taken.emplace_back("key_" + std::to_string(i), i + 1);
  taken.emplace_back("two\nlines", 5);
  auto messages = RateMessages("api", taken, 200);
  ASSERT_GT(messages.size(), 1u);
  std::size_t lines = 0;
  for (const auto& message : messages) {
    EXPECT_LE(message.size(), 200u);
    EXPECT_TRUE(message.starts_with("rate.api\n")) << message;
    EXPECT_EQ(message.find("two"), std::string::npos);
    lines += static_cast<std::size_t>(std::count(message.begin(), message.end(), '\n')) - 1;
  }
  EXPECT_EQ(lines, 100u) << "every other key told once";
  EXPECT_TRUE(RateMessages("api", {}).empty());
}

void WaitUntilHeard(store::Database& from, store::Database& to) {
  std::atomic<bool> heard = false;
  const int id = to.Listen([&](std::string_view change) { heard = heard || change == "hello"; });
  for (int i = 0; i < 50 && !heard; ++i) {
    ASSERT_TRUE(from.Publish("hello").ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  to.Unlisten(id);
  ASSERT_TRUE(heard) << "the other instance never heard";
}

// Two instances on one database, each with its own limiter: together they let a caller
// through its budget once, not once each.
TEST(SharedRateLimits, ACallersBudgetIsOneAcrossInstances) {
  if (!testing::OnPostgres()) GTEST_SKIP() << "instances share a PostgreSQL database";
  testing::TempDir dir;
  auto a_db = testing::OpenTestDatabase(dir.path());
  auto b_db = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(a_db.ok() && b_db.ok());
  SystemClock clock;
  const Rate rate{20, std::chrono::minutes(10)};  // no refill to speak of during the test
  net::RateLimiter a_limiter(rate), b_limiter(rate);
  SharedRateLimits a(**a_db, clock, {{"api", &a_limiter}}, std::chrono::milliseconds(50));
  SharedRateLimits b(**b_db, clock, {{"api", &b_limiter}}, std::chrono::milliseconds(50));

  // The listening connections may still be starting: wait until each hears the other.
  WaitUntilHeard(**a_db, **b_db);
  WaitUntilHeard(**b_db, **a_db);

  int granted = 0;
  for (int i = 0; i < 10; ++i) granted += a_limiter.Take("partner", clock.NowMillis()).allowed;
  ASSERT_EQ(granted, 10);
  int b_granted = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 0; i < 20; ++i) b_granted += b_limiter.Take("partner", clock.NowMillis()).allowed;
  EXPECT_EQ(b_granted, 10) << "B let through more than what A left of the budget";
  EXPECT_TRUE(b_limiter.Take("another partner", clock.NowMillis()).allowed);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(a_limiter.Take("partner", clock.NowMillis()).allowed) << "A heard of B's ten";
}

}  // namespace
}  // namespace icopilot::services
