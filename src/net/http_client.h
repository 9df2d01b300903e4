// Outbound HTTP on libcurl. Synchronous; call it off the I/O threads.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "net/http.h"

namespace icopilot::net {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_body_bytes = 0;  // 0: no limit; larger answers fail with ResourceExhausted
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// Errors (connection refused, timeout) are Unavailable / DeadlineExceeded with curl's text.
absl::StatusOr<ClientResponse> SendHttp(const ClientRequest& request);

}  // namespace icopilot::net
