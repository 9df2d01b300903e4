// IP ranges for --trusted-proxies and for outbound target checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace icopilot::net {

class CidrSet {
 public:
  // "10.0.0.0/8,::1/128,192.168.1.7" (a bare address is a /32 or /128).
  static absl::StatusOr<CidrSet> Parse(std::string_view comma_separated);
  bool Contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    std::vector<unsigned char> network;  // 4 or 16 bytes
    int prefix = 0;
  };
  std::vector<Range> ranges_;
};

// The client address for a request: the right-most X-Forwarded-For entry that is not a
// trusted proxy, when the peer itself is trusted; otherwise the peer.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const CidrSet& trusted_proxies);

}  // namespace icopilot::net
