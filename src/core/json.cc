#include "core/json.h"

#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include "core/strings.h"

namespace icopilot {

absl::StatusOr<boost::json::value> ParseJson(std::string_view text, JsonLimits limits,
                                             boost::json::storage_ptr storage) {
  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  boost::json::stream_parser parser({}, options);
  parser.reset(std::move(storage));
  boost::system::error_code ec;
  // write_some reports how many bytes it consumed before an error: that is the offset.
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) {
    ec = boost::json::error::extra_data;
  }
  if (!ec) parser.finish(ec);
  if (ec) {
    if (ec == boost::json::error::too_deep) {
      return absl::InvalidArgumentError(StrCat("invalid JSON at offset ", consumed,
                                                     ": nesting deeper than ", limits.max_depth));
    }
    if (ec == boost::json::error::extra_data) {
      return absl::InvalidArgumentError(
          StrCat("invalid JSON at offset ", consumed, ": unexpected content after the document"));
    }
    if (consumed >= text.size()) {
      return absl::InvalidArgumentError(
          StrCat("invalid JSON at offset ", text.size(), ": unexpected end of input"));
    }
    return absl::InvalidArgumentError(
        StrCat("invalid JSON at offset ", consumed, ": ", ec.message()));
  }
  return parser.release();
}

std::string ToJson(const boost::json::value& value) { return boost::json::serialize(value); }

const boost::json::value* FindMember(const boost::json::object& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &it->value();
}

}  // namespace icopilot
