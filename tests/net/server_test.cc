#include "net/server.h"

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "net/http_client.h"
#include "support/http.h"

namespace icopilot::net {
namespace {

// Echoes the request; "/slow" waits until the test releases it.
class EchoHandler final : public RequestHandler {
 public:
  Response Handle(Request& request) override {
    if (request.path == "/slow") {
      std::unique_lock lock(mutex_);
      entered_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
    }
    Response response;
    response.headers.Set("content-type", "text/plain");
    if (request.path == "/stream") {
      response.stream = [](const BodyWriter& write) {
        for (const char* piece : {"one", "", "two", "three"}) write(piece);
      };
      return response;
    }
    if (request.path == "/endless") {
      // Writes until the client is gone, then says so.
      response.stream = [this](const BodyWriter& write) {
        const std::string piece(64 * 1024, 'x');
        while (write(piece)) {
        }
        producer_stopped_.set_value();
      };
      return response;
    }
    response.body = request.method + " " + request.path + " " + request.body;
    return response;
  }
  bool RunsOnIoThread(const Request&) const override { return false; }
  void OnRejected(const Request&, const Response&) override { ++rejected_; }

  void WaitUntilEntered() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return entered_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::atomic<int> rejected_{0};
  std::promise<void> producer_stopped_;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
  bool released_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    auto server = Server::Listen(options, handler_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return server_->port(); }

  EchoHandler handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

int CountOf(const std::string& text, const std::string& needle) {
  int count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST_F(ServerTest, ClientReachesAPinnedAddressWithoutResolvingTheName) {
  Start();
  const std::string port_text = std::to_string(port());
  ClientRequest request;
  request.url = "http://pinned.invalid:" + port_text + "/ok";
  request.resolve = {"pinned.invalid:" + port_text + ":127.0.0.1"};
  auto pinned = SendHttp(request);
  ASSERT_TRUE(pinned.ok()) << pinned.status();
  EXPECT_EQ(pinned->status, 200);
  request.resolve.clear();
  EXPECT_FALSE(SendHttp(request).ok()) << "without the pin the name does not resolve";
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrderOnOneConnection) {
  Start();
  std::string reply =
      testing::RawExchange(port(),
                           "GET /first HTTP/1.1\r\nHost: t\r\n\r\n"
                           "POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody"
                           "GET /third HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(CountOf(reply, "HTTP/1.1 200 OK"), 3) << reply;
  auto first = reply.find("GET /first");
  auto second = reply.find("POST /second body");
  auto third = reply.find("GET /third");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(ServerTest, AStreamedBodyGoesOutChunkedAndTheConnectionServesTheNextRequest) {
  Start();
  std::string reply =
      testing::RawExchange(port(),
                           "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"
                           "GET /after HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(reply.find("Transfer-Encoding: chunked"), std::string::npos) << reply;
  // Each piece is its own chunk; an empty piece does not end the body early.
  EXPECT_NE(reply.find("\r\n\r\n3\r\none\r\n3\r\ntwo\r\n5\r\nthree\r\n0\r\n\r\n"),
            std::string::npos)
      << reply;
  EXPECT_NE(reply.find("GET /after"), std::string::npos) << reply;
}

TEST_F(ServerTest, AStreamedBodyToAnHttp10ClientEndsWithTheConnection) {
  Start();
  std::string reply = testing::RawExchange(port(), "GET /stream HTTP/1.0\r\nHost: t\r\n\r\n");
  EXPECT_EQ(reply.find("chunked"), std::string::npos) << reply;
  EXPECT_TRUE(reply.ends_with("\r\n\r\nonetwothree")) << reply;
}

TEST_F(ServerTest, AClientThatLeavesStopsTheStreamsProducer) {
  Start();
  auto stopped = handler_.producer_stopped_.get_future();
  int fd = testing::ConnectLoopback(port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /endless HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  char buffer[4096];
  ASSERT_GT(::read(fd, buffer, sizeof buffer), 0);  // it has started
  ::close(fd);
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(20)), std::future_status::ready);
}

TEST_F(ServerTest, HeadKeepsContentLengthAndSendsNoBody) {
  Start();
  std::string reply =
      testing::RawExchange(port(), "HEAD /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(reply.find("Content-Length: 8"), std::string::npos) << reply;  // "HEAD /x "
  EXPECT_TRUE(reply.ends_with("\r\n\r\n")) << reply;
}

TEST_F(ServerTest, DeclaredBodyOverTheLimitIsRefusedBeforeItIsRead) {
  ServerOptions options;
  options.body_limit = 1024;
  Start(options);
  // Declares 10 MiB but sends 10 bytes: the answer must come without waiting for the rest.
  std::string reply = testing::RawExchange(
      port(), "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10485760\r\n\r\n0123456789",
      3000);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
  EXPECT_NE(reply.find("application/problem+json"), std::string::npos);
  EXPECT_EQ(handler_.rejected_, 1);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  ServerOptions options;
  options.body_limit = 16;
  Start(options);
  std::string reply = testing::RawExchange(
      port(), "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" +
                  std::string(32, 'x') + "\r\n0\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  Start();
  std::string reply = testing::RawExchange(
      port(), "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431")) << reply.substr(0, 200);
}

TEST_F(ServerTest, GarbageIs400) {
  Start();
  std::string reply = testing::RawExchange(port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
}

TEST_F(ServerTest, StalledClientIsDisconnectedAndTheServerStaysHealthy) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  options.idle_timeout = std::chrono::milliseconds(300);
  Start(options);
  auto started = std::chrono::steady_clock::now();
  std::string reply =
      testing::RawExchange(port(), "GET /never-finished HTTP/1.1\r\nHost: t\r\n", 5000);
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(reply, "") << "a stalled request gets no answer, only a close";
  EXPECT_LT(waited, std::chrono::seconds(4))
      << "closed by the timeout, not by the test's own deadline";
  auto after = SendHttp({"GET",
                         "http://127.0.0.1:" + std::to_string(port()) + "/ok",
                         {},
                         "",
                         std::chrono::seconds(5)});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, ShutdownLetsInFlightRequestsFinish) {
  Start();
  auto slow = std::async(std::launch::async, [this] {
    return SendHttp({"GET",
                     "http://127.0.0.1:" + std::to_string(port()) + "/slow",
                     {},
                     "",
                     std::chrono::seconds(20)});
  });
  handler_.WaitUntilEntered();
  server_->Shutdown();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  handler_.Release();
  auto reply = slow.get();
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "GET /slow ");
  thread_.join();  // Run returned by itself
}

TEST(ServerListen, ReportsAPortInUse) {
  EchoHandler handler;
  ServerOptions options;
  options.port = 0;
  auto first = Server::Listen(options, handler);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto second = Server::Listen(options, handler);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(std::string(second.status().message()).find("cannot listen"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::net
