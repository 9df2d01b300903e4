// An exchange the streaming relay (net::Relay) passed on, as a trace exchange: the URL it
// went to, the headers as sent, and the kept body prefixes marked when cut.
#pragma once

#include "net/relay.h"
#include "traces/har.h"

namespace icopilot::traces {

Exchange FromRelayed(net::RelayedExchange relayed);

}  // namespace icopilot::traces
