// Signed ingest as a gateway (or an attacker) sends it: the first line is the
// X-Copilot-Signature header, the rest the body. The header is verified, the body read as
// one trace, an array or NDJSON, and each item checked and redacted into a trace. Must
// end with traces or an error, never crash, hang or grow without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "core/signed_payload.h"
#include "trace_fixture.h"
#include "traces/ingest.h"
#include "traces/trace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzzing::Fixture fixture;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  std::string_view header = input.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? "" : input.substr(newline + 1);
  (void)icopilot::VerifySignedPayload(header, body, {"fuzz-secret", "old-secret"}, 1'800'000'000,
                                      300);
  auto batch = icopilot::traces::ReadIngestBatch(body);
  if (!batch.ok()) return 0;
  if (batch->items.size() != batch->positions.size()) __builtin_trap();
  for (const auto& item : batch->items) {
    if (!item.ok()) continue;
    auto trace =
        icopilot::traces::ToTrace(item->exchange, fuzzing::Contract(fixture), fixture.redactor);
    (void)boost::json::serialize(icopilot::traces::TraceJson(trace));
  }
  return 0;
}
