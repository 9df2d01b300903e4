// What makes a mock behave like a busy, imperfect API on purpose: latency (fixed or a
// range), rate limiting (a fixed window per credential, or per client address without
// one) and chaos (a share of requests answered with a server error). Reproducible: the
// same seed and the same sequence of requests make the same choices. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/units.h"

namespace icopilot::mock {

struct Latency {
  std::chrono::milliseconds min{0};
  std::chrono::milliseconds max{0};
};

// "50ms", "1s", or a range "20-200ms" / "1s-2s".
absl::StatusOr<Latency> ParseLatency(std::string_view text);
// "0.05" or "5%": a share between 0 and 1.
absl::StatusOr<double> ParseChaos(std::string_view text);

struct BehaviourOptions {
  Latency latency;
  std::optional<Rate> rate_limit;
  double chaos = 0;
};

class Behaviours {
 public:
  Behaviours(BehaviourOptions options, std::uint64_t seed, const Clock& clock);

  // How long to wait before answering; `prefer` (from `Prefer: latency=`) wins.
  std::chrono::milliseconds Delay(const std::optional<Latency>& prefer);

  struct RateDecision {
    bool limited = false;  // false also when no limit is set
    bool applies = false;  // a limit is set: report it in RateLimit-* headers
    std::int64_t limit = 0, remaining = 0, reset_seconds = 0;
  };
  RateDecision Take(const std::string& caller);

  // Whether this request fails on purpose; `prefer` (from `Prefer: chaos=`) wins.
  bool Chaos(const std::optional<double>& prefer);

 private:
  struct Window {
    std::int64_t start_ms = 0;
    std::int64_t count = 0;
  };
  BehaviourOptions options_;
  const Clock& clock_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
  std::map<std::string, Window> windows_;
};

}  // namespace icopilot::mock
