#include "traces/har.h"

#include "contract/exchange_check.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/strings.h"

namespace icopilot::traces {
namespace {

constexpr std::size_t kMaxEntries = 100'000;

const boost::json::object* ObjectAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->as_object() : nullptr;
}

std::string TextAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

// HAR headers: [{"name", "value"}]. HTTP/2 pseudo-headers (":authority") are left out.
void ReadHeaders(const boost::json::object& message, net::Headers& headers) {
  const auto* list = message.if_contains("headers");
  if (list == nullptr || !list->is_array()) return;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) continue;
    std::string name = TextAt(item.as_object(), "name");
    if (name.empty() || name.front() == ':') continue;
    headers.Add(name, TextAt(item.as_object(), "value"));
  }
}

absl::StatusOr<Exchange> ReadEntry(const boost::json::value& entry) {
  if (!entry.is_object()) return absl::InvalidArgumentError("not an object");
  const auto& object = entry.as_object();
  const auto* request = ObjectAt(object, "request");
  if (request == nullptr) return absl::InvalidArgumentError("no request");
  Exchange exchange;
  std::string method = TextAt(*request, "method");
  std::string url = TextAt(*request, "url");
  if (method.empty() || url.empty())
    return absl::InvalidArgumentError("the request has no method or url");
  SetRequestLine(exchange, method, url);
  ReadHeaders(*request, exchange.request.headers);
  if (const auto* post = ObjectAt(*request, "postData")) {
    exchange.request.body = TextAt(*post, "text");
    std::string mime = TextAt(*post, "mimeType");
    if (!mime.empty() && !exchange.request.headers.Find("content-type"))
      exchange.request.headers.Set("content-type", mime);
  }
  exchange.started_at = TextAt(object, "startedDateTime");
  if (const auto* time = object.if_contains("time"); time != nullptr && time->is_number())
    exchange.duration_ms = time->to_number<double>();
  if (const auto* response = ObjectAt(object, "response")) {
    if (const auto* status = response->if_contains("status"); status && status->is_number())
      exchange.status = static_cast<int>(status->to_number<double>());
    ReadHeaders(*response, exchange.response_headers);
    if (const auto* content = ObjectAt(*response, "content")) {
      exchange.response_body = TextAt(*content, "text");
      if (TextAt(*content, "encoding") == "base64") {
        auto decoded = DecodeBase64(exchange.response_body);
        if (!decoded) return absl::InvalidArgumentError("response.content.text is not base64");
        exchange.response_body = std::move(*decoded);
      }
    }
  }
  // A browser's status 0 is a request that got no answer (blocked, aborted).
  if (exchange.status < 0 || exchange.status > 999)
    return absl::InvalidArgumentError("response.status is not an HTTP status");
  return exchange;
}

}  // namespace

void SetRequestLine(Exchange& exchange, std::string_view method, std::string_view url) {
  exchange.request.method = ToUpper(method);
  exchange.url = std::string(url);
  std::size_t scheme = url.find("://");
  std::size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  std::string_view target = path_start == std::string_view::npos ? "/" : url.substr(path_start);
  target = target.substr(0, target.find('#'));
  exchange.request.target = std::string(target);
  std::size_t question = target.find('?');
  exchange.request.path = std::string(target.substr(0, question));
  exchange.request.query =
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
}

absl::StatusOr<HarContents> ReadHar(std::string_view text) {
  auto parsed = ParseJson(text);
  if (!parsed.ok())
    return absl::InvalidArgumentError(StrCat("not a HAR file: ", parsed.status().message()));
  const auto* log = parsed->is_object() ? ObjectAt(parsed->as_object(), "log") : nullptr;
  const auto* entries = log != nullptr ? log->if_contains("entries") : nullptr;
  if (entries == nullptr || !entries->is_array())
    return absl::InvalidArgumentError("not a HAR file: no log.entries array");
  if (entries->as_array().size() > kMaxEntries) {
    return absl::InvalidArgumentError(StrCat("the HAR file has ", entries->as_array().size(),
                                             " entries; at most ", kMaxEntries, " are read"));
  }
  HarContents contents;
  std::size_t index = 0;
  for (const auto& entry : entries->as_array()) {
    auto exchange = ReadEntry(entry);
    if (exchange.ok()) {
      contents.exchanges.push_back(std::move(*exchange));
    } else {
      contents.skipped.push_back({index, std::string(exchange.status().message())});
    }
    ++index;
  }
  return contents;
}

Trace ToTrace(const Exchange& exchange, const ContractContext& contract, const Redactor& redactor) {
  Trace trace;
  trace.started_at = exchange.started_at;
  trace.duration_ms = exchange.duration_ms;
  trace.method = exchange.request.method;
  trace.url = exchange.url;
  trace.request_headers = exchange.request.headers.fields();
  trace.request_body = exchange.request.body;
  trace.status = exchange.status;
  trace.response_headers = exchange.response_headers.fields();
  trace.response_body = exchange.response_body;
  if (contract.spec != nullptr) {
    // On the raw values, before redaction, so masks never cause violations.
    const net::Request* request = &exchange.request;
    net::Request under_spec_path;
    const std::string_view env_path = contract.environment_base_path;
    if (!env_path.empty() && env_path != contract.index->base_path() &&
        exchange.request.path.starts_with(env_path) &&
        (exchange.request.path.size() == env_path.size() ||
         exchange.request.path[env_path.size()] == '/')) {
      under_spec_path = exchange.request;
      under_spec_path.path =
          contract.index->base_path() + exchange.request.path.substr(env_path.size());
      request = &under_spec_path;
    }
    contract::ExchangeCheck check =
        contract::CheckExchange(*contract.spec, *contract.index, *contract.schemas, *request,
                                exchange.status, exchange.response_headers, exchange.response_body);
    trace.operation_id = std::move(check.operation_id);
    for (auto& violation : check.violations) {
      const bool cut =
          violation.side == "request" ? exchange.request_body_cut : exchange.response_body_cut;
      if (cut && violation.location.starts_with("body")) continue;
      trace.violations.push_back(std::move(violation));
    }
  }
  trace.request_body_truncated = exchange.request_body_cut;
  trace.response_body_truncated = exchange.response_body_cut;
  static const std::vector<std::string> kNone;
  Redact(redactor, trace, contract.pii != nullptr ? contract.pii->For(trace.operation_id) : kNone);
  Truncate(trace);
  return trace;
}

}  // namespace icopilot::traces
