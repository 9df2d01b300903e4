// --trusted-proxies values.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/cidr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = icopilot::net::CidrSet::Parse(text);
  if (set.ok()) (void)set->Contains("10.1.2.3");
  return 0;
}
