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
#include "store/golden_repository.h"
#include "traces/har.h"

namespace icopilot::services {
namespace {

// Headers a partner may type: RFC 9110 field names, values without CR, LF or NUL (which
// would smuggle a second header or request), and none of those the server sets for the
// connection it opens (Host, Content-Length, Transfer-Encoding, Connection).
absl::Status CheckHeaders(const PlaygroundRequest& parts) {
  static constexpr std::string_view kTokenChars =
      "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (const auto& [name, value] : parts.headers) {
    if (name.empty() || name.find_first_not_of(kTokenChars) != std::string::npos) {
      return absl::InvalidArgumentError(StrCat("headers: '", name, "' is not a header name"));
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return absl::InvalidArgumentError(
          StrCat("headers.", name, ": a value may not hold a line break"));
    }
    for (std::string_view reserved :
         {"host", "content-length", "transfer-encoding", "connection"}) {
      if (net::EqualsIgnoreCase(name, reserved)) {
        return absl::InvalidArgumentError(
            StrCat("headers.", name, ": set by the server for the connection it opens"));
      }
    }
  }
  return absl::OkStatus();
}

// The media type a typed body is sent as when no Content-Type was given: the
// operation's JSON type, else its first.
std::string DefaultContentType(const spec::Operation& operation) {
  if (!operation.request_body || operation.request_body->content.empty()) return "";
  for (const auto& media : operation.request_body->content) {
    if (contract::IsJsonMediaType(media.media_type) &&
        media.media_type.find('*') == std::string::npos) {
      return media.media_type;
    }
  }
  return operation.request_body->content.front().media_type;
}

// The request the parts make: the path template filled in (values percent-encoded; a
// parameter with no value keeps its `{name}`), the query in the order given.
net::Request Assemble(const spec::Operation& operation, const PlaygroundRequest& parts) {
  net::Request request;
  request.method = ToUpper(spec::MethodName(operation.method));
  std::string path = operation.path;
  for (const auto& [name, value] : parts.path) {
    std::string placeholder = StrCat("{", name, "}");
    if (auto at = path.find(placeholder); at != std::string::npos && !value.empty()) {
      path.replace(at, placeholder.size(), PercentEncode(value));
    }
  }
  request.path = std::move(path);
  for (const auto& [name, value] : parts.query) {
    request.query +=
        StrCat(request.query.empty() ? "" : "&", PercentEncode(name), "=", PercentEncode(value));
  }
  request.target = request.query.empty() ? request.path : StrCat(request.path, "?", request.query);
  for (const auto& [name, value] : parts.headers) {
    if (!name.empty()) request.headers.Add(name, value);
  }
  request.body = parts.body;
  if (!request.body.empty() && !request.headers.Find("content-type")) {
    if (std::string type = DefaultContentType(operation); !type.empty()) {
      request.headers.Set("content-type", type);
    }
  }
  return request;
}

const spec::Operation* FindOperation(const spec::Spec& spec, std::string_view operation_id) {
  for (const auto& candidate : spec.operations) {
    if (candidate.operation_id == operation_id) return &candidate;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> PathParams(const PlaygroundRequest& parts) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [name, value] : parts.path) {
    if (!value.empty()) params.emplace_back(name, value);
  }
  return params;
}

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

absl::StatusOr<PlaygroundSent> PlaygroundService::Send(const Actor& actor,
                                                       std::string_view project_id,
                                                       std::string_view spec_version_id,
                                                       std::string_view operation_id,
                                                       std::string_view environment_id,
                                                       const PlaygroundRequest& parts) {
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
  net::Request request = Assemble(*operation, parts);
  // The session puts a path under the spec's server path where the target has its own.
  const std::string base_path =
      spec.servers.empty() ? std::string() : contract::BasePathOf(spec.servers.front());
  request.path = StrCat(base_path, request.path);
  request.target = StrCat(base_path, request.target);
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
                                                         const PlaygroundRequest& parts) {
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
