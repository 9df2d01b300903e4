// A streaming HTTP/1.1 reverse proxy: each request is forwarded to an upstream as it
// arrives and the upstream's answer is passed back as it comes, bodies streamed in
// chunks, never held whole; only a prefix of each body (up to a limit) is kept and
// reported with the exchange afterwards. Bounded by timeouts (connect, the upstream's
// next bytes, the whole exchange) and body limits; an upstream that cannot be reached
// is a 502, one that does not answer in time a 504. Beast and Asio stay in relay.cc.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "net/http.h"

namespace icopilot::net {

struct RelayOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4020;  // 0 picks a free port
  // Where requests go unless the hooks say otherwise: http(s)://host[:port][/base path].
  std::string upstream;
  bool verify_tls = true;  // https upstreams: the certificate and its name are checked
  std::string ca_file;     // PEM bundle to trust instead of the system's
  std::size_t keep_body_bytes = 64 * 1024;  // per body, for the report
  std::size_t header_limit = 16 * 1024;
  std::uint64_t max_body_bytes = 1ull << 30;  // per body; past it the exchange is cut
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds upstream_timeout{30'000};   // for the upstream's next bytes
  std::chrono::milliseconds exchange_timeout{300'000};  // a whole exchange
  std::chrono::milliseconds idle_timeout{60'000};       // a client between requests
  int io_threads = 0;                                   // 0: one per core
  std::size_t max_pending_reports = 10'000;             // exchanges waiting for OnExchange
  bool handle_signals = true;                           // SIGINT/SIGTERM stop it (standalone)
};

struct RelayedExchange {
  std::int64_t started_at_ms = 0;
  double duration_ms = 0;
  std::string upstream_url;  // the URL the request went to
  Request request;           // method, target, path, query, headers; body: the kept prefix
  bool request_body_truncated = false;
  int status = 0;  // 0 when no answer came from the upstream
  Headers response_headers;
  std::string response_body;  // the kept prefix
  bool response_body_truncated = false;
  std::string error;  // why the exchange failed; "" when it did not
  std::string tag;    // RelayRoute::tag
};

// Where one request goes, decided before it is forwarded.
struct RelayRoute {
  std::optional<Response> answer;  // set: answer this instead of forwarding
  std::string upstream;            // "" for RelayOptions::upstream
  std::string target;              // "" for the request's own target
  // An address already checked for the upstream's host: connected to instead of resolving
  // the name again (so it cannot resolve elsewhere in between).
  std::string connect_address;
  std::string tag;                 // handed back with the exchange (who asked, for what)
  std::optional<bool> verify_tls;  // nullopt: RelayOptions::verify_tls
};

class RelayHooks {
 public:
  virtual ~RelayHooks() = default;
  // On an I/O thread, so it must not block. May edit the request's headers.
  virtual RelayRoute Route(Request& request) {
    (void)request;
    return {};
  }
  // After each exchange, on a worker thread.
  virtual void OnExchange(RelayedExchange exchange) = 0;
};

class Relay {
 public:
  // InvalidArgument for an upstream that is not an http:// or https:// URL; Unavailable
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Relay>> Listen(const RelayOptions& options,
                                                       RelayHooks& hooks);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // A relay without a listening socket of its own: connections come through Adopt.
  static std::unique_ptr<Relay> Detached(const RelayOptions& options, RelayHooks& hooks);
  // Takes over a connection another server accepted: `fd` is owned from now on,
  // `buffered` holds the bytes of the request already read.
  void Adopt(int fd, std::string buffered, std::string peer);

  std::string url() const;
  // Serves until Shutdown() or SIGINT/SIGTERM; then reports what is pending and returns.
  void Run();
  void Shutdown();
  // Exchanges not reported because too many were waiting.
  std::uint64_t dropped_reports() const;

  class Impl;

 private:
  explicit Relay(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// http(s)://host[:port][/path]: the parts, or InvalidArgument saying what is wrong.
struct UpstreamUrl {
  bool tls = false;
  std::string host;
  std::string port = "80";
  std::string base_path;  // without the trailing slash; "" for none
};
absl::StatusOr<UpstreamUrl> ParseUpstreamUrl(std::string_view url);

}  // namespace icopilot::net
