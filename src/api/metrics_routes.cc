// /api/v1/projects/{project_id}/metrics and .../partners/{partner_id}/metrics: partner
// metrics as JSON and CSV, in the time zone the caller names (docs/metrics.md).
#include <map>

#include "api/encode.h"
#include "api/handler_util.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/assistant_service.h"
#include "services/metrics_service.h"

namespace icopilot::api {
namespace {

QueryParameter TimeZoneParameter() {
  return {"tz", "string",
          "The IANA time zone days are counted in (Europe/Berlin); UTC when left out"};
}

boost::json::value Hours(const std::optional<double>& hours) {
  return hours ? boost::json::value(*hours) : boost::json::value(nullptr);
}

boost::json::object EncodeMetrics(const services::PartnerMetricsView& view) {
  const services::PartnerMetrics& m = view.metrics;
  boost::json::array days;
  for (const auto& day : m.days)
    days.push_back({{"day", day.day}, {"runs", day.runs}, {"passed", day.passed}});
  return {{"partner_id", view.partner_org_id},
          {"partner_name", view.partner_name},
          {"invited_at", FormatTimestamp(view.invited_at)},
          {"hours_to_first_call", Hours(m.hours_to_first_call)},
          {"hours_to_first_success", Hours(m.hours_to_first_success)},
          {"hours_to_certification", Hours(m.hours_to_certification)},
          {"runs", m.runs},
          {"runs_passed", m.runs_passed},
          {"week2_runs", m.week2_runs},
          {"week2_passed", m.week2_passed},
          {"targets",
           {{"first_success_within_24h", services::TargetName(m.first_success_target)},
            {"pass_rate_above_90_in_week2", services::TargetName(m.pass_rate_target)}}},
          {"open_items", m.open_items},
          {"overdue_items", m.overdue_items},
          {"days", std::move(days)}};
}

absl::StatusOr<absl::TimeZone> ZoneOf(const net::Request& request) {
  return services::ReadTimeZone(request.QueryParam("tz").value_or(""));
}

net::Response Csv(std::string body, std::string filename) {
  net::Response response;
  response.status = 200;
  response.headers.Set("content-type", "text/csv; charset=utf-8; header=present");
  response.headers.Set("content-disposition", StrCat("attachment; filename=\"", filename, "\""));
  response.body = std::move(body);
  return response;
}

Operation CsvOp(std::string path, std::string id, std::string summary, Access access,
                Handler handler) {
  Operation op = ApiOp("GET", std::move(path), std::move(id), std::move(summary), "metrics", access,
                       "", 200, "", std::move(handler), {TimeZoneParameter()});
  op.response_media_type = "text/csv";
  return op;
}

}  // namespace

void AddMetricsRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string project = "/api/v1/projects/{project_id}/metrics";
  const std::string partner = "/api/v1/projects/{project_id}/partners/{partner_id}/metrics";
  ops.push_back(
      ApiOp("GET", partner, "getPartnerMetrics",
            "A partner's metrics: hours from invitation to first call, first success and "
            "certification, golden runs per day in `tz`, the targets met, missed or open, open and "
            "overdue items (a partner reads its own)",
            "metrics", Access::kAnyUser, "", 200, "PartnerMetrics",
            Wrap(deps,
                 [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto zone, ZoneOf(c.request));
                   ASSIGN_OR_RETURN(auto view,
                                    d.partner_metrics.Partner(c.actor(), Param(c, "project_id"),
                                                              Param(c, "partner_id"), zone));
                   return JsonResponse(200, EncodeMetrics(view));
                 }),
            {TimeZoneParameter()}));
  ops.push_back(CsvOp(
      partner + "/days/csv", "getPartnerMetricsDaysCsv",
      "A partner's golden runs per day as CSV (what its chart plots)", Access::kAnyUser,
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto zone, ZoneOf(c.request));
        ASSIGN_OR_RETURN(auto view, d.partner_metrics.Partner(c.actor(), Param(c, "project_id"),
                                                              Param(c, "partner_id"), zone));
        return Csv(services::MetricsDaysCsv({view}),
                   StrCat("runs-per-day-", view.partner_org_id, ".csv"));
      })));
  ops.push_back(ApiOp(
      "GET", project, "getProjectMetrics", "Every partner's metrics, oldest invitation first",
      "metrics", Access::kVendor, "", 200, "PartnerMetricsList",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             ASSIGN_OR_RETURN(auto zone, ZoneOf(c.request));
             ASSIGN_OR_RETURN(auto views,
                              d.partner_metrics.Project(c.actor(), Param(c, "project_id"), zone));
             return ItemsResponse(views, EncodeMetrics);
           }),
      {TimeZoneParameter()}));
  ops.push_back(CsvOp(
      project + "/days/csv", "getProjectMetricsDaysCsv",
      "Every partner's golden runs per day as CSV: partner_id, partner_name, day, runs, passed, "
      "pass_rate",
      Access::kVendor,
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto zone, ZoneOf(c.request));
        ASSIGN_OR_RETURN(auto views,
                         d.partner_metrics.Project(c.actor(), Param(c, "project_id"), zone));
        return Csv(services::MetricsDaysCsv(views), "runs-per-day.csv");
      })));
  ops.push_back(CsvOp(
      project + "/summary/csv", "getProjectMetricsSummaryCsv",
      "One line per partner: hours to first call, first success and certification, runs, pass "
      "rates, targets, open and overdue items",
      Access::kVendor,
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto zone, ZoneOf(c.request));
        ASSIGN_OR_RETURN(auto views,
                         d.partner_metrics.Project(c.actor(), Param(c, "project_id"), zone));
        return Csv(services::MetricsSummaryCsv(views), "partner-metrics.csv");
      })));
  Operation usage_csv = ApiOp(
      "GET", project + "/assistant/csv", "getProjectAssistantUsageCsv",
      "The assistant's use as CSV, per partner per UTC day: partner_id, partner_name, day, "
      "questions, answered_from_evidence, answered_by_model, helpful, not_helpful",
      "metrics", Access::kVendor, "", 200, "",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             const std::string project_id = Param(c, "project_id");
             ASSIGN_OR_RETURN(auto days, IntQuery(c.request, "days", 30));
             ASSIGN_OR_RETURN(auto usage, d.assistant.Usage(c.actor(), project_id, days));
             ASSIGN_OR_RETURN(
                 auto views, d.partner_metrics.Project(c.actor(), project_id, absl::UTCTimeZone()));
             std::map<std::string, std::string> names;
             for (const auto& v : views) names[v.partner_org_id] = v.partner_name;
             return Csv(services::AssistantUsageCsv(usage, names), "assistant-use.csv");
           }),
      {{"days", "integer", "Days back from today, 1 to 365 (30)"}});
  usage_csv.response_media_type = "text/csv";
  ops.push_back(std::move(usage_csv));
}

}  // namespace icopilot::api
