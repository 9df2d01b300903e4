#include "services/trace_proxy.h"

#include "core/log.h"
#include "core/strings.h"
#include "net/problem.h"
#include "services/environment_settings.h"
#include "services/send_target.h"
#include "store/golden_repository.h"
#include "traces/relayed.h"

namespace icopilot::services {
namespace {

net::RelayRoute Refuse(int status, std::string_view type, std::string_view title,
                       std::string detail) {
  net::RelayRoute route;
  route.answer = net::MakeProblem(status, type, title, std::move(detail));
  return route;
}

void AddIfAbsent(net::Headers& headers, std::string_view name, std::string value) {
  if (!headers.Find(name)) headers.Set(name, std::move(value));
}

}  // namespace

net::RelayRoute TraceProxy::Route(net::Request& request) {
  // /proxy/{environment_id}/rest?query
  std::string_view path = std::string_view(request.path).substr(kProxyPrefix.size());
  std::size_t slash = path.find('/');
  const std::string environment_id(path.substr(0, slash));
  std::string rest = slash == std::string_view::npos ? "/" : std::string(path.substr(slash));
  if (environment_id.empty())
    return Refuse(404, "not-found", "Not found", "use /proxy/{environment_id}/...");

  auto key = request.headers.Find("x-copilot-key");
  if (!key)
    return Refuse(401, "unauthenticated", "Authentication required",
                  "send your Integration Copilot API key in X-Copilot-Key (it is not forwarded)");
  auto principal = identity_.AuthenticateApiKey(TrimWhitespace(*key));
  request.headers.Remove("x-copilot-key");
  if (!principal.ok())
    return Refuse(401, "unauthenticated", "Authentication required",
                  StrCat("X-Copilot-Key: ", principal.status().message()));
  const store::Scope& scope = principal->scope;
  store::GoldenRepository environments(db_);
  auto environment = environments.FindEnvironment(scope, environment_id);
  if (!environment.ok()) return Refuse(404, "not-found", "Not found", "environment not found");

  net::RelayRoute route;
  route.upstream = environment->base_url;
  route.target = request.query.empty() ? rest : StrCat(rest, "?", request.query);
  route.tag = StrCat(environment_id, "\n", scope.is_partner() ? scope.org_id : "");
  route.verify_tls = environment->verify_tls;
  if (!allow_private_targets_) {
    auto pin = CheckPublicTarget("base_url", environment->base_url);
    if (!pin.ok())
      return Refuse(403, "private-target", "Private target",
                    StrCat(pin.status().message(),
                           " (the server proxies there only with --allow-private-targets)"));
    // "host:port:address": the address may be IPv6 (with colons, maybe bracketed).
    std::string_view address(*pin);
    address.remove_prefix(address.find(':') + 1);
    address.remove_prefix(address.find(':') + 1);
    if (address.starts_with('[') && address.ends_with(']'))
      address = address.substr(1, address.size() - 2);
    route.connect_address = std::string(address);
  }
  if (environment->proxy_credentials) {
    auto own = environments.PartnerCredentials(scope, environment_id);
    auto opened = box_.Open(environment->settings_sealed);
    auto settings = opened.ok() ? DecodeSettings(*opened) : opened.status();
    std::optional<EnvironmentCredentials> credentials;
    if (own.ok() && *own) {
      if (auto text = box_.Open(**own); text.ok())
        if (auto decoded = DecodeCredentialsJson(*text); decoded.ok()) credentials = *decoded;
    }
    if (!credentials && settings.ok()) credentials = settings->credentials;
    if (settings.ok())
      for (const auto& [name, value] : settings->headers) AddIfAbsent(request.headers, name, value);
    if (credentials) {
      if (!credentials->bearer.empty())
        AddIfAbsent(request.headers, "authorization", StrCat("Bearer ", credentials->bearer));
      if (!credentials->basic.empty())
        AddIfAbsent(request.headers, "authorization",
                    StrCat("Basic ", EncodeBase64(credentials->basic)));
      if (!credentials->api_key.empty())
        AddIfAbsent(request.headers, traces_.ApiKeyHeader(environment_id).value_or("x-api-key"),
                    credentials->api_key);
    }
  }
  return route;
}

void TraceProxy::OnExchange(net::RelayedExchange exchange) {
  const std::string tag = exchange.tag;
  const std::size_t newline = tag.find('\n');
  if (newline == std::string::npos) return;  // answered by Route, not relayed
  auto recorded = traces_.RecordProxied(tag.substr(0, newline), tag.substr(newline + 1),
                                        traces::FromRelayed(std::move(exchange)));
  if (!recorded.ok())
    log::Event(
        "warn", "proxied exchange not recorded",
        {{"environment_id", tag.substr(0, newline)}, {"error", std::string(recorded.message())}});
}

}  // namespace icopilot::services
