#include "net/relay.h"

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "core/strings.h"
#include "net/listen.h"
#include "net/problem.h"

namespace icopilot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kChunk = 16 * 1024;

// Fields that describe one hop, not the message: never forwarded either way.
bool IsHopByHop(std::string_view name) {
  for (std::string_view hop :
       {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect"}) {
    if (EqualsIgnoreCase(name, hop)) return true;
  }
  return false;
}

bool IsParseError(const boost::system::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Keep(std::string& kept, bool& truncated, const char* data, std::size_t size,
          std::size_t limit) {
  std::size_t room = limit > kept.size() ? limit - kept.size() : 0;
  kept.append(data, std::min(room, size));
  truncated = truncated || size > room;
}

struct UpstreamConnection {
  explicit UpstreamConnection(const asio::any_io_executor& executor) : stream(executor) {}
  beast::tcp_stream stream;                                   // plain http
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;  // https, when set
  beast::flat_buffer buffer;
  std::string key;  // scheme://host:port it is connected to; "" when closed

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : stream; }

  void Close() {
    boost::system::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close();
    tls.reset();
    buffer.clear();
    key.clear();
  }
};

using IoResult = std::tuple<boost::system::error_code, std::size_t>;

// The same operation over whichever stream the upstream connection uses.
template <class Serializer>
asio::awaitable<IoResult> WriteHeader(UpstreamConnection& up, Serializer& serializer) {
  if (up.tls) co_return co_await http::async_write_header(*up.tls, serializer, kTuple);
  co_return co_await http::async_write_header(up.stream, serializer, kTuple);
}
template <class Serializer>
asio::awaitable<IoResult> WriteSome(UpstreamConnection& up, Serializer& serializer) {
  if (up.tls) co_return co_await http::async_write(*up.tls, serializer, kTuple);
  co_return co_await http::async_write(up.stream, serializer, kTuple);
}
template <class Parser>
asio::awaitable<IoResult> ReadHeader(UpstreamConnection& up, Parser& parser) {
  if (up.tls) co_return co_await http::async_read_header(*up.tls, up.buffer, parser, kTuple);
  co_return co_await http::async_read_header(up.stream, up.buffer, parser, kTuple);
}
template <class Parser>
asio::awaitable<IoResult> ReadSome(UpstreamConnection& up, Parser& parser) {
  if (up.tls) co_return co_await http::async_read_some(*up.tls, up.buffer, parser, kTuple);
  co_return co_await http::async_read_some(up.stream, up.buffer, parser, kTuple);
}

}  // namespace

absl::StatusOr<UpstreamUrl> ParseUpstreamUrl(std::string_view url) {
  const bool tls = url.starts_with("https://");
  if (!tls && !url.starts_with("http://"))
    return absl::InvalidArgumentError(StrCat("'", url, "' is not an http:// or https:// URL"));
  std::string_view rest = url.substr(tls ? 8 : 7);
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  UpstreamUrl parsed;
  parsed.tls = tls;
  parsed.port = tls ? "443" : "80";
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    if (path.find_first_of("?#") != std::string_view::npos)
      return absl::InvalidArgumentError("the upstream URL may not have a query or fragment");
    while (path.ends_with('/')) path.remove_suffix(1);
    parsed.base_path = std::string(path);
  }
  if (authority.empty() || authority.find('@') != std::string_view::npos)
    return absl::InvalidArgumentError("the upstream URL needs a host (and no user information)");
  std::size_t colon = authority.rfind(':');
  bool bracketed = authority.front() == '[';
  if (colon != std::string_view::npos && (!bracketed || authority[colon - 1] == ']')) {
    parsed.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
    if (parsed.port.empty() || parsed.port.find_first_not_of("0123456789") != std::string::npos)
      return absl::InvalidArgumentError("the upstream URL's port is not a number");
  }
  if (bracketed) authority = authority.substr(1, authority.size() - 2);
  parsed.host = std::string(authority);
  return parsed;
}

class Relay::Impl {
 public:
  Impl(const RelayOptions& options, RelayHooks& hooks, UpstreamUrl upstream)
      : options_(options),
        hooks_(hooks),
        default_upstream_(std::move(upstream)),
        threads_(options.io_threads > 0
                     ? options.io_threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        context_(threads_),
        acceptor_(context_),
        signals_(context_, SIGINT, SIGTERM),
        reporters_(1) {
    verifying_.set_verify_mode(asio::ssl::verify_peer);
    boost::system::error_code ignored;
    if (options_.ca_file.empty())
      verifying_.set_default_verify_paths(ignored);
    else
      verifying_.load_verify_file(options_.ca_file, ignored);
    trusting_.set_verify_mode(asio::ssl::verify_none);
  }

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

  void Run() {
    if (options_.handle_signals) {
      signals_.async_wait([this](const boost::system::error_code& ec, int) {
        if (!ec) Shutdown();
      });
    }
    if (acceptor_.is_open()) asio::co_spawn(acceptor_.get_executor(), Accept(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < threads_; ++i) threads.emplace_back([this] { context_.run(); });
    context_.run();
    for (auto& thread : threads) thread.join();
    reporters_.join();  // what was relayed is reported before Run returns
  }

  void Shutdown() {
    if (stopping_.exchange(true)) return;
    asio::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      signals_.cancel(ignored);
      guard_.reset();
      context_.stop();  // exchanges in flight are cut: a development proxy, not a gateway
    });
  }

  void Adopt(int fd, std::string buffered, std::string peer) {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    tcp::socket socket(asio::make_strand(context_));
    boost::system::error_code ec;
    socket.assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) {
      ::close(fd);
      return;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, Serve(std::move(socket), std::move(buffered), std::move(peer)),
                   asio::detached);
  }

  std::uint64_t dropped() const { return dropped_.load(); }

 private:
  asio::awaitable<void> Accept() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(context_), kTuple);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto remote = socket.remote_endpoint(ec);
      std::string peer = ec ? "" : remote.address().to_string();
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Serve(std::move(socket), "", std::move(peer)), asio::detached);
    }
  }

  asio::awaitable<void> Serve(tcp::socket socket, std::string buffered, std::string peer) {
    boost::system::error_code ec;
    beast::tcp_stream client(std::move(socket));
    beast::flat_buffer buffer;
    if (!buffered.empty()) {
      auto space = buffer.prepare(buffered.size());
      asio::buffer_copy(space, asio::buffer(buffered));
      buffer.commit(buffered.size());
    }
    UpstreamConnection upstream(client.get_executor());
    try {
      while (!stopping_ && co_await Exchange(client, buffer, upstream, peer)) {
      }
    } catch (const std::exception&) {
      // A failure inside one exchange drops its connection; the relay lives on.
    }
    client.socket().shutdown(tcp::socket::shutdown_send, ec);
    client.close();
    upstream.Close();
  }

  // Writes a whole (small) answer of our own to the client.
  static asio::awaitable<void> Answer(beast::tcp_stream& client, Response response,
                                      bool keep_alive) {
    http::response<http::string_body> message;
    message.version(11);
    message.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers.fields()) message.insert(name, value);
    message.body() = std::move(response.body);
    message.prepare_payload();
    message.keep_alive(keep_alive);
    client.expires_after(std::chrono::seconds(10));
    co_await http::async_write(client, message, kTuple);
  }

  void Report(RelayedExchange exchange) {
    if (pending_.load() >= options_.max_pending_reports) {
      ++dropped_;
      return;
    }
    ++pending_;
    asio::post(reporters_, [this, exchange = std::move(exchange)]() mutable {
      hooks_.OnExchange(std::move(exchange));
      --pending_;
    });
  }

  // Connects `upstream` to `url` unless it already is: resolved (or the route's checked
  // address), within the connect timeout, with the TLS handshake for https.
  asio::awaitable<boost::system::error_code> Connect(UpstreamConnection& upstream,
                                                     const UpstreamUrl& url,
                                                     const RelayRoute& route) {
    const std::string connection_key =
        StrCat(url.tls ? "https://" : "http://", url.host, ":", url.port);
    if (upstream.key == connection_key) co_return boost::system::error_code();
    upstream.Close();
    auto executor = upstream.stream.get_executor();
    const bool verify = route.verify_tls.value_or(options_.verify_tls);
    if (url.tls) {
      upstream.tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(
          executor, verify ? verifying_ : trusting_);
      // SNI, and the name the certificate must carry. (SSL_set_tlsext_host_name is this
      // call behind a macro with a C-style cast.)
      SSL_ctrl(upstream.tls->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
               TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str()));
      if (verify) upstream.tls->set_verify_callback(asio::ssl::host_name_verification(url.host));
    }
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(
        route.connect_address.empty() ? url.host : route.connect_address, url.port, kTuple);
    if (resolve_ec) co_return resolve_ec;
    upstream.lowest().expires_after(options_.connect_timeout);
    auto [connect_ec, endpoint] = co_await upstream.lowest().async_connect(endpoints, kTuple);
    if (connect_ec) co_return connect_ec;
    if (upstream.tls) {
      upstream.lowest().expires_after(options_.connect_timeout);
      auto [handshake_ec] =
          co_await upstream.tls->async_handshake(asio::ssl::stream_base::client, kTuple);
      if (handshake_ec) co_return handshake_ec;
    }
    boost::system::error_code ignored;
    upstream.lowest().socket().set_option(tcp::no_delay(true), ignored);
    upstream.key = connection_key;
    co_return boost::system::error_code();
  }

  // One request and its answer. Returns whether the client connection stays open.
  asio::awaitable<bool> Exchange(beast::tcp_stream& client, beast::flat_buffer& buffer,
                                 UpstreamConnection& upstream, const std::string& peer) {
    http::request_parser<http::buffer_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    parser.body_limit(options_.max_body_bytes);
    client.expires_after(options_.idle_timeout);
    auto [read_ec, read_bytes] = co_await http::async_read_header(client, buffer, parser, kTuple);
    if (read_ec) {
      if (read_ec == http::error::header_limit)
        co_await Answer(client,
                        MakeProblem(431, "headers-too-large", "Request header fields too large",
                                    StrCat("at most ", options_.header_limit, " bytes")),
                        false);
      else if (IsParseError(read_ec))
        co_await Answer(
            client,
            MakeProblem(400, "malformed-request", "Malformed HTTP request", read_ec.message()),
            false);
      co_return false;
    }
    const auto started = std::chrono::steady_clock::now();
    auto elapsed_ms = [&] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count();
    };
    auto& message = parser.get();
    RelayedExchange exchange;
    exchange.started_at_ms = NowMillis();
    Request& request = exchange.request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    std::size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    request.query = question == std::string::npos ? "" : request.target.substr(question + 1);
    for (const auto& field : message)
      request.headers.Add(field.name_string(), std::string(field.value()));
    request.peer_address = peer;
    request.client_address = peer;
    const bool expects_continue = beast::iequals(message[http::field::expect], "100-continue");
    const bool client_keep_alive = message.keep_alive();

    RelayRoute route = hooks_.Route(request);
    if (route.answer) {
      // The request's body, if any, is not read: the connection closes after the answer.
      co_await Answer(client, *std::move(route.answer), client_keep_alive && parser.is_done());
      co_return client_keep_alive&& parser.is_done();
    }
    UpstreamUrl target_url = default_upstream_;
    if (!route.upstream.empty()) {
      auto parsed = ParseUpstreamUrl(route.upstream);
      if (!parsed.ok()) {
        co_await Answer(
            client,
            MakeProblem(502, "bad-gateway", "Bad gateway", std::string(parsed.status().message())),
            false);
        co_return false;
      }
      target_url = *std::move(parsed);
    }
    exchange.tag = std::move(route.tag);
    const std::string target = route.target.empty() ? request.target : route.target;
    exchange.upstream_url = StrCat(target_url.tls ? "https://" : "http://", target_url.host, ":",
                                   target_url.port, target_url.base_path, target);

    // The request as forwarded: the (possibly edited) fields, less the hop-by-hop ones.
    message.clear();
    for (const auto& [name, value] : request.headers.fields())
      if (!IsHopByHop(name)) message.insert(name, value);
    const bool default_port = target_url.port == (target_url.tls ? "443" : "80");
    message.set(http::field::host,
                default_port ? target_url.host : StrCat(target_url.host, ":", target_url.port));
    message.target(StrCat(target_url.base_path, target));
    message.version(11);

    auto fail = [&](int status, std::string type, std::string title, std::string detail) {
      exchange.error = detail;
      exchange.duration_ms = elapsed_ms();
      return MakeProblem(status, type, title, std::move(detail));
    };

    // Connect (or reuse the connection to the same upstream).
    const std::string key = StrCat(target_url.host, ":", target_url.port);
    if (auto connect_ec = co_await Connect(upstream, target_url, route); connect_ec) {
      const bool timeout = connect_ec == beast::error::timeout;
      Response answer =
          fail(timeout ? 504 : 502, timeout ? "gateway-timeout" : "bad-gateway",
               timeout ? "Gateway timeout" : "Bad gateway",
               StrCat("upstream ", key, " cannot be reached: ", connect_ec.message()));
      Report(std::move(exchange));
      co_await Answer(client, std::move(answer), false);
      co_return false;
    }

    // Forward the request: the header, then the body as it arrives.
    if (expects_continue && !parser.is_done()) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(client, asio::buffer(kContinue), kTuple);
    }
    char chunk[kChunk];
    http::request_serializer<http::buffer_body> request_writer{message};
    upstream.lowest().expires_after(options_.upstream_timeout);
    auto [header_ec, header_bytes] = co_await WriteHeader(upstream, request_writer);
    boost::system::error_code forward_ec = header_ec;
    while (!forward_ec && !request_writer.is_done()) {
      if (!parser.is_done()) {
        message.body().data = chunk;
        message.body().size = sizeof chunk;
        client.expires_after(options_.upstream_timeout);
        auto [ec, n] = co_await http::async_read_some(client, buffer, parser, kTuple);
        if (ec && ec != http::error::need_buffer) {
          exchange.error = StrCat("the client's request body: ", ec.message());
          exchange.duration_ms = elapsed_ms();
          Report(std::move(exchange));
          upstream.Close();
          co_return false;
        }
        const std::size_t got = sizeof chunk - message.body().size;
        // Nothing of the body yet (a chunk header, say): an empty buffer would be written
        // as the last chunk, so read on instead.
        if (got == 0 && !parser.is_done()) continue;
        Keep(request.body, exchange.request_body_truncated, chunk, got, options_.keep_body_bytes);
        message.body().data = chunk;
        message.body().size = got;
        message.body().more = !parser.is_done();
      } else {
        message.body().data = nullptr;
        message.body().size = 0;
        message.body().more = false;
      }
      upstream.lowest().expires_after(options_.upstream_timeout);
      auto [ec, n] = co_await WriteSome(upstream, request_writer);
      forward_ec = ec == http::error::need_buffer ? boost::system::error_code() : ec;
    }
    if (forward_ec) {
      upstream.Close();
      Response answer =
          fail(502, "bad-gateway", "Bad gateway",
               StrCat("sending the request to upstream ", key, " failed: ", forward_ec.message()));
      Report(std::move(exchange));
      co_await Answer(client, std::move(answer), false);
      co_return false;
    }

    // The answer: the header, then the body as it arrives.
    http::response_parser<http::buffer_body> response_parser;
    response_parser.body_limit(options_.max_body_bytes);
    if (request.method == "HEAD") response_parser.skip(true);
    upstream.lowest().expires_after(options_.upstream_timeout);
    auto [answer_ec, answer_bytes] = co_await ReadHeader(upstream, response_parser);
    if (answer_ec) {
      upstream.Close();
      const bool timeout = answer_ec == beast::error::timeout;
      Response answer =
          timeout ? fail(504, "gateway-timeout", "Gateway timeout",
                         StrCat("upstream ", key, " did not answer within ",
                                options_.upstream_timeout.count(), " ms"))
                  : fail(502, "bad-gateway", "Bad gateway",
                         StrCat("upstream ", key, " sent no valid answer: ", answer_ec.message()));
      Report(std::move(exchange));
      co_await Answer(client, std::move(answer), false);
      co_return false;
    }
    auto& response = response_parser.get();
    exchange.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
      exchange.response_headers.Add(field.name_string(), std::string(field.value()));
    const bool upstream_keep_alive = response.keep_alive();
    const bool keep_alive = client_keep_alive && !stopping_;
    for (const auto& [name, value] : exchange.response_headers.fields())
      if (IsHopByHop(name)) response.erase(name);
    response.version(11);
    response.keep_alive(keep_alive);

    http::response_serializer<http::buffer_body> response_writer{response};
    client.expires_after(options_.upstream_timeout);
    auto [client_header_ec, client_header_bytes] =
        co_await http::async_write_header(client, response_writer, kTuple);
    boost::system::error_code relay_ec = client_header_ec;
    while (!relay_ec && !response_writer.is_done()) {
      if (!response_parser.is_done()) {
        if (elapsed_ms() > static_cast<double>(options_.exchange_timeout.count())) {
          exchange.error = StrCat("the exchange took longer than ",
                                  options_.exchange_timeout.count(), " ms: the answer was cut");
          break;
        }
        response.body().data = chunk;
        response.body().size = sizeof chunk;
        upstream.lowest().expires_after(options_.upstream_timeout);
        auto [ec, n] = co_await ReadSome(upstream, response_parser);
        if (ec && ec != http::error::need_buffer) {
          exchange.error = ec == beast::error::timeout
                               ? StrCat("upstream ", key, " stalled for ",
                                        options_.upstream_timeout.count(), " ms mid-answer: cut")
                               : StrCat("upstream ", key, " answer: ", ec.message());
          break;
        }
        const std::size_t got = sizeof chunk - response.body().size;
        if (got == 0 && !response_parser.is_done()) continue;
        Keep(exchange.response_body, exchange.response_body_truncated, chunk, got,
             options_.keep_body_bytes);
        response.body().data = chunk;
        response.body().size = got;
        response.body().more = !response_parser.is_done();
      } else {
        response.body().data = nullptr;
        response.body().size = 0;
        response.body().more = false;
      }
      client.expires_after(options_.upstream_timeout);
      auto [ec, n] = co_await http::async_write(client, response_writer, kTuple);
      relay_ec = ec == http::error::need_buffer ? boost::system::error_code() : ec;
      if (relay_ec) exchange.error = StrCat("the client went away: ", relay_ec.message());
    }
    exchange.duration_ms = elapsed_ms();
    const bool whole = exchange.error.empty();
    if (!whole || !upstream_keep_alive) upstream.Close();
    Report(std::move(exchange));
    co_return whole&& keep_alive;
  }

  RelayOptions options_;
  RelayHooks& hooks_;
  UpstreamUrl default_upstream_;
  int threads_;
  asio::io_context context_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::thread_pool reporters_;
  asio::ssl::context verifying_{asio::ssl::context::tls_client};
  asio::ssl::context trusting_{asio::ssl::context::tls_client};  // verify_tls off
  // Keeps a relay without connections running until Shutdown.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_{
      context_.get_executor()};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::uint64_t> dropped_{0};
};

absl::StatusOr<std::unique_ptr<Relay>> Relay::Listen(const RelayOptions& options,
                                                     RelayHooks& hooks) {
  UpstreamUrl upstream;
  if (!options.upstream.empty()) {
    auto parsed = ParseUpstreamUrl(options.upstream);
    if (!parsed.ok()) return parsed.status();
    upstream = *std::move(parsed);
  }
  auto impl = std::make_unique<Impl>(options, hooks, std::move(upstream));
  if (auto status = impl->Bind(); !status.ok()) return status;
  return std::unique_ptr<Relay>(new Relay(std::move(impl)));
}

std::unique_ptr<Relay> Relay::Detached(const RelayOptions& options, RelayHooks& hooks) {
  UpstreamUrl upstream;
  if (auto parsed = ParseUpstreamUrl(options.upstream); parsed.ok()) upstream = *std::move(parsed);
  return std::unique_ptr<Relay>(
      new Relay(std::make_unique<Impl>(options, hooks, std::move(upstream))));
}

void Relay::Adopt(int fd, std::string buffered, std::string peer) {
  impl_->Adopt(fd, std::move(buffered), std::move(peer));
}

Relay::Relay(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Relay::~Relay() = default;
std::string Relay::url() const { return impl_->Url(); }
void Relay::Run() { impl_->Run(); }
void Relay::Shutdown() { impl_->Shutdown(); }
std::uint64_t Relay::dropped_reports() const { return impl_->dropped(); }

}  // namespace icopilot::net
