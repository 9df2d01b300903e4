// Form bodies as clients send them: the input is a Content-Type line, a NUL, then the
// body; parsed as multipart when the type says so, else as form-urlencoded, then read
// into an object. Must return a value or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "contract/form_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view content_type = input.substr(0, nul);
  std::string_view body =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  auto fields = content_type.find("multipart") != std::string_view::npos
                    ? icopilot::contract::ParseMultipartForm(body, content_type)
                    : icopilot::contract::ParseUrlEncodedForm(body);
  if (fields.ok()) icopilot::contract::FormToObject(*fields, nullptr);
  return 0;
}
