// A partner's integration metrics (docs/metrics.md), computed from its stored events by a
// pure function, so that a synthetic history gives answers known by construction: time
// from invitation to its first call, first successful call and first certificate; its
// golden pass rate per day in the viewer's time zone; the targets (first success within
// 24 hours, a pass rate above 90 % in the second week) met, missed or still open.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace icopilot::services {

inline constexpr std::int64_t kFirstSuccessTargetHours = 24;
inline constexpr double kPassRateTarget = 0.9;

// What the store knows about one partner of a project. Times in Unix milliseconds.
struct PartnerEvents {
  std::int64_t invited_at = 0;
  std::optional<std::int64_t> first_call_at;
  std::optional<std::int64_t> first_success_at;  // first 2xx answer traced
  std::optional<std::int64_t> certified_at;      // first certificate issued
  struct Run {
    std::int64_t finished_at = 0;
    bool passed = false;
  };
  std::vector<Run> runs;  // the partner's finished runs, any order
  std::int64_t open_items = 0;
  std::int64_t overdue_items = 0;
};

struct DayCount {
  std::string day;  // YYYY-MM-DD in the time zone asked for
  std::int64_t runs = 0;
  std::int64_t passed = 0;
};

enum class Target { kMet, kMissed, kOpen };
std::string_view TargetName(Target target);  // met, missed, open

struct PartnerMetrics {
  std::optional<double> hours_to_first_call;
  std::optional<double> hours_to_first_success;
  std::optional<double> hours_to_certification;
  std::int64_t runs = 0;
  std::int64_t runs_passed = 0;
  std::vector<DayCount> days;  // days with at least one run, oldest first
  // Runs finished in the second week after the invitation (from day 7 to day 14).
  std::int64_t week2_runs = 0;
  std::int64_t week2_passed = 0;
  Target first_success_target = Target::kOpen;
  Target pass_rate_target = Target::kOpen;
  std::int64_t open_items = 0;
  std::int64_t overdue_items = 0;
};

PartnerMetrics ComputePartnerMetrics(const PartnerEvents& events, std::int64_t now,
                                     const absl::TimeZone& zone);

}  // namespace icopilot::services
