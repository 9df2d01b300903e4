// The validation proxy inside `icopilot serve`: /proxy/{environment_id}/... is relayed to
// the environment's base URL. The caller authenticates to us with an API key in
// X-Copilot-Key, which is removed before forwarding; the request's own headers pass
// untouched, and the environment's credentials (the caller org's own for it first) are
// added only when the environment says so and the request carries none. The upstream is
// the vendor's setting, never the caller's, and resolves to a public address unless the
// server allows private targets. Each exchange becomes a trace of that project,
// environment and (for partners) partner.
#pragma once

#include <string>

#include "core/crypto.h"
#include "net/relay.h"
#include "services/identity_service.h"
#include "services/trace_service.h"
#include "store/database.h"

namespace icopilot::services {

inline constexpr std::string_view kProxyPrefix = "/proxy/";

class TraceProxy : public net::RelayHooks {
 public:
  TraceProxy(store::Database& db, const SecretBox& box, IdentityService& identity,
             TraceService& traces, bool allow_private_targets)
      : db_(db),
        box_(box),
        identity_(identity),
        traces_(traces),
        allow_private_targets_(allow_private_targets) {}

  // Runs on the relay's I/O threads: one key lookup and one environment read per request.
  net::RelayRoute Route(net::Request& request) override;
  void OnExchange(net::RelayedExchange exchange) override;

 private:
  store::Database& db_;
  const SecretBox& box_;
  IdentityService& identity_;
  TraceService& traces_;
  bool allow_private_targets_;
};

}  // namespace icopilot::services
