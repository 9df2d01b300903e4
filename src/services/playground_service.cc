#include "services/playground_service.h"

#include <chrono>

#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "contract/request_check.h"
#include "contract/request_fields.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "golden/credentials.h"
#include "golden/session.h"
#include "schema/generator.h"
#include "services/request_parts.h"
#include "store/golden_repository.h"
#include "traces/har.h"

namespace icopilot::services {
namespace {

// The exchange as a trace keeps it: what was sent, secrets already masked.
traces::Exchange TraceOf(const golden::Exchange& sent, std::int64_t started_at_ms) {
  traces::Exchange exchange;
  exchange.started_at = FormatTimestamp(started_at_ms);
  exchange.duration_ms = sent.duration_ms;
  traces::SetRequestLine(exchange, sent.method, sent.url);
  for (const auto& [name, value] : sent.request_headers) exchange.request.headers.Add(name, value);
  exchange.request.body = sent.request_body;
  exchange.request_body_cut = sent.request_body_truncated;
  exchange.status = sent.status;
  for (const auto& [name, value] : sent.response_headers)
    exchange.response_headers.Add(name, value);
  exchange.response_body = sent.response_body;
  exchange.response_body_cut = sent.response_body_truncated;
  return exchange;
}

}  // namespace

absl::StatusOr<golden::Target> PlaygroundService::TargetFor(const Actor& actor,
                                                            std::string_view project_id,
                                                            std::string_view spec_version_id,
                                                            std::string_view environment_id) {
  if (target_options_.server_url.empty()) {
    return absl::FailedPreconditionError("requests are sent only while the server is serving");
  }
  if (environment_id == "mock") {
    store::PageRequest newest;
    newest.limit = 50;
    ASSIGN_OR_RETURN(auto mocks, specs_.List(actor, project_id, newest));
    for (const auto& view : mocks.items) {
      if (view.record.spec_version_id == spec_version_id) {
        return MockTarget(box_, view.record, target_options_);
      }
    }
    return absl::FailedPreconditionError(
        "environment_id: the project has no hosted mock of this spec version");
  }
  store::GoldenRepository environments(db_);
  ASSIGN_OR_RETURN(auto environment,
                   environments.GetEnvironment(actor.scope, project_id, environment_id));
  ASSIGN_OR_RETURN(auto own, environments.PartnerCredentials(actor.scope, environment_id));
  return EnvironmentTarget(box_, environment, own, target_options_);
}

absl::StatusOr<PlaygroundSent> PlaygroundService::Send(
    const Actor& actor, std::string_view project_id, std::string_view spec_version_id,
    std::string_view operation_id, std::string_view environment_id, const RequestParts& parts) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Spec& spec = *version->loaded.spec;
  const spec::Operation* operation = FindOperation(spec, operation_id);
  if (operation == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", operation_id));
  }
  RETURN_IF_ERROR(CheckHeaders(parts));
  ASSIGN_OR_RETURN(golden::Target target,
                   TargetFor(actor, project_id, spec_version_id, environment_id));
  golden::RunLimits limits;
  limits.max_requests = 4;  // a token fetch, a retry of it, the call
  limits.max_duration = target.timeout * 3;
  limits.max_body_bytes = 1 << 20;
  limits.evidence_body_bytes = 256 << 10;
  golden::Session session(spec, std::move(target), limits);
  golden::Credentials credentials(spec, session);
  // The session puts a path under the spec's server path where the target has its own.
  net::Request request = AssembleUnderServer(spec, *operation, parts);
  PlaygroundSent sent;
  if (absl::Status added = credentials.AddValid(*operation, request, sent.exchanges); !added.ok()) {
    return absl::FailedPreconditionError(
        StrCat("no credentials for this operation in that environment: ", added.message(),
               environment_id == "mock" ? "" : " (set your own on the Tests page)"));
  }
  const std::int64_t started_at = SystemClock().NowMillis();
  auto response = session.Send(request, sent.exchanges);
  if (response.ok()) {
    contract::OperationIndex index(spec);
    contract::ExchangeCheck check =
        contract::CheckExchange(spec, index, *version->schemas, request, response->status,
                                response->headers, response->body);
    sent.violations = std::move(check.violations);
  }
  if (environment_id != "mock" && !sent.exchanges.empty() && response.ok()) {
    const std::string partner = actor.scope.is_partner() ? actor.scope.org_id : "";
    sent.traced =
        traces_.RecordProxied(environment_id, partner, TraceOf(sent.exchanges.back(), started_at))
            .ok();
  }
  return sent;
}

absl::StatusOr<std::vector<BadExample>> PlaygroundService::BadExamples(
    const Actor& actor, std::string_view project_id, std::string_view spec_version_id,
    std::string_view operation_id) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Operation* operation = FindOperation(*version->loaded.spec, operation_id);
  if (operation == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", operation_id));
  }
  std::vector<BadExample> examples;
  if (!operation->request_body) return examples;
  for (const auto& media : operation->request_body->content) {
    if (!contract::IsJsonMediaType(media.media_type) || media.schema == nullptr) continue;
    auto compiled = version->schemas->Get(media.schema);
    if (!compiled.ok()) break;
    auto negatives = schema::GenerateInvalid(**compiled);
    if (!negatives.ok()) break;
    for (auto& negative : *negatives) {
      if (examples.size() >= kMaxBadExamples) break;
      examples.push_back({std::move(negative.description), std::move(negative.keyword),
                          std::move(negative.instance_path),
                          boost::json::serialize(negative.value)});
    }
    break;  // the first JSON media type is the one the playground sends
  }
  return examples;
}

absl::StatusOr<PlaygroundCheck> PlaygroundService::Check(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view spec_version_id,
                                                         std::string_view operation_id,
                                                         const RequestParts& parts) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Operation* operation = FindOperation(*version->loaded.spec, operation_id);
  if (operation == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", operation_id));
  }
  RETURN_IF_ERROR(CheckHeaders(parts));
  net::Request request = Assemble(*operation, parts);
  const auto path_params = PathParams(parts);
  contract::RequestCheck check =
      contract::CheckRequest(*version->schemas, *operation, request, path_params);
  PlaygroundCheck result;
  result.method = request.method;
  result.path = request.target;
  result.content_type = std::string(request.headers.Find("content-type").value_or(""));
  for (auto& violation : check.violations) {
    result.problems.push_back({contract::LocationPointer(violation.location),
                               std::move(violation.message), std::move(violation.keyword)});
  }
  result.warnings = std::move(check.warnings);
  boost::json::object input =
      contract::ConditionInput(*version->schemas, *operation, request, path_params);
  ASSIGN_OR_RETURN(result.annotations,
                   annotations_.Match(actor, project_id, spec_version_id, operation_id, input));
  return result;
}

}  // namespace icopilot::services
