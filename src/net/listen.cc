#include "net/listen.h"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/strings.h"

namespace icopilot::net {

absl::StatusOr<ListeningSocket> OpenListeningSocket(std::string_view host, std::uint16_t port) {
  const std::string text(host);
  sockaddr_storage address{};
  socklen_t length = 0;
  ListeningSocket listening;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof(sockaddr_in6);
    listening.v6 = true;
  } else {
    return absl::InvalidArgumentError(StrCat("'", host, "' is not an IP address"));
  }
  auto fail = [&](int fd) {
    std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return absl::UnavailableError(StrCat("cannot listen on ", host, ":", port, ": ", reason));
  };
  int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(fd);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(fd, SOMAXCONN) != 0)
    return fail(fd);
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  listening.port = ntohs(listening.v6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                      : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  listening.fd = fd;
  return listening;
}

std::string HttpUrl(std::string_view host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string_view::npos;
  return StrCat("http://", v6 ? "[" : "", host, v6 ? "]" : "", ":", port);
}

}  // namespace icopilot::net
