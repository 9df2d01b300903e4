// Open-loop HTTP load at a fixed rate: `proxy_load PORT PATH RATE SECONDS CONNECTIONS`.
// Each connection (keep-alive, its own thread) sends on a fixed schedule; a request's
// latency runs from when it was due, not from when it went out, so a slow answer also
// counts against the ones queued behind it (no coordinated omission). Prints
// "P50_MS P99_MS P999_MS SENT ERRORS".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Reads one response with a Content-Length body; false on any error.
bool ReadResponse(int fd, std::string& pending) {
  char buffer[8192];
  while (true) {
    std::size_t end = pending.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      std::size_t at = pending.find("ontent-Length:");
      if (at == std::string::npos) at = pending.find("ontent-length:");
      if (at != std::string::npos && at < end)
        length = std::strtoul(pending.c_str() + at + 14, nullptr, 10);
      if (pending.size() >= end + 4 + length) {
        bool ok = pending.compare(9, 3, "200") == 0;
        pending.erase(0, end + 4 + length);
        return ok;
      }
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    pending.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: proxy_load PORT PATH RATE SECONDS CONNECTIONS\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string request = std::string("GET ") + argv[2] +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n";
  const double rate = std::atof(argv[3]);
  const double seconds = std::atof(argv[4]);
  const int connections = std::atoi(argv[5]);
  const auto interval = std::chrono::duration<double>(connections / rate);
  const int per_connection = static_cast<int>(seconds * rate / connections);

  std::mutex mutex;
  std::vector<double> latencies;
  int errors = 0;
  std::vector<std::thread> threads;
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      int fd = Connect(port);
      std::string pending;
      std::vector<double> mine;
      int my_errors = 0;
      // Connections are staggered so that requests are spread evenly over time.
      auto due = start + std::chrono::duration_cast<Clock::duration>(interval * c / connections);
      for (int i = 0; i < per_connection;
           ++i, due += std::chrono::duration_cast<Clock::duration>(interval)) {
        std::this_thread::sleep_until(due);
        if (fd < 0) fd = Connect(port);
        bool ok = fd >= 0 &&
                  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
                      static_cast<ssize_t>(request.size()) &&
                  ReadResponse(fd, pending);
        if (!ok) {
          ++my_errors;
          if (fd >= 0) ::close(fd);
          fd = -1;
          pending.clear();
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
      if (fd >= 0) ::close(fd);
      std::lock_guard lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      errors += my_errors;
    });
  }
  for (auto& thread : threads) thread.join();
  if (latencies.empty()) {
    std::printf("0 0 0 0 %d\n", errors);
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double q) {
    return latencies[std::min(latencies.size() - 1,
                              static_cast<std::size_t>(q * latencies.size()))];
  };
  std::printf("%.3f %.3f %.3f %zu %d\n", at(0.50), at(0.99), at(0.999), latencies.size(), errors);
  return 0;
}
