// Traces: signed ingest at /api/v1/environments/{environment_id}/traces (a gateway's,
// authenticated by its signature, not by a user), HAR uploads, signing secrets, the
// project's trace settings, and queries with per-partner activity.
#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::api {
namespace {

boost::json::object EncodeOutcome(const services::IngestOutcome& outcome) {
  boost::json::array rejected, ids;
  for (const auto& item : outcome.rejected) {
    rejected.push_back(boost::json::object{
        {outcome.by_line ? "line" : "index", static_cast<std::int64_t>(item.position)},
        {"reason", item.reason}});
  }
  for (const auto& id : outcome.trace_ids) ids.emplace_back(id);
  return {{"accepted", static_cast<std::int64_t>(outcome.trace_ids.size())},
          {"rejected", std::move(rejected)},
          {"trace_ids", std::move(ids)}};
}

// The trace as stored with where it came from.
boost::json::object EncodeTrace(const store::TraceRecord& record, bool with_detail) {
  boost::json::object out{
      {"id", record.id},
      {"project_id", record.project_id},
      {"environment_id", record.environment_id},
      {"partner_id", record.partner_org_id.empty() ? boost::json::value(nullptr)
                                                   : boost::json::value(record.partner_org_id)},
      {"source", record.source},
      {"operation_id", record.operation_id.empty() ? boost::json::value(nullptr)
                                                   : boost::json::value(record.operation_id)},
      {"method", record.method},
      {"status", record.status},
      {"violation_count", record.violation_count},
      {"started_at", FormatTimestamp(record.created_at)},
      {"received_at", FormatTimestamp(record.received_at)}};
  if (with_detail) {
    auto parsed = ParseJson(record.record);
    out["trace"] = parsed.ok() ? *parsed : boost::json::value(boost::json::object());
  }
  return out;
}

boost::json::object EncodeSecret(const store::TraceSecretRecord& secret, std::int64_t now) {
  return {{"id", secret.id},
          {"environment_id", secret.environment_id},
          {"created_at", FormatTimestamp(secret.created_at)},
          {"expires_at", NullableTimestamp(secret.expires_at)},
          {"current", !secret.expires_at || *secret.expires_at > now}};
}

absl::StatusOr<std::optional<std::int64_t>> TimeQuery(const net::Request& request,
                                                      std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text) return std::nullopt;
  auto millis = ParseTimestamp(*text);
  if (!millis)
    return absl::InvalidArgumentError(
        StrCat(name, ": an RFC 3339 time, e.g. 2026-11-26T10:00:00Z"));
  return *millis;
}

absl::StatusOr<net::Response> Ingest(ApiDependencies& deps, Context& context) {
  const net::Request& request = context.request;
  auto atomic = request.QueryParam("atomic");
  if (atomic && *atomic != "true" && *atomic != "false")
    return absl::InvalidArgumentError("atomic: true or false");
  auto outcome = deps.traces.Ingest(Param(context, "environment_id"),
                                    request.headers.Find("x-copilot-signature").value_or(""),
                                    request.body, atomic && *atomic == "true");
  if (absl::IsInvalidArgument(outcome.status()))
    return WithProblem(outcome.status(), 400, "malformed-batch");
  RETURN_IF_ERROR(outcome.status());
  if (!outcome->stored) {
    net::Response response = ProblemFromStatus(absl::InvalidArgumentError(StrCat(
        outcome->rejected.size(), " item(s) are not valid traces; atomic=true stored none")));
    auto body = boost::json::parse(response.body).as_object();
    body["rejected"] = EncodeOutcome(*outcome)["rejected"];
    response.body = boost::json::serialize(body);
    return response;
  }
  return JsonResponse(200, EncodeOutcome(*outcome));
}

absl::StatusOr<net::Response> UploadHar(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto outcome,
                   deps.traces.UploadHar(context.actor(), Param(context, "project_id"),
                                         Param(context, "environment_id"), context.request.body));
  return JsonResponse(200, EncodeOutcome(outcome));
}

absl::StatusOr<net::Response> RotateSecret(ApiDependencies& deps, Context& context) {
  std::int64_t grace = 24 * 3600;
  if (!TrimWhitespace(context.request.body).empty()) {
    ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
    RETURN_IF_ERROR(OnlyFields(body, {"grace_seconds"}));
    ASSIGN_OR_RETURN(auto given, IntField(body, "grace_seconds"));
    grace = given.value_or(grace);
  }
  ASSIGN_OR_RETURN(auto created,
                   deps.traces.RotateSecret(context.actor(), Param(context, "project_id"),
                                            Param(context, "environment_id"), grace));
  boost::json::object out = EncodeSecret(created.record, deps.clock.NowMillis());
  out["secret"] = created.secret;
  return JsonResponse(201, out);
}

absl::StatusOr<net::Response> ListTraces(ApiDependencies& deps, Context& context) {
  const net::Request& request = context.request;
  ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(request));
  store::TraceFilter filter;
  filter.environment_id = request.QueryParam("environment_id").value_or("");
  filter.partner_org_id = request.QueryParam("partner_id").value_or("");
  filter.operation_id = request.QueryParam("operation_id").value_or("");
  filter.violation = request.QueryParam("violation").value_or("");
  if (request.QueryParam("status")) {
    ASSIGN_OR_RETURN(filter.status, IntQuery(request, "status", 0));
  }
  ASSIGN_OR_RETURN(filter.from, TimeQuery(request, "from"));
  ASSIGN_OR_RETURN(filter.to, TimeQuery(request, "to"));
  ASSIGN_OR_RETURN(auto page, deps.traces.ListTraces(context.actor(), Param(context, "project_id"),
                                                     filter, page_request));
  return JsonResponse(
      200, ListBody(page, [](const store::TraceRecord& r) { return EncodeTrace(r, false); }));
}

}  // namespace

void AddTraceRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string project = "/api/v1/projects/{project_id}";
  const std::string environment = project + "/environments/{environment_id}";
  ops.push_back(
      ApiOp("POST", "/api/v1/environments/{environment_id}/traces", "ingestTraces",
            "Ingest traces from a gateway: one, a JSON array or newline-delimited JSON, "
            "signed with the environment's secret in X-Copilot-Signature",
            "traces", Access::kPublic, "TraceIngest", 200, "IngestResult", Wrap(deps, Ingest),
            {{"atomic", "boolean", "true: refuse the whole batch if any item is invalid"}}));
  ops.back().own_body_reader = true;
  ops.push_back(ApiOp("POST", environment + "/traces/har", "uploadHar",
                      "Upload a HAR file (HAR 1.2) as traces of the environment", "traces",
                      Access::kAnyUser, "Har", 200, "IngestResult", Wrap(deps, UploadHar)));
  ops.back().own_body_reader = true;
  ops.push_back(ApiOp("POST", environment + "/trace-secrets", "rotateTraceSecret",
                      "Create the environment's ingest signing secret (shown once); the current "
                      "ones stay valid for grace_seconds (default 86400)",
                      "traces", Access::kVendor, "TraceSecretCreate", 201, "TraceSecretCreated",
                      Wrap(deps, RotateSecret)));
  ops.push_back(
      ApiOp("GET", environment + "/trace-secrets", "listTraceSecrets",
            "The environment's signing secrets (never their values)", "traces", Access::kVendor, "",
            200, "TraceSecretList",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto list, d.traces.ListSecrets(c.actor(), Param(c, "project_id"),
                                                               Param(c, "environment_id")));
              std::int64_t now = d.clock.NowMillis();
              return ItemsResponse(list, [&now](const auto& s) { return EncodeSecret(s, now); });
            })));
  ops.push_back(ApiOp(
      "GET", project + "/trace-settings", "getTraceSettings",
      "The project's redaction rules and trace retention", "traces", Access::kAnyUser, "", 200,
      "TraceSettings",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto settings, d.traces.GetSettings(c.actor(), Param(c, "project_id")));
        return JsonResponse(200, services::TraceSettingsJson(settings));
      })));
  ops.push_back(
      ApiOp("PUT", project + "/trace-settings", "setTraceSettings",
            "Set the project's redaction rules (secret fields, RE2 patterns, JSON "
            "Pointers) and retention",
            "traces", Access::kVendor, "TraceSettings", 200, "TraceSettings",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
              ASSIGN_OR_RETURN(auto settings, services::ReadTraceSettings(body));
              ASSIGN_OR_RETURN(settings,
                               d.traces.SetSettings(c.actor(), Param(c, "project_id"), settings));
              return JsonResponse(200, services::TraceSettingsJson(settings));
            })));
  ops.push_back(ApiOp("GET", project + "/traces", "listTraces",
                      "List traces, newest first (partners see their own org's)", "traces",
                      Access::kAnyUser, "", 200, "TraceList", Wrap(deps, ListTraces),
                      {{"environment_id", "string", "Only this environment's"},
                       {"partner_id", "string", "Only this partner org's"},
                       {"operation_id", "string", "Only calls to this operation"},
                       {"status", "integer", "Only answers with this HTTP status"},
                       {"violation", "string", "any, none, or a keyword (type, required, ...)"},
                       {"from", "string", "Calls started at or after (RFC 3339)"},
                       {"to", "string", "Calls started before (RFC 3339)"}},
                      true));
  ops.push_back(ApiOp(
      "GET", project + "/traces/{trace_id}", "getTrace",
      "A trace in full: request, response, violations (redacted)", "traces", Access::kAnyUser, "",
      200, "Trace", Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        const std::string project_id = Param(c, "project_id");
        ASSIGN_OR_RETURN(auto trace,
                         d.traces.GetTrace(c.actor(), project_id, Param(c, "trace_id")));
        boost::json::object out = EncodeTrace(trace, true);
        // A call with violations or an error answer: the vendor's notes whose condition
        // its request meets, checked against the newest version.
        boost::json::array annotations;
        const auto* request = out.at("trace").as_object().if_contains("request");
        if ((trace.violation_count > 0 || trace.status >= 400) && !trace.operation_id.empty() &&
            request != nullptr && request->is_object()) {
          if (auto sent = services::SentRequestFromJson(request->as_object())) {
            auto matched =
                d.annotations.MatchSent(c.actor(), project_id, "", trace.operation_id, *sent);
            if (matched.ok()) annotations = EncodeAnnotations(*matched);
          }
        }
        out["annotations"] = std::move(annotations);
        return JsonResponse(200, out);
      })));
  ops.push_back(ApiOp("GET", project + "/trace-activity", "traceActivity",
                      "Per partner: first call, first successful call, and calls, error rate and "
                      "calls with violations per operation per day",
                      "traces", Access::kAnyUser, "", 200, "TraceActivity",
                      Wrap(deps,
                           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                             ASSIGN_OR_RETURN(auto days, IntQuery(c.request, "days", 30));
                             ASSIGN_OR_RETURN(
                                 auto activity,
                                 d.traces.Activity(c.actor(), Param(c, "project_id"), days));
                             return JsonResponse(200, activity);
                           }),
                      {{"days", "integer", "How many days back, 1 to 366 (default 30)"}}));
}

}  // namespace icopilot::api
