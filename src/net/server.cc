#include "net/server.h"

#include <atomic>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <unistd.h>

#include "core/strings.h"
#include "net/listen.h"
#include "net/problem.h"

namespace icopilot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTupleAwaitable = asio::as_tuple(asio::use_awaitable);

namespace {

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::string peer_address;
  // Touched only on the connection's I/O thread: true while a request is being handled.
  bool busy = false;
};

Request ToRequest(http::request<http::string_body>&& message, const Connection& connection) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  std::string_view target = message.target();
  std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  for (const auto& field : message) {
    request.headers.Add(field.name_string(), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.peer_address = connection.peer_address;
  request.client_address = connection.peer_address;
  return request;
}

http::response<http::string_body> ToMessage(Response&& response, unsigned version, bool head) {
  http::response<http::string_body> message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  for (auto& [name, value] : response.headers.fields()) message.insert(name, value);
  std::size_t length = response.body.size();
  if (!head) message.body() = std::move(response.body);
  message.content_length(length);
  return message;
}

bool IsParseError(const boost::system::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

class Server::Impl {
 public:
  Impl(const ServerOptions& options, RequestHandler& handler)
      : options_(options),
        handler_(handler),
        io_threads_(options.io_threads > 0 ? options.io_threads
                                           : std::max(1u, std::thread::hardware_concurrency())),
        contexts_(MakeContexts(io_threads_)),
        acceptor_(*contexts_[0]),
        signals_(*contexts_[0], SIGINT, SIGTERM),
        workers_(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        grace_timer_(acceptor_.get_executor()) {}

  absl::Status Bind() {
    auto listening = OpenListeningSocket(options_.host, options_.port);
    if (!listening.ok()) return listening.status();
    boost::system::error_code ec;
    acceptor_.assign(listening->v6 ? tcp::v6() : tcp::v4(), listening->fd, ec);
    if (ec) {
      ::close(listening->fd);
      return absl::UnavailableError(StrCat("cannot listen: ", ec.message()));
    }
    port_ = listening->port;
    return absl::OkStatus();
  }

  std::string Url() const { return HttpUrl(options_.host, port_); }
  std::uint16_t port() const { return port_; }

  void Run() {
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) Shutdown();
    });
    asio::co_spawn(acceptor_.get_executor(), Accept(), asio::detached);
    for (std::size_t i = 1; i < contexts_.size(); ++i)
      guards_.emplace_back(contexts_[i]->get_executor());
    std::vector<std::thread> threads;
    for (int i = 1; i < io_threads_; ++i) threads.emplace_back([this, i] { contexts_[i]->run(); });
    contexts_[0]->run();
    for (auto& thread : threads) thread.join();
    workers_.join();
  }

  void Shutdown() {
    if (stopping_.exchange(true)) return;
    if (options_.on_stopping) options_.on_stopping();
    // The acceptor, the signal set, the work guards and the grace timer are only touched
    // on the first context's thread.
    asio::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      signals_.cancel(ignored);
      guards_.clear();  // each context ends once its connections have
      std::lock_guard lock(mutex_);
      for (const auto& connection : connections_) CloseIfIdle(connection);
      if (connections_.empty()) return;
      grace_timer_.expires_after(options_.shutdown_grace);
      grace_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) StopAll();  // in-flight requests overran the grace period
      });
    });
  }

 private:
  static void CloseIfIdle(const std::shared_ptr<Connection>& connection) {
    asio::post(connection->stream.get_executor(), [connection] {
      if (!connection->busy) connection->stream.cancel();
    });
  }

  asio::awaitable<void> Accept() {
    while (!stopping_) {
      // Round-robin over the I/O contexts: each connection lives on one thread.
      auto& context = *contexts_[next_context_++ % contexts_.size()];
      auto [ec, socket] = co_await acceptor_.async_accept(context, kTupleAwaitable);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: back off instead of spinning.
        asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
        co_await pause.async_wait(kTupleAwaitable);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(std::move(socket));
      auto remote = connection->stream.socket().remote_endpoint(ec);
      connection->peer_address = ec ? "" : remote.address().to_string();
      {
        std::lock_guard lock(mutex_);
        connections_.insert(connection);
      }
      asio::co_spawn(connection->stream.get_executor(), Serve(connection), asio::detached);
    }
  }

  asio::awaitable<void> Serve(std::shared_ptr<Connection> connection) {
    try {
      co_await ServeRequests(*connection);
    } catch (const std::exception&) {
      // A handler threw past its own guard; the connection is dropped, the server lives on.
    }
    boost::system::error_code ignored;
    connection->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    connection->stream.close();
    std::lock_guard lock(mutex_);
    connections_.erase(connection);
    if (stopping_ && connections_.empty()) {
      asio::post(acceptor_.get_executor(), [this] { grace_timer_.cancel(); });
    }
  }

  asio::awaitable<void> ServeRequests(Connection& connection) {
    beast::flat_buffer buffer;
    while (!stopping_) {
      connection.busy = false;
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
      parser.body_limit(options_.body_limit);
      connection.stream.expires_after(buffer.size() > 0 ? options_.read_timeout
                                                        : options_.idle_timeout);
      auto [ec, bytes] =
          co_await http::async_read_header(connection.stream, buffer, parser, kTupleAwaitable);
      if (ec) {
        if (ec == http::error::body_limit) {  // Content-Length already says too much
          co_await RejectBodyTooLarge(connection);
        } else if (ec == http::error::header_limit) {
          co_await Reject(connection, 431, "headers-too-large", "Request header fields too large",
                          StrCat("the request's header exceeds ", options_.header_limit, " bytes"));
        } else if (IsParseError(ec)) {
          co_await Reject(connection, 400, "malformed-request", "Malformed HTTP request",
                          ec.message());
        }
        co_return;
      }
      connection.busy = true;
      auto& header = parser.get();
      if (options_.handoff && !options_.handoff_prefix.empty() &&
          header.target().starts_with(options_.handoff_prefix)) {
        std::ostringstream head;
        head << header.base();
        std::string handed = head.str() + beast::buffers_to_string(buffer.data());
        boost::system::error_code release_ec;
        int fd = connection.stream.socket().release(release_ec);
        if (!release_ec) options_.handoff(fd, std::move(handed), connection.peer_address);
        co_return;
      }
      auto declared = parser.content_length();
      if (declared && *declared > options_.body_limit) {
        co_await RejectBodyTooLarge(connection);
        co_return;
      }
      if (!parser.is_done()) {
        auto expect = header[http::field::expect];
        if (beast::iequals(expect, "100-continue")) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          co_await asio::async_write(connection.stream, asio::buffer(kContinue), kTupleAwaitable);
        }
        connection.stream.expires_after(options_.read_timeout);
        auto [body_ec, body_bytes] =
            co_await http::async_read(connection.stream, buffer, parser, kTupleAwaitable);
        if (body_ec == http::error::body_limit) {
          co_await RejectBodyTooLarge(connection);
          co_return;
        }
        if (body_ec) {
          if (IsParseError(body_ec)) {
            co_await Reject(connection, 400, "malformed-request", "Malformed HTTP request",
                            body_ec.message());
          }
          co_return;
        }
      }
      auto message = parser.release();
      unsigned version = message.version();
      bool keep_alive = message.keep_alive();
      bool head = message.method() == http::verb::head;
      Request request = ToRequest(std::move(message), connection);
      Response response;
      if (handler_.RunsOnIoThread(request)) {
        response = handler_.Handle(request);
      } else {
        response = co_await asio::co_spawn(
            workers_,
            [this, &request]() -> asio::awaitable<Response> { co_return handler_.Handle(request); },
            asio::use_awaitable);
      }
      if (response.delay.count() > 0) {
        asio::steady_timer wait(connection.stream.get_executor(), response.delay);
        co_await wait.async_wait(kTupleAwaitable);
      }
      keep_alive = keep_alive && !response.close_connection && !stopping_;
      if (response.stream && !head) {
        // HTTP/1.0 knows no chunks: the body ends when the connection does.
        if (version < 11) keep_alive = false;
        bool sent = co_await WriteStreamed(connection, std::move(response), version, keep_alive);
        if (!sent || !keep_alive) co_return;
        continue;
      }
      auto reply = ToMessage(std::move(response), version, head);
      reply.keep_alive(keep_alive);
      connection.stream.expires_after(options_.read_timeout);
      auto [write_ec, written] =
          co_await http::async_write(connection.stream, reply, kTupleAwaitable);
      if (write_ec || !keep_alive) co_return;
    }
  }

  // A streamed response: the header now, then each piece the producer writes (on a worker
  // thread, through a bounded channel so a slow client slows the producer instead of
  // growing a queue), then the last chunk. False when the client went away.
  asio::awaitable<bool> WriteStreamed(Connection& connection, Response response, unsigned version,
                                      bool keep_alive) {
    http::response<http::empty_body> header;
    header.version(version);
    header.result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers.fields()) header.insert(name, value);
    const bool chunked = version >= 11;
    if (chunked) header.chunked(true);
    header.keep_alive(keep_alive);
    http::response_serializer<http::empty_body> serializer(header);
    connection.stream.expires_after(options_.read_timeout);
    auto [header_ec, header_bytes] =
        co_await http::async_write_header(connection.stream, serializer, kTupleAwaitable);
    if (header_ec) co_return false;

    using Channel =
        asio::experimental::concurrent_channel<void(boost::system::error_code, std::string)>;
    auto channel = std::make_shared<Channel>(connection.stream.get_executor(), 16);
    const auto patience = options_.read_timeout;
    asio::post(workers_, [channel, patience, produce = std::move(response.stream)] {
      auto send = [&](boost::system::error_code ec, std::string piece) {
        try {
          auto sent = channel->async_send(ec, std::move(piece), asio::use_future);
          if (sent.wait_for(patience) == std::future_status::ready) {
            sent.get();
            return true;
          }
          channel->close();  // the client stopped reading: give up on it
        } catch (const std::exception&) {
          // The channel was closed: the client is gone.
        }
        return false;
      };
      BodyWriter write = [&](std::string_view piece) {
        return piece.empty() || send({}, std::string(piece));
      };
      try {
        produce(write);
      } catch (const std::exception&) {
        // A producer that threw ends its body where it stopped.
      }
      send(asio::error::eof, {});
    });
    for (;;) {
      auto [ec, piece] = co_await channel->async_receive(kTupleAwaitable);
      if (ec) break;  // eof: the producer finished (or the channel was closed)
      connection.stream.expires_after(options_.read_timeout);
      auto [write_ec, written] =
          chunked
              ? co_await asio::async_write(connection.stream, http::make_chunk(asio::buffer(piece)),
                                           kTupleAwaitable)
              : co_await asio::async_write(connection.stream, asio::buffer(piece), kTupleAwaitable);
      if (write_ec) {
        channel->close();
        co_return false;
      }
    }
    if (!chunked) co_return true;
    connection.stream.expires_after(options_.read_timeout);
    auto [last_ec, last_bytes] =
        co_await asio::async_write(connection.stream, http::make_chunk_last(), kTupleAwaitable);
    co_return !last_ec;
  }

  asio::awaitable<void> RejectBodyTooLarge(Connection& connection) {
    co_await Reject(
        connection, 413, "body-too-large", "Request body too large",
        StrCat("the request body exceeds the limit of ", options_.body_limit, " bytes"));
  }

  // Answers a request the server cannot hand to the handler, then the caller closes.
  asio::awaitable<void> Reject(Connection& connection, int status, std::string_view type,
                               std::string_view title, std::string detail) {
    Response response = MakeProblem(status, type, title, detail);
    Request request;
    request.peer_address = connection.peer_address;
    request.client_address = connection.peer_address;
    handler_.OnRejected(request, response);
    auto reply = ToMessage(std::move(response), 11, false);
    reply.keep_alive(false);
    connection.stream.expires_after(options_.read_timeout);
    co_await http::async_write(connection.stream, reply, kTupleAwaitable);
  }

  ServerOptions options_;
  RequestHandler& handler_;
  // One io_context per I/O thread (concurrency hint 1: no locking inside), which scales
  // better than several threads sharing one reactor. The first also runs the acceptor,
  // the signal set and the grace timer. Idle contexts are kept alive by work guards
  // until shutdown.
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int count) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int i = 0; i < count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }
  void StopAll() {
    for (auto& context : contexts_) context->stop();
  }

  int io_threads_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::size_t next_context_ = 0;  // touched only by the accept loop
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::thread_pool workers_;
  asio::steady_timer grace_timer_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;  // guarded by mutex_
};

absl::StatusOr<std::unique_ptr<Server>> Server::Listen(const ServerOptions& options,
                                                       RequestHandler& handler) {
  auto impl = std::make_unique<Impl>(options, handler);
  if (auto status = impl->Bind(); !status.ok()) return status;
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
std::string Server::url() const { return impl_->Url(); }
std::uint16_t Server::port() const { return impl_->port(); }
void Server::Run() { impl_->Run(); }
void Server::Shutdown() { impl_->Shutdown(); }

}  // namespace icopilot::net
