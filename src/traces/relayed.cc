#include "traces/relayed.h"

#include "core/clock.h"

namespace icopilot::traces {

Exchange FromRelayed(net::RelayedExchange relayed) {
  Exchange exchange;
  exchange.started_at = FormatTimestamp(relayed.started_at_ms);
  exchange.duration_ms = relayed.duration_ms;
  SetRequestLine(exchange, relayed.request.method,
                 relayed.upstream_url.empty() ? relayed.request.target : relayed.upstream_url);
  exchange.request.headers = std::move(relayed.request.headers);
  exchange.request.body = std::move(relayed.request.body);
  exchange.request_body_cut = relayed.request_body_truncated;
  exchange.status = relayed.status;
  exchange.response_headers = std::move(relayed.response_headers);
  exchange.response_body = std::move(relayed.response_body);
  exchange.response_body_cut = relayed.response_body_truncated;
  return exchange;
}

}  // namespace icopilot::traces
