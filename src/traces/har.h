// HAR 1.2 (as Chromium and Firefox export it) read into exchanges, and exchanges turned
// into traces: checked against the contract on the raw values, then redacted, then cut
// to the body limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "contract/operation_index.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"
#include "traces/pii_fields.h"
#include "traces/redaction.h"
#include "traces/trace.h"

namespace icopilot::traces {

struct Exchange {
  std::string started_at;
  double duration_ms = 0;
  std::string url;
  net::Request request;  // method, path, query, target, headers, body
  int status = 0;
  net::Headers response_headers;
  std::string response_body;
  // Bodies that are only a prefix of what was sent (the proxy keeps a limited prefix):
  // their schema is not checked, since a cut document cannot be, and they stay marked.
  bool request_body_cut = false;
  bool response_body_cut = false;
};

// Sets the method (upper case), the URL as given, and the request's target, path and
// query from it (an absolute URL or a bare path).
void SetRequestLine(Exchange& exchange, std::string_view method, std::string_view url);

struct SkippedEntry {
  std::size_t index = 0;  // in log.entries
  std::string reason;
};

struct HarContents {
  std::vector<Exchange> exchanges;
  std::vector<SkippedEntry> skipped;  // entries that could not be read, with why
};

// InvalidArgument saying what and where when the text is not a HAR document (not JSON,
// no log.entries). Entries that cannot be read are listed in `skipped`, never dropped
// silently. At most 100,000 entries.
absl::StatusOr<HarContents> ReadHar(std::string_view text);

// What checks traces against a spec; null members: no spec, only redaction.
struct ContractContext {
  const spec::Spec* spec = nullptr;
  const contract::OperationIndex* index = nullptr;
  const contract::SpecSchemas* schemas = nullptr;
  const PiiFields* pii = nullptr;  // fields the spec marks, masked by name
  // Set for exchanges sent to an environment's base URL (the proxy, the playground): its
  // path ("/mocks/m_1/v1") stands for the spec's server path when the call is checked, so
  // a sandbox served under another path is matched to its operations. The trace keeps the
  // URL as sent.
  std::string_view environment_base_path = {};
};

Trace ToTrace(const Exchange& exchange, const ContractContext& contract, const Redactor& redactor);

}  // namespace icopilot::traces
