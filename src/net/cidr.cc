#include "net/cidr.h"

#include <boost/asio/ip/address.hpp>

#include <charconv>

#include "core/strings.h"

namespace icopilot::net {
namespace {

bool ToBytes(std::string_view text, std::vector<unsigned char>& out) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    auto bytes = address.to_v4().to_bytes();
    out.assign(bytes.begin(), bytes.end());
  } else {
    auto bytes = address.to_v6().to_bytes();
    out.assign(bytes.begin(), bytes.end());
  }
  return true;
}

bool PrefixMatches(const std::vector<unsigned char>& network, int prefix,
                   const std::vector<unsigned char>& address) {
  if (network.size() != address.size()) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    int mask = 0x80 >> (bit % 8);
    if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<CidrSet> CidrSet::Parse(std::string_view comma_separated) {
  CidrSet set;
  for (std::string_view item : SplitAndTrim(comma_separated, ',')) {
    item = TrimWhitespace(item);
    std::size_t slash = item.find('/');
    Range range;
    if (!ToBytes(item.substr(0, slash), range.network)) {
      return absl::InvalidArgumentError(StrCat("'", item, "' is not an IP address or CIDR range"));
    }
    int max_prefix = static_cast<int>(range.network.size() * 8);
    range.prefix = max_prefix;
    if (slash != std::string_view::npos) {
      std::string_view bits = item.substr(slash + 1);
      auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), range.prefix);
      if (ec != std::errc() || end != bits.data() + bits.size() || range.prefix < 0 ||
          range.prefix > max_prefix) {
        return absl::InvalidArgumentError(StrCat("'", item, "' has an invalid prefix length"));
      }
    }
    set.ranges_.push_back(std::move(range));
  }
  return set;
}

bool CidrSet::Contains(std::string_view address) const {
  std::vector<unsigned char> bytes;
  if (!ToBytes(address, bytes)) return false;
  for (const Range& range : ranges_) {
    if (PrefixMatches(range.network, range.prefix, bytes)) return true;
  }
  return false;
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const CidrSet& trusted_proxies) {
  if (forwarded_for.empty() || !trusted_proxies.Contains(peer)) return std::string(peer);
  std::vector<std::string_view> hops = SplitAndTrim(forwarded_for, ',');
  std::string client(peer);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string_view hop = TrimWhitespace(*it);
    std::vector<unsigned char> ignored;
    if (!ToBytes(hop, ignored)) break;  // garbage from an untrusted hop: stop there
    client = std::string(hop);
    if (!trusted_proxies.Contains(hop)) break;
  }
  return client;
}

}  // namespace icopilot::net
