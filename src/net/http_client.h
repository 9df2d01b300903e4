// Outbound HTTP on libcurl. Synchronous; call it off the I/O threads.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "net/http.h"

namespace icopilot::net {

// TLS: verification on unless turned off; a CA bundle instead of the system's; a client
// certificate and key for mutual TLS, as files (PEM) or as PEM text in memory (what the
// store keeps), the text used when set.
struct TlsOptions {
  bool verify = true;
  std::string ca_file{};
  std::string client_cert{};
  std::string client_key{};
  std::string ca_pem{};
  std::string client_cert_pem{};
  std::string client_key_pem{};
};

struct ClientRequest {
  std::string method = "GET";
  std::string url{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_body_bytes = 0;  // 0: no limit; larger answers fail with ResourceExhausted
  TlsOptions tls{};
  // "host:port:address" entries curl uses instead of resolving (CURLOPT_RESOLVE): a host
  // checked once is reached at the address that was checked.
  std::vector<std::string> resolve{};
  // Called with each piece of the body as it arrives (it is also kept whole in the answer),
  // for answers read while they are written.
  std::function<void(std::string_view piece)> on_body{};
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body{};
};

// Errors (connection refused, timeout) are Unavailable / DeadlineExceeded with curl's text.
// Only http and https are spoken; redirects are never followed (a 3xx is the answer) and
// bodies are not decompressed, so a compressed answer is bounded by max_body_bytes as sent.
absl::StatusOr<ClientResponse> SendHttp(const ClientRequest& request);

}  // namespace icopilot::net
