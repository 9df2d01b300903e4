#include "services/request_parts.h"

#include "contract/operation_index.h"
#include "contract/request_check.h"
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

// {"name": "value" or ["value", ...]}: the path, query or headers.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> NamedValues(
    const boost::json::object& json, std::string_view member) {
  std::vector<std::pair<std::string, std::string>> values;
  const auto* object = json.if_contains(member);
  if (object == nullptr || object->is_null()) return values;
  if (!object->is_object())
    return absl::InvalidArgumentError(StrCat(member, ": must be an object"));
  for (const auto& [name, value] : object->as_object()) {
    if (value.is_string()) {
      values.emplace_back(name, value.as_string());
      continue;
    }
    if (value.is_array()) {
      bool strings = true;
      for (const auto& item : value.as_array()) strings = strings && item.is_string();
      if (strings) {
        for (const auto& item : value.as_array()) values.emplace_back(name, item.as_string());
        continue;
      }
    }
    return absl::InvalidArgumentError(
        StrCat(member, ".", std::string_view(name), ": a string or a list of strings"));
  }
  return values;
}

boost::json::object NamedValuesJson(
    const std::vector<std::pair<std::string, std::string>>& values) {
  boost::json::object out;
  for (const auto& [name, value] : values) {
    auto* existing = out.if_contains(name);
    if (existing == nullptr) {
      out[name] = value;
    } else if (existing->is_string()) {
      boost::json::array list{existing->as_string(), boost::json::string(value)};
      *existing = std::move(list);
    } else {
      existing->as_array().emplace_back(value);
    }
  }
  return out;
}

}  // namespace

absl::Status CheckHeaders(const RequestParts& parts) {
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

net::Request Assemble(const spec::Operation& operation, const RequestParts& parts) {
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

std::vector<std::pair<std::string, std::string>> PathParams(const RequestParts& parts) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [name, value] : parts.path) {
    if (!value.empty()) params.emplace_back(name, value);
  }
  return params;
}

net::Request AssembleUnderServer(const spec::Spec& spec, const spec::Operation& operation,
                                 const RequestParts& parts) {
  net::Request request = Assemble(operation, parts);
  const std::string base_path =
      spec.servers.empty() ? std::string() : contract::BasePathOf(spec.servers.front());
  request.path = StrCat(base_path, request.path);
  request.target = StrCat(base_path, request.target);
  return request;
}

absl::StatusOr<RequestParts> RequestPartsFromJson(const boost::json::object& json) {
  RequestParts parts;
  ASSIGN_OR_RETURN(parts.path, NamedValues(json, "path"));
  ASSIGN_OR_RETURN(parts.query, NamedValues(json, "query"));
  ASSIGN_OR_RETURN(parts.headers, NamedValues(json, "headers"));
  if (const auto* body = json.if_contains("body"); body != nullptr && !body->is_null()) {
    if (!body->is_string()) return absl::InvalidArgumentError("body: must be a string");
    parts.body = std::string(body->as_string());
  }
  return parts;
}

boost::json::object RequestPartsToJson(const RequestParts& parts) {
  return {{"path", NamedValuesJson(parts.path)},
          {"query", NamedValuesJson(parts.query)},
          {"headers", NamedValuesJson(parts.headers)},
          {"body", parts.body}};
}

}  // namespace icopilot::services
