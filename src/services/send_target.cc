#include "services/send_target.h"

#include <memory>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include "core/status_macros.h"
#include "core/strings.h"
#include "net/cidr.h"
#include "services/environment_settings.h"
#include "services/hosted_mocks.h"

namespace icopilot::services {
namespace {

// Loopback, private, shared, link-local and unspecified ranges. CidrSet reads an
// IPv4-mapped IPv6 address as the IPv4 address, so the IPv4 ranges cover those too.
const net::CidrSet& PrivateRanges() {
  static const net::CidrSet ranges =
      net::CidrSet::Parse(
          "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,"
          "192.168.0.0/16,::/128,::1/128,fc00::/7,fe80::/10")
          .value();
  return ranges;
}

std::string HostOf(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.starts_with("[")) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(
      rest.substr(0, rest.rfind(':') == std::string_view::npos ? rest.size() : rest.rfind(':')));
}

// The URL's port, or its scheme's.
std::string PortOf(std::string_view url) {
  std::size_t start = url.find("://");
  std::string_view scheme = url.substr(0, start == std::string_view::npos ? 0 : start);
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos &&
      colon + 1 < rest.size())
    return std::string(rest.substr(colon + 1));
  return scheme == "https" ? "443" : "80";
}

}  // namespace

absl::StatusOr<std::string> CheckPublicTarget(std::string_view field, std::string_view url) {
  const std::string host = HostOf(url);
  if (host.empty()) return absl::InvalidArgumentError(StrCat(field, ": the URL has no host"));
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int error = getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0) {
    return absl::UnavailableError(
        StrCat(field, ": '", host, "' does not resolve (", gai_strerror(error), ")"));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(found, freeaddrinfo);
  std::string pin;
  for (const addrinfo* at = found; at != nullptr; at = at->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        at->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(at->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(at->ai_addr)->sin6_addr);
    if (inet_ntop(at->ai_family, address, text, sizeof text) == nullptr) continue;
    if (PrivateRanges().Contains(text)) {
      return absl::PermissionDeniedError(
          StrCat(field, ": '", host, "' resolves to ", text,
                 ", a loopback or private address; `icopilot serve --allow-private-targets` "
                 "allows it"));
    }
    if (pin.empty()) {
      pin = at->ai_family == AF_INET6 ? StrCat(host, ":", PortOf(url), ":[", text, "]")
                                      : StrCat(host, ":", PortOf(url), ":", text);
    }
  }
  if (pin.empty()) return absl::UnavailableError(StrCat(field, ": '", host, "' has no address"));
  return pin;
}

// A hosted mock of this very server (a sandbox simulated by a mock of an older build) is
// not a private target: anyone may call it through the public listener anyway. Dot
// segments and escapes are refused, so the path cannot climb out of /mocks/.
bool OnOwnHostedMock(std::string_view url, std::string_view server_url) {
  const std::string prefix = StrCat(server_url, "/mocks/");
  return !server_url.empty() && url.starts_with(prefix) &&
         url.find("/.") == std::string_view::npos && url.find('%') == std::string_view::npos &&
         url.find('\\') == std::string_view::npos;
}

absl::StatusOr<golden::Target> MockTarget(const SecretBox& box, const store::MockRecord& mock,
                                          const TargetOptions& options) {
  ASSIGN_OR_RETURN(std::string opened, box.Open(mock.credentials_sealed));
  ASSIGN_OR_RETURN(MockCredentials credentials, DecodeCredentials(opened));
  const std::string root = StrCat(options.server_url, "/mocks/", mock.id);
  golden::Target target;
  target.base_url = StrCat(root, mock.base_path);
  target.api_key = credentials.api_key;
  target.oauth2 = golden::OAuth2Client{
      StrCat(root, "/oauth/token"), credentials.client_id, credentials.client_secret, {}};
  return target;
}

absl::StatusOr<golden::Target> EnvironmentTarget(
    const SecretBox& box, const store::EnvironmentRecord& env,
    const std::optional<std::string>& own_credentials_sealed, const TargetOptions& options) {
  ASSIGN_OR_RETURN(std::string opened, box.Open(env.settings_sealed));
  ASSIGN_OR_RETURN(EnvironmentSettings settings, DecodeSettings(opened));
  EnvironmentCredentials credentials = settings.credentials;
  if (own_credentials_sealed) {
    ASSIGN_OR_RETURN(std::string own, box.Open(*own_credentials_sealed));
    ASSIGN_OR_RETURN(credentials, DecodeCredentialsJson(own));
  }
  golden::Target target;
  if (!options.allow_private_targets && !OnOwnHostedMock(env.base_url, options.server_url)) {
    ASSIGN_OR_RETURN(std::string pin, CheckPublicTarget("base_url", env.base_url));
    target.resolve.push_back(std::move(pin));
  }
  if (!options.allow_private_targets && credentials.oauth2 &&
      !OnOwnHostedMock(credentials.oauth2->token_url, options.server_url)) {
    ASSIGN_OR_RETURN(std::string token_pin,
                     CheckPublicTarget("oauth2.token_url", credentials.oauth2->token_url));
    target.resolve.push_back(std::move(token_pin));
  }
  target.base_url = env.base_url;
  target.headers = settings.headers;
  target.api_key = credentials.api_key;
  target.bearer = credentials.bearer;
  target.basic = credentials.basic;
  target.oauth2 = credentials.oauth2;
  target.tls = {.verify = env.verify_tls,
                .ca_pem = settings.ca_bundle,
                .client_cert_pem = settings.client_cert,
                .client_key_pem = settings.client_key};
  target.timeout = std::chrono::milliseconds(env.timeout_ms);
  target.parameter_values = settings.parameter_values;
  return target;
}

}  // namespace icopilot::services
