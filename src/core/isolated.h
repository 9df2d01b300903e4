// Running a piece of work in a child process (fork, no exec), for code we do not own
// that can crash or hang on hostile input (libfyaml 0.7.12: docs/decisions/
// 0009-yaml-checked-in-a-child-process.md). A crash or hang in the child is an error
// value here, not the end of the server.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "absl/status/statusor.h"

namespace icopilot {

struct IsolatedOutcome {
  int code = 0;        // what `work` returned
  std::string output;  // what `work` wrote to its string
};

// Runs `work` in a forked child and hands back its return value and output. Internal
// error when the child dies (a signal, or an exit `work` did not choose), DeadlineExceeded
// when it takes longer than `timeout` (it is killed). A child that does not start within
// 3 s, or has not finished within 10 s (a lock another thread held at the fork), is killed
// and forked again, twice at most; the last try has the whole `timeout`. The child may only compute
// and fill its string: it ends with _exit, so nothing it changes reaches this process.
absl::StatusOr<IsolatedOutcome> RunIsolated(const std::function<int(std::string&)>& work,
                                            std::chrono::milliseconds timeout);

// The start check's knobs, for tests: `before_start` runs in each child before it says it
// started (a test makes the first child hang there, as a lock held at the fork would).
struct IsolatedStart {
  std::chrono::milliseconds window{3000};
  std::chrono::milliseconds stall{10000};
  std::function<void()> before_start;
};
absl::StatusOr<IsolatedOutcome> RunIsolated(const std::function<int(std::string&)>& work,
                                            std::chrono::milliseconds timeout,
                                            const IsolatedStart& start);

}  // namespace icopilot
