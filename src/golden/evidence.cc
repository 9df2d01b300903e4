#include "golden/evidence.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"

namespace icopilot::golden {
namespace {

constexpr std::string_view kMask = "****";

bool IsCredentialHeader(std::string_view name, const EvidencePolicy& policy) {
  std::string lower = ToLower(name);
  if (lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" ||
      lower == "set-cookie")
    return true;
  return std::find(policy.credential_headers.begin(), policy.credential_headers.end(), lower) !=
         policy.credential_headers.end();
}

// Cut at the limit, on a UTF-8 character boundary.
std::string Cut(std::string_view body, std::size_t limit, bool& truncated) {
  truncated = body.size() > limit;
  if (!truncated) return std::string(body);
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;
  return std::string(body.substr(0, end));
}

template <typename Headers>
std::vector<std::pair<std::string, std::string>> MaskedHeaders(const Headers& headers,
                                                               const EvidencePolicy& policy) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers) {
    out.emplace_back(std::string(name), IsCredentialHeader(name, policy)
                                            ? std::string(kMask)
                                            : MaskSecrets(value, policy.secrets));
  }
  return out;
}

boost::json::array HeadersJson(const std::vector<std::pair<std::string, std::string>>& headers) {
  boost::json::array out;
  for (const auto& [name, value] : headers) out.push_back(boost::json::array{name, value});
  return out;
}

}  // namespace

std::string MaskSecrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::vector<std::string_view> ordered(secrets.begin(), secrets.end());
  std::sort(ordered.begin(), ordered.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out(text);
  for (std::string_view secret : ordered) {
    if (secret.empty()) continue;
    // Also as it travels in a URL's query (percent-encoded).
    for (const std::string& form : {std::string(secret), PercentEncode(secret)}) {
      for (std::size_t at = out.find(form); at != std::string::npos;
           at = out.find(form, at + kMask.size())) {
        out.replace(at, form.size(), kMask);
      }
    }
  }
  return out;
}

Exchange RecordExchange(const net::ClientRequest& request,
                        const absl::StatusOr<net::ClientResponse>& response, double duration_ms,
                        const EvidencePolicy& policy) {
  Exchange exchange;
  exchange.method = request.method;
  exchange.url = MaskSecrets(request.url, policy.secrets);
  exchange.request_headers = MaskedHeaders(request.headers, policy);
  exchange.request_body = MaskSecrets(
      Cut(request.body, policy.max_body_bytes, exchange.request_body_truncated), policy.secrets);
  exchange.duration_ms = duration_ms;
  if (!response.ok()) {
    exchange.error = MaskSecrets(std::string(response.status().message()), policy.secrets);
    return exchange;
  }
  exchange.status = response->status;
  exchange.response_headers = MaskedHeaders(response->headers.fields(), policy);
  exchange.response_body = MaskSecrets(
      Cut(response->body, policy.max_body_bytes, exchange.response_body_truncated), policy.secrets);
  return exchange;
}

boost::json::object ExchangeJson(const Exchange& exchange) {
  boost::json::object out{
      {"method", exchange.method},
      {"url", exchange.url},
      {"request_headers", HeadersJson(exchange.request_headers)},
      {"request_body", exchange.request_body},
      {"request_body_truncated", exchange.request_body_truncated},
      {"duration_ms", std::round(exchange.duration_ms * 100) / 100},
  };
  if (!exchange.error.empty()) {
    out["error"] = exchange.error;
    return out;
  }
  out["status"] = exchange.status;
  out["response_headers"] = HeadersJson(exchange.response_headers);
  out["response_body"] = exchange.response_body;
  out["response_body_truncated"] = exchange.response_body_truncated;
  return out;
}

}  // namespace icopilot::golden
