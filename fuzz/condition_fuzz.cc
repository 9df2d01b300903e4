// Annotation conditions as vendors type them: the input is the condition's text, a NUL,
// then a JSON request ({"body": ..., "headers": ...}) to evaluate it against; without a
// NUL, or when the JSON is not an object, a fixed request is used. Parsing must return a
// condition or an error at a column inside the text, and evaluation must finish, never
// crash, hang or recurse past the bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/parse.hpp>

#include "contract/condition.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view text = input.substr(0, nul);
  auto parsed = icopilot::contract::ParseCondition(text);
  if (!parsed.condition) {
    if (parsed.error.column < 1 ||
        static_cast<std::size_t>(parsed.error.column) > text.size() + 1 ||
        parsed.error.message.empty()) {
      std::abort();  // an error must point inside the text and say something
    }
    return 0;
  }
  static const boost::json::object fixed =
      boost::json::parse(R"({"body": {"amount": 12000, "items": [1, "a", {"b": null}], "s": "x"},
                             "headers": {"x-region": "EU"}, "query": {"limit": 5},
                             "path": {"id": "a"}})")
          .as_object();
  boost::json::object request = fixed;
  if (nul != std::string_view::npos) {
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(input.substr(nul + 1), error);
    if (!error && value.is_object()) request = std::move(value.as_object());
  }
  parsed.condition->Matches(request);
  parsed.condition->Fields();
  return 0;
}
