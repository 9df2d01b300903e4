#include "api/json_io.h"

#include <algorithm>
#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "absl/strings/cord.h"
#include "core/json.h"
#include "core/log.h"
#include "core/retry_after.h"
#include "core/strings.h"
#include "net/problem.h"

namespace icopilot::api {
namespace {

constexpr char kProblemPayload[] = "icopilot.dev/problem";

// "name: between 1 and 200 characters" names the field it is about: the problem then says
// so as RFC 9457's `errors` ([{pointer, detail}]), for a form to mark the field.
std::optional<boost::json::object> FieldErrors(std::string_view message) {
  const std::size_t colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view field = message.substr(0, colon);
  const bool is_name = std::all_of(field.begin(), field.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
  if (!is_name || !(field.front() >= 'a' && field.front() <= 'z')) return std::nullopt;
  std::string pointer;
  for (std::string_view part : Split(field, '.')) pointer += StrCat("/", part);
  boost::json::array errors;
  errors.push_back({{"pointer", pointer}, {"detail", message.substr(colon + 2)}});
  return boost::json::object{{"errors", std::move(errors)}};
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string media = ToLower(TrimWhitespace(content_type.substr(0, content_type.find(';'))));
  return media == "application/json" ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

}  // namespace

absl::Status WithProblem(absl::Status status, int http_status, std::string_view type) {
  status.SetPayload(kProblemPayload, absl::Cord(StrCat(http_status, " ", type)));
  return status;
}

absl::StatusOr<boost::json::object> ReadJsonObject(const net::Request& request) {
  auto content_type = request.headers.Find("content-type");
  if (!content_type || !IsJsonMediaType(*content_type)) {
    return WithProblem(
        absl::InvalidArgumentError(StrCat("expected Content-Type application/json, got '",
                                          content_type.value_or(""), "'")),
        415, "unsupported-media-type");
  }
  auto parsed = ParseJson(request.body);
  if (!parsed.ok()) return WithProblem(parsed.status(), 400, "malformed-json");
  if (!parsed->is_object()) {
    return absl::InvalidArgumentError("the request body must be a JSON object");
  }
  return std::move(parsed->as_object());
}

absl::StatusOr<std::optional<std::string>> StringField(const boost::json::object& body,
                                                       std::string_view name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || (it->value().is_null() && !required)) {
    if (required) return absl::InvalidArgumentError(StrCat(name, ": is required"));
    return std::optional<std::string>();
  }
  if (!it->value().is_string())
    return absl::InvalidArgumentError(StrCat(name, ": must be a string"));
  const auto& text = it->value().as_string();
  return std::optional<std::string>(std::string(text.data(), text.size()));
}

absl::StatusOr<std::optional<std::int64_t>> IntField(const boost::json::object& body,
                                                     std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->value().is_null()) return std::optional<std::int64_t>();
  if (it->value().is_int64()) return std::optional<std::int64_t>(it->value().as_int64());
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(it->value().as_uint64()));
  }
  return absl::InvalidArgumentError(StrCat(name, ": must be an integer"));
}

absl::Status OnlyFields(const boost::json::object& body,
                        std::initializer_list<std::string_view> allowed) {
  for (const auto& member : body) {
    std::string_view key(member.key().data(), member.key().size());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return absl::InvalidArgumentError(StrCat(key, ": unknown field"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::int64_t> IntQuery(const net::Request& request, std::string_view name,
                                      std::int64_t fallback) {
  auto text = request.QueryParam(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size())
    return absl::InvalidArgumentError(StrCat(name, ": must be an integer"));
  return value;
}

net::Response JsonResponse(int status, const boost::json::value& body) {
  net::Response response;
  response.status = status;
  response.headers.Set("content-type", "application/json");
  response.body = boost::json::serialize(body);
  return response;
}

net::Response NoContent() {
  net::Response response;
  response.status = 204;
  return response;
}

net::Response Accepted() {
  net::Response response;
  response.status = 202;
  return response;
}

net::Response ProblemFromStatus(const absl::Status& status) {
  std::string message(status.message());
  if (auto payload = status.GetPayload(kProblemPayload)) {
    std::string text(*payload);
    std::size_t space = text.find(' ');
    int http_status = std::stoi(text.substr(0, space));
    std::string type = text.substr(space + 1);
    return net::MakeProblem(http_status, type, net::StatusReason(http_status), message);
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument: {
      auto errors = FieldErrors(message);
      return net::MakeProblem(422, "invalid-request", "The request is not valid", message,
                              errors ? &*errors : nullptr);
    }
    case absl::StatusCode::kNotFound:
      return net::MakeProblem(404, "not-found", "Not found", message);
    case absl::StatusCode::kAlreadyExists:
      return net::MakeProblem(409, "conflict", "Conflict", message);
    case absl::StatusCode::kFailedPrecondition:
      return net::MakeProblem(409, "conflict", "Conflict", message);
    case absl::StatusCode::kPermissionDenied:
      return net::MakeProblem(403, "forbidden", "Forbidden", message);
    case absl::StatusCode::kUnauthenticated: {
      auto response = net::MakeProblem(401, "unauthenticated", "Authentication required", message);
      response.headers.Set("www-authenticate", "Bearer realm=\"icopilot\"");
      return response;
    }
    case absl::StatusCode::kResourceExhausted: {
      auto response = net::MakeProblem(429, "rate-limited", "Too many requests", message);
      response.headers.Set("retry-after", std::to_string(RetryAfterOf(status).value_or(60)));
      return response;
    }
    case absl::StatusCode::kUnavailable:
      return net::MakeProblem(503, "unavailable", "Service unavailable",
                              "the database is busy; retry shortly");
    case absl::StatusCode::kDeadlineExceeded:
      return net::MakeProblem(503, "unavailable", "Service unavailable",
                              "the database took too long to answer; retry shortly");
    default:
      // The answer promises the reason is in the log; the client sees none of it.
      log::Event("error", "request failed",
                 {{"code", absl::StatusCodeToString(status.code())}, {"reason", message}});
      return net::MakeProblem(500, "internal", "Internal error",
                              "the server failed to handle this request; see the server log");
  }
}

}  // namespace icopilot::api
