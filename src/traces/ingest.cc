#include "traces/ingest.h"

#include <cmath>
#include <initializer_list>

#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::traces {
namespace {

absl::Status OnlyKnown(const boost::json::object& object, std::string_view where,
                       std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object) {
    bool found = false;
    for (std::string_view name : known) found = found || key == name;
    if (!found)
      return absl::InvalidArgumentError(StrCat(where, std::string_view(key), ": unknown field"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> OptionalText(const boost::json::object& object, std::string_view key,
                                         std::string_view where) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string())
    return absl::InvalidArgumentError(StrCat(where, key, ": must be a string"));
  return std::string(value->as_string());
}

// Headers as the trace format writes them ([[name, value], ...]) or as an object.
absl::StatusOr<net::Headers> ReadHeaders(const boost::json::object& message,
                                         std::string_view where) {
  net::Headers headers;
  const auto* value = message.if_contains("headers");
  if (value == nullptr || value->is_null()) return headers;
  const std::string field = StrCat(where, "headers");
  if (value->is_object()) {
    for (const auto& [name, text] : value->as_object()) {
      if (!text.is_string())
        return absl::InvalidArgumentError(
            StrCat(field, ".", std::string_view(name), ": must be a string"));
      headers.Add(std::string_view(name), std::string(text.as_string()));
    }
    return headers;
  }
  if (!value->is_array())
    return absl::InvalidArgumentError(StrCat(field, ": an array of [name, value] or an object"));
  std::size_t index = 0;
  for (const auto& pair : value->as_array()) {
    const auto* items = pair.if_array();
    if (items == nullptr || items->size() != 2 || !(*items)[0].is_string() ||
        !(*items)[1].is_string() || (*items)[0].as_string().empty())
      return absl::InvalidArgumentError(
          StrCat(field, "[", index, "]: must be [name, value] strings"));
    headers.Add(std::string_view((*items)[0].as_string()), std::string((*items)[1].as_string()));
    ++index;
  }
  return headers;
}

}  // namespace

absl::StatusOr<IngestItem> ReadIngestItem(const boost::json::value& value) {
  const auto* object = value.if_object();
  if (object == nullptr) return absl::InvalidArgumentError("a trace must be a JSON object");
  RETURN_IF_ERROR(OnlyKnown(*object, "",
                            {"started_at", "duration_ms", "partner_id", "request", "response",
                             "operation_id", "violations", "redactions"}));
  IngestItem item;
  Exchange& exchange = item.exchange;
  ASSIGN_OR_RETURN(exchange.started_at, OptionalText(*object, "started_at", ""));
  ASSIGN_OR_RETURN(item.partner_id, OptionalText(*object, "partner_id", ""));
  if (const auto* duration = object->if_contains("duration_ms"); duration && !duration->is_null()) {
    if (!duration->is_number() || !std::isfinite(duration->to_number<double>()) ||
        duration->to_number<double>() < 0)
      return absl::InvalidArgumentError("duration_ms: must be a number >= 0");
    exchange.duration_ms = duration->to_number<double>();
  }

  const auto* request_value = object->if_contains("request");
  const auto* request = request_value != nullptr ? request_value->if_object() : nullptr;
  if (request == nullptr) return absl::InvalidArgumentError("request: required, an object");
  RETURN_IF_ERROR(
      OnlyKnown(*request, "request.", {"method", "url", "headers", "body", "body_truncated"}));
  ASSIGN_OR_RETURN(std::string method, OptionalText(*request, "method", "request."));
  ASSIGN_OR_RETURN(std::string url, OptionalText(*request, "url", "request."));
  if (method.empty() || method.size() > 32)
    return absl::InvalidArgumentError("request.method: required, an HTTP method");
  if (url.empty()) return absl::InvalidArgumentError("request.url: required");
  SetRequestLine(exchange, method, url);
  ASSIGN_OR_RETURN(exchange.request.headers, ReadHeaders(*request, "request."));
  ASSIGN_OR_RETURN(exchange.request.body, OptionalText(*request, "body", "request."));

  const auto* response_value = object->if_contains("response");
  if (response_value != nullptr && !response_value->is_null()) {
    const auto* response = response_value->if_object();
    if (response == nullptr) return absl::InvalidArgumentError("response: must be an object");
    RETURN_IF_ERROR(
        OnlyKnown(*response, "response.", {"status", "headers", "body", "body_truncated"}));
    const auto* status = response->if_contains("status");
    if (status == nullptr || !status->is_int64() || status->as_int64() < 0 ||
        status->as_int64() > 999)
      return absl::InvalidArgumentError("response.status: required, an integer 0..999");
    exchange.status = static_cast<int>(status->as_int64());
    ASSIGN_OR_RETURN(exchange.response_headers, ReadHeaders(*response, "response."));
    ASSIGN_OR_RETURN(exchange.response_body, OptionalText(*response, "body", "response."));
  }
  return item;
}

absl::StatusOr<IngestBatch> ReadIngestBatch(std::string_view body) {
  IngestBatch batch;
  std::string_view trimmed = TrimWhitespace(body);
  if (trimmed.empty()) return absl::InvalidArgumentError("the body is empty: send traces");
  auto whole = ParseJson(body);
  if (whole.ok()) {
    if (whole->is_array()) {
      if (whole->as_array().size() > kMaxIngestItems)
        return absl::InvalidArgumentError(StrCat("the batch has ", whole->as_array().size(),
                                                 " items; at most ", kMaxIngestItems));
      std::size_t index = 0;
      for (const auto& item : whole->as_array()) {
        batch.items.push_back(ReadIngestItem(item));
        batch.positions.push_back(index++);
      }
    } else {
      batch.items.push_back(ReadIngestItem(*whole));
      batch.positions.push_back(0);
    }
    return batch;
  }
  // Not one JSON document: newline-delimited JSON, one value per non-blank line, or
  // nothing is taken.
  if (trimmed.front() != '{') return whole.status();
  batch.by_line = true;
  std::size_t line_number = 0;
  while (!body.empty()) {
    std::size_t newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view() : body.substr(newline + 1);
    ++line_number;
    if (TrimWhitespace(line).empty()) continue;
    if (batch.items.size() == kMaxIngestItems)
      return absl::InvalidArgumentError(
          StrCat("the batch has more than ", kMaxIngestItems, " lines"));
    auto parsed = ParseJson(line);
    if (!parsed.ok())
      return absl::InvalidArgumentError(
          StrCat("line ", line_number, ": ", parsed.status().message()));
    batch.items.push_back(ReadIngestItem(*parsed));
    batch.positions.push_back(line_number);
  }
  return batch;
}

}  // namespace icopilot::traces
