#pragma once

#include <atomic>

#include "core/clock.h"

namespace icopilot::testing {

class FakeClock final : public Clock {
 public:
  std::int64_t NowMillis() const override { return now_; }
  void Advance(std::int64_t millis) { now_ += millis; }

 private:
  std::atomic<std::int64_t> now_{1'790'000'000'000};
};

}  // namespace icopilot::testing
