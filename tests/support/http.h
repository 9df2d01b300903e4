// HTTP calls from tests to a running server, over real sockets (libcurl).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "net/http_client.h"

namespace icopilot::testing {

struct Reply {
  int status = 0;
  net::Headers headers;
  std::string body;
  // The body parsed as JSON; null when it is not JSON.
  boost::json::value json() const;
};

// `key` may be empty (no credentials). Fails the test on a transport error.
Reply Call(const std::string& method, const std::string& url, const std::string& key = "",
           const std::string& json_body = "",
           std::vector<std::pair<std::string, std::string>> headers = {});

// The answer's "id" member; "" when it has none (the caller's assertions say why).
std::string IdOf(const Reply& reply);

// `text` as a JSON string literal, quotes and escapes included: for building bodies.
std::string JsonString(std::string_view text);

// A TCP connection to 127.0.0.1:port (TCP_NODELAY); -1 (and a test failure) when refused.
int ConnectLoopback(int port);

// Writes `bytes` on a fresh TCP connection to 127.0.0.1:port and returns everything read
// until the server closes or `timeout` passes.
std::string RawExchange(int port, const std::string& bytes, int timeout_ms = 5000);

}  // namespace icopilot::testing
