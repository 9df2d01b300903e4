// Partner metrics on synthetic histories whose answers are known by construction: hours
// to first call, success and certification; runs per day in the viewer's time zone; the
// targets met, missed or open; a partner with no call yet.
#include "services/partner_metrics.h"

#include <gtest/gtest.h>

#include "services/metrics_service.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kHour = 60 * 60 * 1000;
constexpr std::int64_t kDay = 24 * kHour;
// 2026-11-02T09:00:00Z, a Monday.
constexpr std::int64_t kInvited = 1793610000000;

absl::TimeZone Zone(const char* name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

TEST(PartnerMetricsTest, DurationsAreHoursFromTheInvitation) {
  PartnerEvents events;
  events.invited_at = kInvited;
  events.first_call_at = kInvited + 3 * kHour;
  events.first_success_at = kInvited + 30 * kHour;
  events.certified_at = kInvited + 10 * kDay + 12 * kHour;
  const PartnerMetrics m = ComputePartnerMetrics(events, kInvited + 20 * kDay, absl::UTCTimeZone());
  EXPECT_DOUBLE_EQ(*m.hours_to_first_call, 3.0);
  EXPECT_DOUBLE_EQ(*m.hours_to_first_success, 30.0);
  EXPECT_DOUBLE_EQ(*m.hours_to_certification, 252.0);
  EXPECT_EQ(m.first_success_target, Target::kMissed) << "30 hours is past 24";
}

TEST(PartnerMetricsTest, APartnerWithNoCallYetHasNoDurationsAndOpenTargets) {
  PartnerEvents events;
  events.invited_at = kInvited;
  events.open_items = 10;
  events.overdue_items = 0;
  const PartnerMetrics fresh =
      ComputePartnerMetrics(events, kInvited + 2 * kHour, absl::UTCTimeZone());
  EXPECT_FALSE(fresh.hours_to_first_call.has_value());
  EXPECT_FALSE(fresh.hours_to_first_success.has_value());
  EXPECT_FALSE(fresh.hours_to_certification.has_value());
  EXPECT_EQ(fresh.runs, 0);
  EXPECT_TRUE(fresh.days.empty());
  EXPECT_EQ(fresh.first_success_target, Target::kOpen) << "24 hours are not over";
  EXPECT_EQ(fresh.pass_rate_target, Target::kOpen);
  EXPECT_EQ(fresh.open_items, 10);
  // A day later with still no call: the first target is missed; a month later both are.
  EXPECT_EQ(ComputePartnerMetrics(events, kInvited + 25 * kHour, absl::UTCTimeZone())
                .first_success_target,
            Target::kMissed);
  EXPECT_EQ(
      ComputePartnerMetrics(events, kInvited + 30 * kDay, absl::UTCTimeZone()).pass_rate_target,
      Target::kMissed)
      << "no run in the second week";
}

TEST(PartnerMetricsTest, TrafficFromBeforeTheInvitationCountsAsAtIt) {
  PartnerEvents events;
  events.invited_at = kInvited;
  events.first_call_at = kInvited - 5 * kDay;  // an imported HAR file
  events.first_success_at = kInvited - 4 * kDay;
  const PartnerMetrics m = ComputePartnerMetrics(events, kInvited + kDay, absl::UTCTimeZone());
  EXPECT_DOUBLE_EQ(*m.hours_to_first_call, 0.0);
  EXPECT_DOUBLE_EQ(*m.hours_to_first_success, 0.0);
  EXPECT_EQ(m.first_success_target, Target::kMet);
}

TEST(PartnerMetricsTest, FirstSuccessAtExactly24HoursMeetsTheTarget) {
  PartnerEvents events;
  events.invited_at = kInvited;
  events.first_success_at = kInvited + 24 * kHour;
  EXPECT_EQ(
      ComputePartnerMetrics(events, kInvited + 3 * kDay, absl::UTCTimeZone()).first_success_target,
      Target::kMet);
}

TEST(PartnerMetricsTest, RunsAreCountedPerDayInTheViewersTimeZone) {
  PartnerEvents events;
  events.invited_at = kInvited;
  // 2026-11-03 at 23:30 UTC is already the 4th in Berlin (UTC+1) and still the 3rd in
  // New York (UTC-5); 2026-11-04 at 02:00 UTC is the 3rd in New York.
  const std::int64_t late_on_the_3rd = kInvited + kDay + 14 * kHour + 30 * 60 * 1000;
  const std::int64_t early_on_the_4th = kInvited + 2 * kDay - 7 * kHour;
  events.runs = {{late_on_the_3rd, true}, {early_on_the_4th, false}, {kInvited + kHour, true}};
  const auto days = [&](const char* zone) {
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> out;
    for (const auto& d : ComputePartnerMetrics(events, kInvited + 30 * kDay, Zone(zone)).days)
      out.emplace_back(d.day, d.runs, d.passed);
    return out;
  };
  using Day = std::tuple<std::string, std::int64_t, std::int64_t>;
  EXPECT_EQ(days("UTC"),
            (std::vector<Day>{{"2026-11-02", 1, 1}, {"2026-11-03", 1, 1}, {"2026-11-04", 1, 0}}));
  EXPECT_EQ(days("Europe/Berlin"), (std::vector<Day>{{"2026-11-02", 1, 1}, {"2026-11-04", 2, 1}}));
  EXPECT_EQ(days("America/New_York"),
            (std::vector<Day>{{"2026-11-02", 1, 1}, {"2026-11-03", 2, 1}}));
  // Tokyo (UTC+9): the first run, 10:00 UTC, is 19:00 there, still the 2nd.
  EXPECT_EQ(std::get<0>(days("Asia/Tokyo").front()), "2026-11-02");
}

TEST(PartnerMetricsTest, ThePassRateTargetIsDecidedByTheSecondWeek) {
  PartnerEvents events;
  events.invited_at = kInvited;
  // Week 1: every run fails (not counted). Week 2: 19 of 20 pass (95 %).
  for (int i = 0; i < 5; ++i) events.runs.push_back({kInvited + i * kDay, false});
  for (int i = 0; i < 20; ++i) events.runs.push_back({kInvited + 7 * kDay + i * 6 * kHour, i != 3});
  const PartnerMetrics during =
      ComputePartnerMetrics(events, kInvited + 10 * kDay, absl::UTCTimeZone());
  EXPECT_EQ(during.week2_runs, 20);
  EXPECT_EQ(during.week2_passed, 19);
  EXPECT_EQ(during.pass_rate_target, Target::kOpen) << "the week is not over";
  const PartnerMetrics after =
      ComputePartnerMetrics(events, kInvited + 15 * kDay, absl::UTCTimeZone());
  EXPECT_EQ(after.pass_rate_target, Target::kMet);
  EXPECT_EQ(after.runs, 25);
  EXPECT_EQ(after.runs_passed, 19);
  // Exactly 90 % is not above 90 %.
  events.runs.push_back({kInvited + 13 * kDay, false});
  events.runs.push_back({kInvited + 13 * kDay + kHour, false});  // 19 of 22 = 86 %
  EXPECT_EQ(
      ComputePartnerMetrics(events, kInvited + 15 * kDay, absl::UTCTimeZone()).pass_rate_target,
      Target::kMissed);
  PartnerEvents ninety;
  ninety.invited_at = kInvited;
  for (int i = 0; i < 10; ++i) ninety.runs.push_back({kInvited + 8 * kDay + i * kHour, i != 0});
  EXPECT_EQ(
      ComputePartnerMetrics(ninety, kInvited + 15 * kDay, absl::UTCTimeZone()).pass_rate_target,
      Target::kMissed);
}

TEST(PartnerMetricsTest, CsvIsWhatTheChartPlotsAndNeverAFormula) {
  PartnerEvents events;
  events.invited_at = kInvited;
  events.runs = {{kInvited + kHour, true}, {kInvited + 2 * kHour, false}};
  PartnerMetricsView view{"org_1", "=HYPERLINK(\"x\"), Inc", kInvited,
                          ComputePartnerMetrics(events, kInvited + kDay, absl::UTCTimeZone())};
  EXPECT_EQ(MetricsDaysCsv({view}),
            "partner_id,partner_name,day,runs,passed,pass_rate\r\n"
            "org_1,\"'=HYPERLINK(\"\"x\"\"), Inc\",2026-11-02,2,1,0.50\r\n");
}

TEST(PartnerMetricsTest, TimeZonesAreIanaNames) {
  EXPECT_TRUE(ReadTimeZone("Europe/Berlin").ok());
  EXPECT_TRUE(ReadTimeZone("").ok()) << "UTC";
  auto bad = ReadTimeZone("Mars/Olympus");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("tz: "), std::string::npos);
  EXPECT_FALSE(ReadTimeZone("../../etc/passwd").ok());
}

}  // namespace
}  // namespace icopilot::services
