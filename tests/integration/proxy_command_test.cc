// `icopilot proxy` on the real binary: in front of `icopilot mock` (answers passed
// through unchanged, each exchange checked and logged, --record lines redacted); in front
// of scripted raw-socket upstreams: an answer streamed chunk by chunk reaches the client
// before the upstream has finished it, an upstream that stalls is a 504, one that is not
// there a 502.
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/strings.h"
#include "support/http.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kOrders = std::filesystem::path(ICOPILOT_SPEC_FIXTURES) / ".." / ".." /
                                      "golden" / "specs" / "orders.yaml";

// One connection at a time on 127.0.0.1, each handed to `script` after its request
// header was read.
class ScriptedUpstream {
 public:
  explicit ScriptedUpstream(std::function<void(int fd)> script, bool read_header = true)
      : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, read_header] {
      while (true) {
        int fd = ::accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        std::string header;
        char c;
        while (read_header && header.find("\r\n\r\n") == std::string::npos &&
               ::recv(fd, &c, 1, 0) == 1)
          header += c;
        script_(fd);
        ::close(fd);
      }
    });
  }
  ~ScriptedUpstream() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  std::string url() const { return StrCat("http://127.0.0.1:", port_); }
  int port() const { return port_; }

 private:
  std::function<void(int)> script_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

void Send(int fd, std::string_view text) { ::send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

// Reads from `fd` until `needle` arrived or `timeout_ms` passed; returns what came.
std::string ReadUntil(int fd, std::string_view needle, int timeout_ms) {
  std::string received;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (received.find(needle) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (::poll(&poll_fd, 1, 50) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  return received;
}

TEST(ProxyCommand, PassesAnswersThroughUnchangedAndReportsEachExchangesViolations) {
  TempDir dir;
  ServerProcess mock(dir.path() / "mock", ServerProcess::Command{{"mock", kOrders.string(),
                                                                  "--port", "0", "--stateful"}});
  ASSERT_FALSE(mock.url().empty()) << mock.Stderr();
  const auto record = dir.path() / "traces.jsonl";
  ServerProcess proxy(dir.path() / "proxy",
                      ServerProcess::Command{{"proxy", kOrders.string(), "--upstream", mock.url(),
                                              "--port", "0", "--record", record.string()}});
  ASSERT_TRUE(proxy.first_line().starts_with("listening on http://127.0.0.1:")) << proxy.Stderr();

  const std::vector<std::pair<std::string, std::string>> headers = {{"idempotency-key", "k-1"}};
  Reply created = Call("POST", proxy.url() + "/v1/orders", "tok-secret-123",
                       R"({"item": "for ana@shop.example", "quantity": 2})", headers);
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.headers.Find("location"), "/v1/orders/1");
  Reply direct = Call("GET", mock.url() + "/v1/orders/1", "tok");
  Reply through = Call("GET", proxy.url() + "/v1/orders/1", "tok");
  EXPECT_EQ(through.status, direct.status);
  EXPECT_EQ(through.body, direct.body) << "the answer passes unchanged";
  Reply invalid =
      Call("POST", proxy.url() + "/v1/orders", "tok", R"({"item": "x", "quantity": 500})");
  EXPECT_EQ(invalid.status, 400) << "the mock's own answer: " << invalid.body;

  EXPECT_EQ(proxy.Stop(), 0);
  const std::string log = proxy.Stdout();
  EXPECT_NE(log.find("/v1/orders 201"), std::string::npos) << log;
  EXPECT_NE(log.find("createOrder"), std::string::npos) << log;
  EXPECT_NE(log.find("request: body.quantity: 500 is more than the maximum 100"), std::string::npos)
      << log;
  EXPECT_NE(log.find("request: header.Idempotency-Key is required"), std::string::npos) << log;

  std::ifstream in(record);
  std::vector<boost::json::value> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  std::stringstream all;
  for (const auto& line : lines) all << boost::json::serialize(line);
  EXPECT_EQ(all.str().find("ana@shop.example"), std::string::npos) << all.str();
  EXPECT_EQ(all.str().find("tok-secret-123"), std::string::npos) << all.str();
  EXPECT_NE(all.str().find("[email:***@shop.example]"), std::string::npos) << all.str();
  EXPECT_EQ(lines[0].at("operation_id"), "createOrder");
  EXPECT_EQ(lines[0].at("response").at("status"), 201);
  EXPECT_EQ(lines[2].at("violations").as_array().size(), 2u) << boost::json::serialize(lines[2]);
}

TEST(ProxyCommand, StreamsAnAnswerChunkByChunk) {
  std::atomic<bool> release{false};
  ScriptedUpstream upstream([&](int fd) {
    Send(fd,
         "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
         "b\r\nfirst part\n\r\n");
    // The rest only once the client has the first part: a buffering proxy never gets here.
    for (int i = 0; i < 500 && !release.load(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    Send(fd, "a\r\nlast part\n\r\n0\r\n\r\n");
  });
  TempDir dir;
  ServerProcess proxy(dir.path() / "proxy",
                      ServerProcess::Command{{"proxy", kOrders.string(), "--upstream",
                                              upstream.url(), "--port", "0"}});
  ASSERT_FALSE(proxy.url().empty()) << proxy.Stderr();
  int fd = ConnectLoopback(proxy.port());
  Send(fd, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string early = ReadUntil(fd, "first part", 3000);
  const bool streamed = early.find("first part") != std::string::npos;
  release = true;
  std::string rest = ReadUntil(fd, "0\r\n\r\n", 5000);
  ::close(fd);
  EXPECT_TRUE(streamed) << "the first chunk did not arrive while the upstream held the rest: "
                        << early;
  EXPECT_NE((early + rest).find("last part"), std::string::npos) << early + rest;
}

TEST(ProxyCommand, AStalledUpstreamIs504AndAMissingOne502) {
  ScriptedUpstream stalled([](int) { std::this_thread::sleep_for(std::chrono::seconds(1)); });
  TempDir dir;
  ServerProcess proxy(
      dir.path() / "proxy",
      ServerProcess::Command{{"proxy", kOrders.string(), "--upstream", stalled.url(), "--port", "0",
                              "--upstream-timeout", "300ms"}});
  ASSERT_FALSE(proxy.url().empty()) << proxy.Stderr();
  auto started = std::chrono::steady_clock::now();
  Reply timed_out = Call("GET", proxy.url() + "/v1/status");
  EXPECT_EQ(timed_out.status, 504) << timed_out.body;
  EXPECT_NE(timed_out.body.find("did not answer within 300 ms"), std::string::npos)
      << timed_out.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));

  // A port nothing listens on (the relay's own, once it is gone).
  int closed_port = 0;
  {
    ServerProcess gone(dir.path() / "gone",
                       ServerProcess::Command{{"proxy", kOrders.string(), "--upstream",
                                               stalled.url(), "--port", "0"}});
    closed_port = gone.port();
  }
  ServerProcess missing(
      dir.path() / "missing",
      ServerProcess::Command{{"proxy", kOrders.string(), "--upstream",
                              StrCat("http://127.0.0.1:", closed_port), "--port", "0"}});
  Reply refused = Call("GET", missing.url() + "/v1/status");
  EXPECT_EQ(refused.status, 502) << refused.body;
  EXPECT_NE(refused.body.find("cannot be reached"), std::string::npos) << refused.body;
  EXPECT_EQ(missing.Stop(), 0);
  EXPECT_NE(missing.Stdout().find("error: upstream"), std::string::npos) << missing.Stdout();
}

// An https upstream on 127.0.0.1 with a certificate made for the test (openssl CLI).
class TlsUpstream {
 public:
  explicit TlsUpstream(const std::filesystem::path& dir) {
    cert_ = dir / "cert.pem";
    const auto key = dir / "key.pem";
    const std::string command = StrCat(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
        "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
        key.string(), " -out ", cert_.string(), " 2>/dev/null");
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    context_ = SSL_CTX_new(TLS_server_method());
    EXPECT_EQ(SSL_CTX_use_certificate_file(context_, cert_.c_str(), SSL_FILETYPE_PEM), 1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey_file(context_, key.c_str(), SSL_FILETYPE_PEM), 1);
    upstream_ = std::make_unique<ScriptedUpstream>(
        [this](int fd) {
          SSL* ssl = SSL_new(context_);
          SSL_set_fd(ssl, fd);
          if (SSL_accept(ssl) == 1) {
            std::string header;
            char c;
            while (header.find("\r\n\r\n") == std::string::npos && SSL_read(ssl, &c, 1) == 1)
              header += c;
            const std::string answer =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                "Connection: close\r\n\r\n{\"ok\":true}";
            SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
            SSL_shutdown(ssl);
          }
          SSL_free(ssl);
        },
        /*read_header=*/false);
  }
  ~TlsUpstream() {
    upstream_.reset();
    SSL_CTX_free(context_);
  }
  std::string url() const { return StrCat("https://localhost:", upstream_->port()); }
  const std::filesystem::path& cert() const { return cert_; }

 private:
  std::filesystem::path cert_;
  SSL_CTX* context_ = nullptr;
  std::unique_ptr<ScriptedUpstream> upstream_;
};

TEST(ProxyCommand, HttpsUpstreamsAreVerifiedUnlessToldOtherwise) {
  TempDir dir;
  TlsUpstream upstream(dir.path());
  auto through = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args = {"proxy",        kOrders.string(), "--upstream",
                                     upstream.url(), "--port",         "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    ServerProcess proxy(dir.path() / name, ServerProcess::Command{args});
    EXPECT_FALSE(proxy.url().empty()) << proxy.Stderr();
    return Call("GET", proxy.url() + "/v1/status");
  };
  Reply trusted = through("trusted", {"--ca-file", upstream.cert().string()});
  EXPECT_EQ(trusted.status, 200) << trusted.body;
  EXPECT_EQ(trusted.body, R"({"ok":true})");
  Reply unknown = through("unknown", {});
  EXPECT_EQ(unknown.status, 502) << unknown.body;
  EXPECT_NE(unknown.body.find("certificate verify failed"), std::string::npos) << unknown.body;
  Reply insecure = through("insecure", {"--insecure"});
  EXPECT_EQ(insecure.status, 200) << insecure.body;
}

TEST(ProxyCommand, RefusesAnUpstreamItCannotUse) {
  auto bad = RunIcopilot({"proxy", kOrders.string(), "--upstream", "ftp://x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("is not an http:// or https:// URL"), std::string::npos) << bad.err;
  auto no_ca = RunIcopilot(
      {"proxy", kOrders.string(), "--upstream", "https://x", "--ca-file", "/nonexistent.pem"});
  EXPECT_EQ(no_ca.exit_code, 2);
  EXPECT_NE(no_ca.err.find("--ca-file"), std::string::npos) << no_ca.err;
}

}  // namespace
}  // namespace icopilot::testing
