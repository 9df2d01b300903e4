#include "core/isolated.h"

#include <csignal>
#include <thread>

#include <gtest/gtest.h>

namespace icopilot {
namespace {

using std::chrono::milliseconds;

TEST(RunIsolated, HandsBackWhatTheChildComputed) {
  int untouched = 1;
  auto outcome = RunIsolated(
      [&untouched](std::string& out) {
        untouched = 2;                            // the child's copy: never seen here
        out = std::string(100'000, 'x') + "end";  // more than a pipe holds at once
        return 7;
      },
      milliseconds(10'000));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->code, 7);
  EXPECT_EQ(outcome->output.size(), 100'003u);
  EXPECT_TRUE(outcome->output.ends_with("end"));
  EXPECT_EQ(untouched, 1);
}

TEST(RunIsolated, ACrashIsAnErrorHere) {
  auto outcome = RunIsolated(
      [](std::string& out) {
        out = "half an answer";
        std::raise(SIGSEGV);
        return 0;
      },
      milliseconds(10'000));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(outcome.status().message().find("crashed"), std::string::npos) << outcome.status();
}

TEST(RunIsolated, AHangIsKilledAtTheDeadline) {
  const auto started = std::chrono::steady_clock::now();
  auto outcome = RunIsolated(
      [](std::string&) {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        return 0;
      },
      milliseconds(200));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
}

}  // namespace
}  // namespace icopilot
