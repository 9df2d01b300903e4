#include "services/playground_service.h"

#include "contract/request_check.h"
#include "contract/request_fields.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

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

}  // namespace

absl::StatusOr<PlaygroundCheck> PlaygroundService::Check(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view spec_version_id,
                                                         std::string_view operation_id,
                                                         const PlaygroundRequest& parts) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Operation* operation = nullptr;
  for (const auto& candidate : version->loaded.spec->operations) {
    if (candidate.operation_id == operation_id) operation = &candidate;
  }
  if (operation == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", operation_id));
  }
  net::Request request = Assemble(*operation, parts);
  std::vector<std::pair<std::string, std::string>> path_params;
  for (const auto& [name, value] : parts.path) {
    if (!value.empty()) path_params.emplace_back(name, value);
  }
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
