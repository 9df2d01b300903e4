#include "support/http.h"

#include <chrono>

#include <arpa/inet.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace icopilot::testing {

boost::json::value Reply::json() const {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  return ec ? boost::json::value() : value;
}

Reply Call(const std::string& method, const std::string& url, const std::string& key,
           const std::string& json_body, std::vector<std::pair<std::string, std::string>> headers) {
  net::ClientRequest request;
  request.method = method;
  request.url = url;
  request.body = json_body;
  request.timeout = std::chrono::seconds(30);
  if (!key.empty()) request.headers.emplace_back("Authorization", "Bearer " + key);
  bool typed = false;  // a Content-Type given by the caller wins
  for (const auto& header : headers)
    typed = typed || net::EqualsIgnoreCase(header.first, "content-type");
  if (!json_body.empty() && !typed)
    request.headers.emplace_back("Content-Type", "application/json");
  for (auto& header : headers) request.headers.push_back(std::move(header));
  auto response = net::SendHttp(request);
  Reply reply;
  if (!response.ok()) {
    ADD_FAILURE() << method << " " << url << ": " << response.status();
    return reply;
  }
  reply.status = response->status;
  reply.headers = std::move(response->headers);
  reply.body = std::move(response->body);
  return reply;
}

std::string IdOf(const Reply& reply) {
  const boost::json::value json = reply.json();
  const auto* object = json.if_object();
  const auto* id = object != nullptr ? object->if_contains("id") : nullptr;
  return id != nullptr && id->is_string() ? std::string(id->as_string()) : std::string();
}

std::string JsonString(std::string_view text) {
  return boost::json::serialize(boost::json::value(boost::json::string(text)));
}

int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    ADD_FAILURE() << "cannot connect to port " << port;
    return -1;
  }
  return fd;
}

std::string RawExchange(int port, const std::string& bytes, int timeout_ms) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return {};
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (413): read what it said
    sent += static_cast<std::size_t>(n);
  }
  std::string received;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    deadline - std::chrono::steady_clock::now())
                                    .count());
    if (::poll(&poll_fd, 1, std::max(left, 0)) <= 0) break;
    char buffer[4096];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return received;
}

}  // namespace icopilot::testing
