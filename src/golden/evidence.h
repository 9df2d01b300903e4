// What a case keeps of each exchange, so a partner sees why it passed or failed without
// the run leaking what it was trusted with: credentials masked wherever they appear
// (credential headers whole, the secrets the run holds anywhere in URLs, headers and
// bodies), bodies cut at a size limit, the time taken, the transport error if any.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "net/http_client.h"

namespace icopilot::golden {

struct EvidencePolicy {
  std::size_t max_body_bytes = 64 * 1024;
  // Every secret the run holds (API keys, tokens, passwords, client secrets): replaced
  // by "****" wherever it appears.
  std::vector<std::string> secrets;
  // Headers that carry credentials, besides Authorization, Proxy-Authorization, Cookie,
  // Set-Cookie: the API's own API-key headers (lower case).
  std::vector<std::string> credential_headers;
};

struct Exchange {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::string request_body;
  bool request_body_truncated = false;
  int status = 0;  // 0 when no answer came
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;
  bool response_body_truncated = false;
  double duration_ms = 0;
  std::string error;  // the transport error (unreachable, TLS, timeout, too large)
};

// `text` with every secret replaced by "****" (longest first, so one secret inside
// another is masked whole).
std::string MaskSecrets(std::string_view text, const std::vector<std::string>& secrets);

Exchange RecordExchange(const net::ClientRequest& request,
                        const absl::StatusOr<net::ClientResponse>& response, double duration_ms,
                        const EvidencePolicy& policy);

boost::json::object ExchangeJson(const Exchange& exchange);

}  // namespace icopilot::golden
