// The HTTP/1.1 server: Boost.Beast on Asio with one coroutine per connection. This header
// keeps Beast and Asio out of its includers; they live only in server.cc.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "net/http.h"

namespace icopilot::net {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 10 * 1024 * 1024;
  // Time allowed to receive a whole request once its first byte arrived.
  std::chrono::milliseconds read_timeout{30'000};
  // Time a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // After SIGTERM/SIGINT, in-flight requests get this long to finish.
  std::chrono::milliseconds shutdown_grace{30'000};
  int io_threads = 0;      // 0: one per core
  int worker_threads = 4;  // blocking handlers (database, password hashing) run here
  // Called once when shutting down begins (a signal or Shutdown()), before in-flight
  // requests are waited for: background work that calls this server stops first.
  std::function<void()> on_stopping{};
  // Requests whose target starts with `handoff_prefix` leave the server with their
  // connection (a streaming proxy takes them): `handoff` owns the socket's descriptor from
  // then on and gets the bytes read so far (the request's header, written out again, and
  // any body bytes already buffered) and the peer's address.
  std::string handoff_prefix{};
  std::function<void(int fd, std::string buffered, std::string peer)> handoff{};
};

// What the server calls for each complete request. Implementations must be thread-safe.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual Response Handle(Request& request) = 0;
  // True for cheap handlers that never block (health checks): they skip the hop to the
  // worker pool and run on the I/O thread.
  virtual bool RunsOnIoThread(const Request& request) const = 0;
  // Called for requests the server answers itself (413, 431, 400 on unparsable input).
  virtual void OnRejected(const Request& request, const Response& response) = 0;
};

class Server {
 public:
  // Binds and listens; errors (address in use, bad host) are returned, not thrown.
  static absl::StatusOr<std::unique_ptr<Server>> Listen(const ServerOptions& options,
                                                        RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // "http://127.0.0.1:PORT" with the port actually bound.
  std::string url() const;
  std::uint16_t port() const;

  // Serves until Shutdown() or SIGINT/SIGTERM, then lets in-flight requests finish
  // (up to shutdown_grace) and returns.
  void Run();
  // Thread-safe; may be called from any thread or a handler.
  void Shutdown();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace icopilot::net
