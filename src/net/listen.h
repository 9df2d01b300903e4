// A listening TCP socket on an IP literal, shared by the server and the relay (each hands
// the descriptor to its own Asio acceptor), and the URL it answers on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace icopilot::net {

struct ListeningSocket {
  int fd = -1;
  bool v6 = false;
  std::uint16_t port = 0;  // the one bound (port 0 picks a free one)
};

// InvalidArgument when `host` is not an IP address; Unavailable (with the reason) when it
// cannot be bound, as when the port is in use.
absl::StatusOr<ListeningSocket> OpenListeningSocket(std::string_view host, std::uint16_t port);

// "http://127.0.0.1:8080", "http://[::1]:8080".
std::string HttpUrl(std::string_view host, std::uint16_t port);

}  // namespace icopilot::net
