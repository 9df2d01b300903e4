// Durations, rates and --rate-limit lists from flags, environment and icopilot.yaml.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/app.h"
#include "core/units.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)icopilot::ParseDuration(text);
  (void)icopilot::ParseRate(text);
  (void)icopilot::api::ParseRateLimits(text);
  return 0;
}
