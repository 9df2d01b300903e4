// Request bodies: ParseJson must return a value or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = icopilot::ParseJson(text);
  if (value.ok()) (void)icopilot::ToJson(*value);
  return 0;
}
