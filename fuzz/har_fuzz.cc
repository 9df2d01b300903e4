// HAR files as users upload them: read, then each exchange checked against a small spec
// and redacted into a trace. Must end with traces or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "trace_fixture.h"
#include "traces/har.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzzing::Fixture fixture;
  auto har = icopilot::traces::ReadHar(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!har.ok()) return 0;
  for (const auto& exchange : har->exchanges) {
    auto trace = icopilot::traces::ToTrace(exchange, fuzzing::Contract(fixture), fixture.redactor);
    (void)boost::json::serialize(icopilot::traces::TraceJson(trace));
  }
  return 0;
}
