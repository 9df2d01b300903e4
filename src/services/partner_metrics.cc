#include "services/partner_metrics.h"

#include <algorithm>
#include <map>

#include "absl/time/civil_time.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kHourMillis = 60 * 60 * 1000;
constexpr std::int64_t kDayMillis = 24 * kHourMillis;

// Traffic imported from before the invitation (a HAR file, a proxy in front of an
// integration that already ran) counts as at the invitation: never a negative time.
std::optional<double> HoursSince(std::int64_t start, const std::optional<std::int64_t>& at) {
  if (!at) return std::nullopt;
  return static_cast<double>(std::max<std::int64_t>(0, *at - start)) /
         static_cast<double>(kHourMillis);
}

std::string DayOf(std::int64_t millis, const absl::TimeZone& zone) {
  const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixMillis(millis), zone);
  return absl::FormatCivilTime(day);
}

}  // namespace

std::string_view TargetName(Target target) {
  switch (target) {
    case Target::kMet:
      return "met";
    case Target::kMissed:
      return "missed";
    case Target::kOpen:
      break;
  }
  return "open";
}

PartnerMetrics ComputePartnerMetrics(const PartnerEvents& events, std::int64_t now,
                                     const absl::TimeZone& zone) {
  PartnerMetrics metrics;
  metrics.hours_to_first_call = HoursSince(events.invited_at, events.first_call_at);
  metrics.hours_to_first_success = HoursSince(events.invited_at, events.first_success_at);
  metrics.hours_to_certification = HoursSince(events.invited_at, events.certified_at);
  metrics.open_items = events.open_items;
  metrics.overdue_items = events.overdue_items;

  const std::int64_t deadline = events.invited_at + kFirstSuccessTargetHours * kHourMillis;
  if (events.first_success_at) {
    metrics.first_success_target =
        *events.first_success_at <= deadline ? Target::kMet : Target::kMissed;
  } else if (now > deadline) {
    metrics.first_success_target = Target::kMissed;
  }

  const std::int64_t week2_start = events.invited_at + 7 * kDayMillis;
  const std::int64_t week2_end = events.invited_at + 14 * kDayMillis;
  std::map<std::string, DayCount> by_day;  // YYYY-MM-DD sorts as dates do
  for (const auto& run : events.runs) {
    ++metrics.runs;
    metrics.runs_passed += run.passed ? 1 : 0;
    DayCount& day = by_day[DayOf(run.finished_at, zone)];
    ++day.runs;
    day.passed += run.passed ? 1 : 0;
    if (run.finished_at >= week2_start && run.finished_at < week2_end) {
      ++metrics.week2_runs;
      metrics.week2_passed += run.passed ? 1 : 0;
    }
  }
  for (auto& [name, day] : by_day) {
    day.day = name;
    metrics.days.push_back(day);
  }
  // Decided when the second week is over: met when more than 90 % of its runs passed,
  // missed otherwise (also with no run at all); open until then.
  if (metrics.week2_runs > 0 && static_cast<double>(metrics.week2_passed) >
                                    kPassRateTarget * static_cast<double>(metrics.week2_runs)) {
    metrics.pass_rate_target = now >= week2_end ? Target::kMet : Target::kOpen;
  } else if (now >= week2_end) {
    metrics.pass_rate_target = Target::kMissed;
  }
  return metrics;
}

}  // namespace icopilot::services
