// Sleeping in a background thread that must stop at once when asked (a std::jthread's
// stop_token), without a condition variable of its own at each call site.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace icopilot {

// Sleeps for `duration`, or less when `stop` is requested. True when the whole duration
// passed, false when stopped: `while (SleepUnlessStopped(stop, every)) Work();`.
template <typename Rep, typename Period>
bool SleepUnlessStopped(std::stop_token stop, std::chrono::duration<Rep, Period> duration) {
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  never_notified.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace icopilot
