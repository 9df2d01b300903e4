// /api/v1/projects/{project_id}/environments, .../specs/{spec_version_id}/profile and
// .../runs: the golden suite in the platform.
#include <charconv>

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

boost::json::object EncodeEnvironment(const services::EnvironmentView& view) {
  boost::json::array headers;
  for (const auto& name : view.header_names) headers.push_back(boost::json::string(name));
  boost::json::object values;
  for (const auto& [name, value] : view.parameter_values) values[name] = value;
  const store::EnvironmentRecord& r = view.record;
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"name", r.name},
          {"base_url", r.base_url},
          {"verify_tls", r.verify_tls},
          {"timeout_ms", r.timeout_ms},
          {"header_names", std::move(headers)},
          {"parameter_values", std::move(values)},
          {"credentials", view.credentials},
          {"ca_bundle", view.ca_bundle},
          {"client_certificate", view.client_certificate},
          {"own_credentials", view.own_credentials},
          {"proxy_credentials", r.proxy_credentials},
          {"created_at", FormatTimestamp(r.created_at)},
          {"updated_at", FormatTimestamp(r.updated_at)}};
}

boost::json::value ParsedOr(std::string_view json, boost::json::value fallback) {
  auto parsed = ParseJson(json);
  return parsed.ok() ? *parsed : fallback;
}

boost::json::object EncodeRun(const store::RunRecord& run) {
  boost::json::object options = ParsedOr(run.options, boost::json::object()).as_object();
  options.erase("mock_id");
  return {{"id", run.id},
          {"project_id", run.project_id},
          {"spec_version_id", run.spec_version_id},
          {"environment_id", run.environment_id},
          {"requested_by", run.requested_by},
          {"requester_org_id", run.requester_org_id},
          {"status", run.status},
          {"options", std::move(options)},
          {"summary", ParsedOr(run.summary, boost::json::object())},
          {"passed", run.passed ? boost::json::value(*run.passed) : boost::json::value(nullptr)},
          {"error", run.error},
          {"created_at", FormatTimestamp(run.created_at)},
          {"started_at", NullableTimestamp(run.started_at)},
          {"finished_at", NullableTimestamp(run.finished_at)},
          {"attempts", run.attempts},
          {"resumed", run.attempts > 1}};
}

// A case for lists: without its evidence (read one case for that).
boost::json::object EncodeCase(const store::RunCaseRecord& c, bool with_evidence) {
  boost::json::object detail = ParsedOr(c.detail, boost::json::object()).as_object();
  boost::json::object out{{"position", c.position},   {"id", c.case_id},
                          {"category", c.category},   {"title", detail["title"]},
                          {"status", c.status},       {"required", c.required},
                          {"reason", c.reason},       {"operation", detail["operation"]},
                          {"notes", detail["notes"]}, {"duration_ms", detail["duration_ms"]}};
  if (with_evidence) out["evidence"] = detail["evidence"];
  return out;
}

// An object of strings (headers, parameter values) as name-value pairs.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> StringMapField(
    const boost::json::value& value, std::string_view field) {
  if (!value.is_object())
    return absl::InvalidArgumentError(StrCat(field, ": an object of name: value"));
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [name, text] : value.as_object()) {
    if (!text.is_string())
      return absl::InvalidArgumentError(
          StrCat(field, ".", std::string_view(name), ": must be a string"));
    pairs.emplace_back(std::string(name), std::string(text.as_string()));
  }
  return pairs;
}

absl::StatusOr<services::EnvironmentInput> ReadEnvironment(const boost::json::object& body) {
  RETURN_IF_ERROR(OnlyFields(
      body, {"name", "base_url", "verify_tls", "timeout_ms", "headers", "credentials", "ca_bundle",
             "client_certificate", "client_key", "proxy_credentials", "parameter_values"}));
  services::EnvironmentInput input;
  ASSIGN_OR_RETURN(input.name, StringField(body, "name", false));
  ASSIGN_OR_RETURN(input.base_url, StringField(body, "base_url", false));
  ASSIGN_OR_RETURN(input.timeout_ms, IntField(body, "timeout_ms"));
  ASSIGN_OR_RETURN(input.ca_bundle, StringField(body, "ca_bundle", false));
  ASSIGN_OR_RETURN(input.client_cert, StringField(body, "client_certificate", false));
  ASSIGN_OR_RETURN(input.client_key, StringField(body, "client_key", false));
  if (const auto* proxy = body.if_contains("proxy_credentials")) {
    if (!proxy->is_bool())
      return absl::InvalidArgumentError("proxy_credentials: must be a boolean");
    input.proxy_credentials = proxy->as_bool();
  }
  if (const auto* verify = body.if_contains("verify_tls")) {
    if (!verify->is_bool()) return absl::InvalidArgumentError("verify_tls: must be a boolean");
    input.verify_tls = verify->as_bool();
  }
  if (const auto* headers = body.if_contains("headers")) {
    ASSIGN_OR_RETURN(input.headers, StringMapField(*headers, "headers"));
  }
  if (const auto* values = body.if_contains("parameter_values")) {
    ASSIGN_OR_RETURN(input.parameter_values, StringMapField(*values, "parameter_values"));
  }
  if (const auto* credentials = body.if_contains("credentials")) {
    ASSIGN_OR_RETURN(input.credentials, services::ReadCredentials(*credentials));
  }
  return input;
}

absl::StatusOr<std::vector<std::string>> StringList(const boost::json::object& body,
                                                    std::string_view name) {
  std::vector<std::string> out;
  const auto* value = body.if_contains(name);
  if (value == nullptr) return out;
  if (!value->is_array()) return absl::InvalidArgumentError(StrCat(name, ": an array of strings"));
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) return absl::InvalidArgumentError(StrCat(name, ": an array of strings"));
    out.emplace_back(item.as_string());
  }
  return out;
}

absl::StatusOr<net::Response> CreateEnvironment(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  ASSIGN_OR_RETURN(auto input, ReadEnvironment(body));
  std::string project_id = Param(context, "project_id");
  ASSIGN_OR_RETURN(auto env, deps.golden.CreateEnvironment(context.actor(), project_id, input));
  auto response = JsonResponse(201, EncodeEnvironment(env));
  response.headers.Set("location",
                       StrCat("/api/v1/projects/", project_id, "/environments/", env.record.id));
  return response;
}

absl::StatusOr<net::Response> UpdateEnvironment(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  ASSIGN_OR_RETURN(auto input, ReadEnvironment(body));
  ASSIGN_OR_RETURN(auto env,
                   deps.golden.UpdateEnvironment(context.actor(), Param(context, "project_id"),
                                                 Param(context, "environment_id"), input));
  return JsonResponse(200, EncodeEnvironment(env));
}

absl::StatusOr<net::Response> SetOwnCredentials(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  ASSIGN_OR_RETURN(auto credentials, services::ReadCredentials(body));
  ASSIGN_OR_RETURN(auto env,
                   deps.golden.SetOwnCredentials(context.actor(), Param(context, "project_id"),
                                                 Param(context, "environment_id"), credentials));
  return JsonResponse(200, EncodeEnvironment(env));
}

absl::StatusOr<net::Response> QueueRun(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"spec_version_id", "environment_id", "categories", "read_only",
                                    "exclude_operations", "case", "parameter_values"}));
  services::RunRequest request;
  ASSIGN_OR_RETURN(auto spec_version_id, StringField(body, "spec_version_id", true));
  ASSIGN_OR_RETURN(auto environment_id, StringField(body, "environment_id", true));
  ASSIGN_OR_RETURN(auto only_case, StringField(body, "case", false));
  request.spec_version_id = *spec_version_id;
  request.environment_id = *environment_id;
  request.only_case = only_case.value_or("");
  ASSIGN_OR_RETURN(request.categories, StringList(body, "categories"));
  ASSIGN_OR_RETURN(request.exclude_operations, StringList(body, "exclude_operations"));
  if (const auto* read_only = body.if_contains("read_only")) {
    if (!read_only->is_bool()) return absl::InvalidArgumentError("read_only: must be a boolean");
    request.read_only = read_only->as_bool();
  }
  if (const auto* values = body.if_contains("parameter_values")) {
    ASSIGN_OR_RETURN(request.parameter_values, StringMapField(*values, "parameter_values"));
  }
  std::string project_id = Param(context, "project_id");
  ASSIGN_OR_RETURN(auto run, deps.golden.QueueRun(context.actor(), project_id, request));
  auto response = JsonResponse(202, EncodeRun(run));
  response.headers.Set("location", StrCat("/api/v1/projects/", project_id, "/runs/", run.id));
  return response;
}

}  // namespace

void AddGoldenRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string environments = "/api/v1/projects/{project_id}/environments";
  const std::string environment = environments + "/{environment_id}";
  const std::string profile_path = "/api/v1/projects/{project_id}/specs/{spec_version_id}/profile";
  const std::string runs = "/api/v1/projects/{project_id}/runs";
  const std::string run = runs + "/{run_id}";
  ops.push_back(ApiOp("POST", environments, "createEnvironment",
                      "Create an environment the golden suite runs against (Sandbox, UAT)",
                      "environments", Access::kVendor, "EnvironmentCreate", 201, "Environment",
                      Wrap(deps, CreateEnvironment)));
  ops.push_back(ApiOp(
      "GET", environments, "listEnvironments",
      "List the project's environments (never their secrets)", "environments", Access::kAnyUser, "",
      200, "EnvironmentList",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto list, d.golden.ListEnvironments(c.actor(), Param(c, "project_id")));
        return ItemsResponse(list, [](const auto& env) { return EncodeEnvironment(env); });
      })));
  ops.push_back(
      ApiOp("GET", environment, "getEnvironment", "Get an environment", "environments",
            Access::kAnyUser, "", 200, "Environment",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto env, d.golden.GetEnvironment(c.actor(), Param(c, "project_id"),
                                                                 Param(c, "environment_id")));
              return JsonResponse(200, EncodeEnvironment(env));
            })));
  ops.push_back(ApiOp("PATCH", environment, "updateEnvironment",
                      "Change an environment; credentials given replace the stored ones",
                      "environments", Access::kVendor, "EnvironmentUpdate", 200, "Environment",
                      Wrap(deps, UpdateEnvironment)));
  ops.push_back(
      ApiOp("DELETE", environment, "deleteEnvironment", "Delete an environment", "environments",
            Access::kVendor, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.golden.DeleteEnvironment(c.actor(), Param(c, "project_id"),
                                                         Param(c, "environment_id")));
              return NoContent();
            })));
  ops.push_back(
      ApiOp("PUT", environment + "/own-credentials", "setOwnCredentials",
            "Keep your org's own credentials for an environment (only your org's runs use "
            "and see them)",
            "environments", Access::kAnyUser, "Credentials", 200, "Environment",
            Wrap(deps, SetOwnCredentials)));
  ops.push_back(
      ApiOp("GET", profile_path, "getProfile",
            "The spec version's test profile: each category detected, with overrides", "runs",
            Access::kAnyUser, "", 200, "Profile",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto profile, d.golden.GetProfile(c.actor(), Param(c, "project_id"),
                                                                 Param(c, "spec_version_id")));
              return JsonResponse(200, profile);
            })));
  ops.push_back(ApiOp(
      "PUT", profile_path, "setProfile",
      "Override categories as required, optional or not_applicable", "runs", Access::kVendor,
      "ProfileOverrides", 200, "Profile",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        ASSIGN_OR_RETURN(auto profile, d.golden.SetProfile(c.actor(), Param(c, "project_id"),
                                                           Param(c, "spec_version_id"), body));
        return JsonResponse(200, profile);
      })));
  ops.push_back(ApiOp("POST", runs, "queueRun",
                      "Queue a run of the golden suite against an environment or the hosted mock "
                      "(at most 10 a minute per user)",
                      "runs", Access::kAnyUser, "RunCreate", 202, "Run", Wrap(deps, QueueRun)));
  ops.push_back(ApiOp(
      "GET", runs, "listRuns", "List runs, newest first (partners see their own org's)", "runs",
      Access::kAnyUser, "", 200, "RunList",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
             ASSIGN_OR_RETURN(auto page,
                              d.golden.ListRuns(c.actor(), Param(c, "project_id"), page_request));
             return JsonResponse(200, ListBody(page, EncodeRun));
           }),
      {}, /*paginated=*/true));
  ops.push_back(
      ApiOp("GET", run, "getRun", "Get a run and its summary", "runs", Access::kAnyUser, "", 200,
            "Run", Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(
                  auto r, d.golden.GetRun(c.actor(), Param(c, "project_id"), Param(c, "run_id")));
              return JsonResponse(200, EncodeRun(r));
            })));
  ops.push_back(
      ApiOp("GET", run + "/cases", "listRunCases",
            "A run's cases with verdicts and reasons (without evidence)", "runs", Access::kAnyUser,
            "", 200, "RunCaseList",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto list, d.golden.ListRunCases(c.actor(), Param(c, "project_id"),
                                                                Param(c, "run_id")));
              return ItemsResponse(list, [](const auto& one) { return EncodeCase(one, false); });
            })));
  ops.push_back(ApiOp(
      "GET", run + "/cases/{position}", "getRunCase",
      "One case of a run with its evidence (secrets masked)", "runs", Access::kAnyUser, "", 200,
      "RunCase", Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        std::int64_t position = 0;
        std::string text = Param(c, "position");
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), position);
        if (error != std::errc() || end != text.data() + text.size() || position < 0)
          return absl::NotFoundError("case not found");
        const std::string project_id = Param(c, "project_id");
        ASSIGN_OR_RETURN(auto one,
                         d.golden.GetRunCase(c.actor(), project_id, Param(c, "run_id"), position));
        boost::json::object out = EncodeCase(one, true);
        // Where a failure is read, the vendor's notes whose condition its request meets.
        boost::json::array annotations;
        const auto* evidence = out.if_contains("evidence");
        if (one.status != "passed" && !one.operation_id.empty() && evidence != nullptr &&
            evidence->is_array() && !evidence->as_array().empty() &&
            evidence->as_array().back().is_object()) {
          if (auto sent = services::SentRequestFromJson(evidence->as_array().back().as_object())) {
            ASSIGN_OR_RETURN(auto the_run,
                             d.golden.GetRun(c.actor(), project_id, Param(c, "run_id")));
            auto matched = d.annotations.MatchSent(c.actor(), project_id, the_run.spec_version_id,
                                                   one.operation_id, *sent);
            if (matched.ok()) annotations = EncodeAnnotations(*matched);
          }
        }
        out["annotations"] = std::move(annotations);
        return JsonResponse(200, out);
      })));
}

}  // namespace icopilot::api
