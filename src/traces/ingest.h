// What a gateway sends to signed ingest: raw exchanges in the trace format
// (docs/cli/trace.schema.json; the checked fields operation_id, violations and redactions
// may be present and are recomputed), as one JSON object, a JSON array of them, or
// newline-delimited JSON. The server checks and redacts them like any other trace.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "traces/har.h"

namespace icopilot::traces {

struct IngestItem {
  Exchange exchange;
  std::string partner_id;  // the partner org the call came from; "" when not known
};

struct IngestBatch {
  // Each item as read, or why it cannot be (InvalidArgument naming the field).
  std::vector<absl::StatusOr<IngestItem>> items;
  // Where each item was: its line for newline-delimited JSON, else its array index.
  std::vector<std::size_t> positions;
  bool by_line = false;
};

inline constexpr std::size_t kMaxIngestItems = 10'000;

// InvalidArgument with the position (line, or byte offset) when the body cannot be read
// as JSON at all, or holds more than kMaxIngestItems items: the whole batch is refused.
absl::StatusOr<IngestBatch> ReadIngestBatch(std::string_view body);

// One item; InvalidArgument naming the field.
absl::StatusOr<IngestItem> ReadIngestItem(const boost::json::value& value);

}  // namespace icopilot::traces
