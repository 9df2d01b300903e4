// The request and response values that handlers see. Plain data: no Beast, no Asio, so
// every layer above the socket code can include this cheaply.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace icopilot::net {

// Header fields in arrival order. Names are stored lower-case; lookups ignore case.
class Headers {
 public:
  std::optional<std::string_view> Find(std::string_view name) const;
  // Replaces every field of that name.
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);
  void Remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // as sent, path plus query
  std::string path;    // percent-encoded, without the query
  std::string query;   // percent-encoded, without '?'
  Headers headers;
  std::string body;
  std::string peer_address;    // the socket's peer
  std::string client_address;  // peer, or X-Forwarded-For when the peer is a trusted proxy
  bool https = false;          // a trusted proxy says the client reached it over HTTPS
  std::string request_id;
  std::string route;  // the matched path template, "" when no route matched
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded
  std::int64_t received_at_ms = 0;

  std::optional<std::string_view> PathParam(std::string_view name) const;
  // The first value of a query parameter, decoded; nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// Hands one piece of a streamed body to the server; false once the client has gone (the
// producer should stop).
using BodyWriter = std::function<bool(std::string_view piece)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When true, the server closes the connection after writing this response.
  bool close_connection = false;
  // The server waits this long before writing (on a timer: no thread is held), for
  // latency on purpose.
  std::chrono::milliseconds delay{0};
  // A body produced while it is sent (server-sent events): when set, `body` is ignored, the
  // header goes out at once (chunked), and the server calls `stream` on a worker thread,
  // sending each piece it writes as it comes. It must capture only what outlives the server
  // or what it owns.
  std::function<void(const BodyWriter& write)> stream{};
};

// Case-insensitive ASCII comparison of header names and tokens.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The reason phrase of a status code ("Not Found").
std::string_view StatusReason(int status);

}  // namespace icopilot::net
