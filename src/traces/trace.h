// A trace: one exchange between a partner and an API, checked against the contract and
// redacted, as the proxy records it, the server stores it and `icopilot trace import`
// writes it (one JSON object per line; schema docs/traces/trace.schema.json).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "contract/exchange_check.h"
#include "traces/redaction.h"

namespace icopilot::traces {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Trace {
  std::string started_at;  // RFC 3339, as the source says
  double duration_ms = 0;
  std::string method;  // upper case
  std::string url;
  HeaderList request_headers;
  std::string request_body;
  bool request_body_truncated = false;
  int status = 0;  // 0 when no answer came
  HeaderList response_headers;
  std::string response_body;
  bool response_body_truncated = false;
  std::string operation_id;  // "" when no operation matched (or no spec)
  std::vector<contract::ExchangeViolation> violations;
  std::size_t redactions = 0;
};

// Bodies longer than this are kept cut (on a character boundary) and marked truncated.
inline constexpr std::size_t kMaxTraceBody = 64 * 1024;

// Masks personal data in everything the trace keeps, violation messages included (they
// may quote values). Call after the contract check.
// `extra_fields`: lower-case field names the spec marks for the trace's operation.
void Redact(const Redactor& redactor, Trace& trace, const Redactor::Fields& extra_fields = {});
// Cuts bodies longer than kMaxTraceBody, marking them.
void Truncate(Trace& trace);

boost::json::object TraceJson(const Trace& trace);

}  // namespace icopilot::traces
