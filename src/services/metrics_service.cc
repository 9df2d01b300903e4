#include "services/metrics_service.h"

#include <cstdio>

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/metrics_repository.h"
#include "store/plan_repository.h"

namespace icopilot::services {
namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A field
// that a spreadsheet would run as a formula is prefixed with a quote mark.
std::string CsvField(std::string_view text) {
  std::string value(text);
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    value.insert(value.begin(), '\'');
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Number(const std::optional<double>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", *value);
  return text;
}

std::string Rate(std::int64_t passed, std::int64_t runs) {
  if (runs == 0) return "";
  return Number(static_cast<double>(passed) / static_cast<double>(runs));
}

}  // namespace

absl::StatusOr<absl::TimeZone> ReadTimeZone(std::string_view name) {
  absl::TimeZone zone;
  if (name.empty()) return absl::UTCTimeZone();
  if (name.size() > 64 || !absl::LoadTimeZone(std::string(name), &zone))
    return absl::InvalidArgumentError(
        StrCat("tz: not a time zone this server knows (an IANA name such as Europe/Berlin): ",
               name.substr(0, 64)));
  return zone;
}

absl::StatusOr<PartnerMetricsView> MetricsService::Read(std::string_view project_id,
                                                        std::string_view partner_org_id,
                                                        std::string partner_name,
                                                        std::int64_t invited_at,
                                                        const absl::TimeZone& zone) {
  store::MetricsRepository facts(db_);
  const std::int64_t now = clock_.NowMillis();
  PartnerEvents events;
  events.invited_at = invited_at;
  ASSIGN_OR_RETURN(events.first_call_at, facts.FirstCall(project_id, partner_org_id, false));
  ASSIGN_OR_RETURN(events.first_success_at, facts.FirstCall(project_id, partner_org_id, true));
  ASSIGN_OR_RETURN(events.certified_at, facts.FirstCertificate(project_id, partner_org_id));
  ASSIGN_OR_RETURN(auto runs, facts.FinishedRuns(project_id, partner_org_id, kMetricsRunsRead));
  for (const auto& [finished_at, passed] : runs) events.runs.push_back({finished_at, passed});
  ASSIGN_OR_RETURN(auto items, facts.OpenItems(project_id, partner_org_id, now));
  events.open_items = items.first;
  events.overdue_items = items.second;
  return PartnerMetricsView{std::string(partner_org_id), std::move(partner_name), invited_at,
                            ComputePartnerMetrics(events, now, zone)};
}

absl::StatusOr<PartnerMetricsView> MetricsService::Partner(const Actor& actor,
                                                           std::string_view project_id,
                                                           std::string_view partner_org_id,
                                                           const absl::TimeZone& zone) {
  ASSIGN_OR_RETURN(auto membership, store::PlanRepository(db_).RequireBoard(actor.scope, project_id,
                                                                            partner_org_id));
  return Read(project_id, partner_org_id, membership.partner_name, membership.invited_at, zone);
}

absl::StatusOr<std::vector<PartnerMetricsView>> MetricsService::Project(
    const Actor& actor, std::string_view project_id, const absl::TimeZone& zone) {
  ASSIGN_OR_RETURN(auto members, store::PlanRepository(db_).ListMembers(actor.scope, project_id));
  std::vector<PartnerMetricsView> views;
  for (auto& member : members) {
    ASSIGN_OR_RETURN(auto view, Read(project_id, member.partner_org_id,
                                     std::move(member.partner_name), member.invited_at, zone));
    views.push_back(std::move(view));
  }
  return views;
}

std::string MetricsDaysCsv(const std::vector<PartnerMetricsView>& partners) {
  std::string csv = "partner_id,partner_name,day,runs,passed,pass_rate\r\n";
  for (const auto& partner : partners) {
    for (const auto& day : partner.metrics.days) {
      csv +=
          StrCat(CsvField(partner.partner_org_id), ",", CsvField(partner.partner_name), ",",
                 day.day, ",", day.runs, ",", day.passed, ",", Rate(day.passed, day.runs), "\r\n");
    }
  }
  return csv;
}

std::string MetricsSummaryCsv(const std::vector<PartnerMetricsView>& partners) {
  std::string csv =
      "partner_id,partner_name,invited_at,hours_to_first_call,hours_to_first_success,"
      "hours_to_certification,runs,runs_passed,pass_rate,week2_pass_rate,"
      "first_success_target,pass_rate_target,open_items,overdue_items\r\n";
  for (const auto& p : partners) {
    const PartnerMetrics& m = p.metrics;
    csv += StrCat(CsvField(p.partner_org_id), ",", CsvField(p.partner_name), ",",
                  FormatTimestamp(p.invited_at), ",", Number(m.hours_to_first_call), ",",
                  Number(m.hours_to_first_success), ",", Number(m.hours_to_certification), ",",
                  m.runs, ",", m.runs_passed, ",", Rate(m.runs_passed, m.runs), ",",
                  Rate(m.week2_passed, m.week2_runs), ",", TargetName(m.first_success_target), ",",
                  TargetName(m.pass_rate_target), ",", m.open_items, ",", m.overdue_items, "\r\n");
  }
  return csv;
}

std::string AssistantUsageCsv(const std::vector<store::QuestionUsage>& usage,
                              const std::map<std::string, std::string>& names) {
  std::string csv =
      "partner_id,partner_name,day,questions,answered_from_evidence,answered_by_model,helpful,"
      "not_helpful\r\n";
  for (const auto& u : usage) {
    const auto name = names.find(u.partner);
    csv += StrCat(CsvField(u.partner), ",", CsvField(name == names.end() ? "" : name->second), ",",
                  FormatTimestamp(u.day * 86'400'000).substr(0, 10), ",", u.questions, ",",
                  u.grounded, ",", u.by_model, ",", u.helpful, ",", u.not_helpful, "\r\n");
  }
  return csv;
}

}  // namespace icopilot::services
