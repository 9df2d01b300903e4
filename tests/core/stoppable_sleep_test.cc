#include "core/stoppable_sleep.h"

#include <thread>

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(SleepUnlessStopped, SleepsTheWholeDurationUnlessStoppedThenReturnsAtOnce) {
  std::stop_source source;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(SleepUnlessStopped(source.get_token(), std::chrono::milliseconds(20)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(20));

  // A loop written with it ends once stopped, instead of spinning or sleeping on.
  int rounds = 0;
  std::jthread worker([&rounds](std::stop_token stop) {
    while (SleepUnlessStopped(stop, std::chrono::hours(1))) ++rounds;
  });
  worker.request_stop();
  worker.join();
  EXPECT_EQ(rounds, 0);
  source.request_stop();
  EXPECT_FALSE(SleepUnlessStopped(source.get_token(), std::chrono::hours(1)));
}

}  // namespace
}  // namespace icopilot
