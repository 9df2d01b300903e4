// Parsing on two threads must agree with parsing on one, wherever the cut falls: same
// value, same error, same collected $refs. The first byte picks the depth of the cut, the
// length the comma; the indentation guess is tried too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "core/json_split.h"

namespace {

std::string Outcome(std::string_view text, std::optional<icopilot::JsonSplit> split) {
  icopilot::JsonArena first;
  icopilot::JsonArena second(0, &first);
  auto parsed = icopilot::ParseJsonOnTwoThreads(icopilot::JsonText(text), split, {.max_depth = 32},
                                                "$ref", first, second);
  if (!parsed.ok()) return std::string(parsed.status().message());
  std::string out = boost::json::serialize(parsed->value);
  for (const std::string& ref : parsed->collected) out += "\n" + ref;
  if (first.deallocations() + second.deallocations() > 0) out += "\nrepeated key";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t depth = 1 + data[0] % 6;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t commas = 0;
  for (char c : text) commas += c == ',';
  const std::string expected = Outcome(text, std::nullopt);
  if (commas > 0) {
    std::size_t wanted = size % commas;
    std::size_t comma = text.find(',');
    while (wanted-- > 0) comma = text.find(',', comma + 1);
    if (Outcome(text, icopilot::JsonSplit{comma, depth}) != expected) std::abort();
  }
  if (auto guess = icopilot::GuessJsonSplit(icopilot::JsonText(text))) {
    if (Outcome(text, guess) != expected) std::abort();
  }
  return 0;
}
