// Partner metrics per partner and per project (docs/metrics.md), read from the store and
// computed by ComputePartnerMetrics in the viewer's time zone.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "services/partner_metrics.h"
#include "store/assistant_repository.h"
#include "store/database.h"

namespace icopilot::services {

inline constexpr int kMetricsRunsRead = 10'000;

struct PartnerMetricsView {
  std::string partner_org_id;
  std::string partner_name;
  std::int64_t invited_at = 0;
  PartnerMetrics metrics;
};

// An IANA time zone ("Europe/Berlin", "UTC"); InvalidArgument naming `tz` otherwise.
absl::StatusOr<absl::TimeZone> ReadTimeZone(std::string_view name);

class MetricsService {
 public:
  MetricsService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // One partner's (the vendor reads any of its partners', a partner its own).
  absl::StatusOr<PartnerMetricsView> Partner(const Actor& actor, std::string_view project_id,
                                             std::string_view partner_org_id,
                                             const absl::TimeZone& zone);
  // Every partner of the project, oldest invitation first (the vendor's).
  absl::StatusOr<std::vector<PartnerMetricsView>> Project(const Actor& actor,
                                                          std::string_view project_id,
                                                          const absl::TimeZone& zone);

 private:
  absl::StatusOr<PartnerMetricsView> Read(std::string_view project_id,
                                          std::string_view partner_org_id, std::string partner_name,
                                          std::int64_t invited_at, const absl::TimeZone& zone);
  store::Database& db_;
  const Clock& clock_;
};

// The per-day series as CSV, one line per partner and day with runs: what the portal's
// chart plots. The header is `partner_id,partner_name,day,runs,passed,pass_rate`.
std::string MetricsDaysCsv(const std::vector<PartnerMetricsView>& partners);
// One line per partner: the durations, counts and targets.
std::string MetricsSummaryCsv(const std::vector<PartnerMetricsView>& partners);
// The assistant's use, one line per partner and UTC day with questions:
// `partner_id,partner_name,day,questions,answered_from_evidence,answered_by_model,helpful,
// not_helpful`. `names` by partner id; a partner not in it is written with its id only.
std::string AssistantUsageCsv(const std::vector<store::QuestionUsage>& usage,
                              const std::map<std::string, std::string>& names);

}  // namespace icopilot::services
