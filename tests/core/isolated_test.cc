#include "core/isolated.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

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

// A child stuck before it starts (a lock another thread held at the fork) is killed and
// forked again; the second child answers. The first child marks a file, so the second
// knows it is not the first (nothing a child changes in memory reaches the others).
TEST(RunIsolated, AChildThatNeverStartsIsForkedAgain) {
  testing::TempDir dir;
  const std::string marker = (dir.path() / "first-child").string();
  IsolatedStart start;
  start.window = milliseconds(300);
  start.before_start = [&marker] {
    if (std::FILE* first = std::fopen(marker.c_str(), "wx")) {
      std::fclose(first);
      std::this_thread::sleep_for(std::chrono::seconds(30));
    }
  };
  auto outcome = RunIsolated(
      [](std::string& out) {
        out = "second child";
        return 3;
      },
      milliseconds(10'000), start);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->code, 3);
  EXPECT_EQ(outcome->output, "second child");
  EXPECT_TRUE(std::filesystem::exists(marker));
}

// A child that started but is stuck in its work past the stall window (a lock held at the
// fork, met at an allocation later than the start's) is killed and forked again, well
// before the deadline.
TEST(RunIsolated, AChildStuckAfterStartingIsForkedAgain) {
  testing::TempDir dir;
  const std::string marker = (dir.path() / "first-child").string();
  IsolatedStart start;
  start.stall = milliseconds(300);
  const auto began = std::chrono::steady_clock::now();
  auto outcome = RunIsolated(
      [&marker](std::string& out) {
        if (std::FILE* first = std::fopen(marker.c_str(), "wx")) {
          std::fclose(first);
          std::this_thread::sleep_for(std::chrono::seconds(30));
        }
        out = "second child";
        return 4;
      },
      milliseconds(20'000), start);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->code, 4);
  EXPECT_EQ(outcome->output, "second child");
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
}

// Every try stuck before starting: the last one has the whole deadline, then it is an
// error like any hang.
TEST(RunIsolated, ChildrenThatNeverStartEndAsADeadline) {
  IsolatedStart start;
  start.window = milliseconds(100);
  start.before_start = [] { std::this_thread::sleep_for(std::chrono::seconds(30)); };
  auto outcome = RunIsolated([](std::string&) { return 0; }, milliseconds(500), start);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace icopilot
