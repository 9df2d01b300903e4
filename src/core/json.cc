#include "core/json.h"

#include <set>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include "core/strings.h"

namespace icopilot {

namespace {

// Builds the DOM like boost::json::parser does, and on the way notes the string values of
// one chosen key.
struct DomHandler {
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  explicit DomHandler(boost::json::storage_ptr storage) { stack.reset(std::move(storage)); }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) {
    ++open_containers;
    ++open_arrays;
    return Opened(), true;
  }
  bool on_array_end(std::size_t n, boost::system::error_code&) {
    --open_containers;
    --open_arrays;
    return Completed(), stack.push_array(n), true;
  }
  bool on_object_begin(boost::system::error_code&) {
    ++open_containers;
    return Opened(), true;
  }
  bool on_object_end(std::size_t n, boost::system::error_code&) {
    --open_containers;
    return Completed(), stack.push_object(n), true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (value_wanted) value_parts.append(s.data(), s.size());
    after_value = false;
    return stack.push_chars(s), true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (value_wanted) {
      value_parts.append(s.data(), s.size());
      collected.insert(value_parts);
      value_parts.clear();
      value_wanted = false;
    }
    after_value = true;
    return stack.push_string(s), true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    key_parts.append(s.data(), s.size());
    after_value = false;
    return stack.push_chars(s), true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (!collect_key.empty()) {
      if (key_parts.empty()) {
        value_wanted = std::string_view(s.data(), s.size()) == collect_key;
      } else {
        key_parts.append(s.data(), s.size());
        value_wanted = key_parts == collect_key;
      }
    }
    key_parts.clear();
    after_value = false;
    return stack.push_key(s), true;
  }
  bool on_number_part(boost::json::string_view, boost::system::error_code&) {
    after_value = false;
    return true;
  }
  bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
    return Completed(), stack.push_int64(i), true;
  }
  bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
    return Completed(), stack.push_uint64(u), true;
  }
  bool on_double(double d, boost::json::string_view, boost::system::error_code&) {
    return Completed(), stack.push_double(d), true;
  }
  bool on_bool(bool b, boost::system::error_code&) { return Completed(), stack.push_bool(b), true; }
  bool on_null(boost::system::error_code&) { return Completed(), stack.push_null(), true; }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

  // A value other than a string ends or begins: whatever followed the collected key, it
  // was not a string to note.
  void Completed() {
    value_wanted = false;
    after_value = true;
  }
  void Opened() {
    value_wanted = false;
    after_value = false;
  }

  boost::json::value_stack stack;
  std::size_t open_containers = 0;
  std::size_t open_arrays = 0;
  bool after_value = false;  // the last event completed a value
  std::string collect_key;   // empty: collect nothing
  bool value_wanted = false;
  std::string key_parts;
  std::string value_parts;
  std::set<std::string, std::less<>> collected;
};

}  // namespace

struct JsonStreamParser::Impl {
  Impl(const boost::json::parse_options& options, boost::json::storage_ptr storage)
      : parser(options, std::move(storage)) {}
  boost::json::basic_parser<DomHandler> parser;
};

JsonStreamParser::JsonStreamParser(JsonLimits limits, boost::json::storage_ptr storage)
    : limits_(limits) {
  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  impl_ = std::make_unique<Impl>(options, std::move(storage));
}

JsonStreamParser::~JsonStreamParser() = default;

absl::Status JsonStreamParser::Error(const boost::system::error_code& ec, std::size_t at,
                                     bool at_end) const {
  if (ec == boost::json::error::too_deep) {
    return absl::InvalidArgumentError(
        StrCat("invalid JSON at offset ", at, ": nesting deeper than ", limits_.max_depth));
  }
  if (ec == boost::json::error::extra_data) {
    return absl::InvalidArgumentError(
        StrCat("invalid JSON at offset ", at, ": unexpected content after the document"));
  }
  if (at_end)
    return absl::InvalidArgumentError(
        StrCat("invalid JSON at offset ", at, ": unexpected end of input"));
  return absl::InvalidArgumentError(StrCat("invalid JSON at offset ", at, ": ", ec.message()));
}

absl::Status JsonStreamParser::Write(std::string_view chunk) {
  boost::system::error_code ec;
  // write_some says how many bytes it took before an error: with the bytes of earlier
  // chunks, that is the offset in the whole input.
  std::size_t consumed = impl_->parser.write_some(true, chunk.data(), chunk.size(), ec);
  if (!ec && consumed < chunk.size()) ec = boost::json::error::extra_data;
  if (ec) return Error(ec, offset_ + consumed, false);
  offset_ += consumed;
  return absl::OkStatus();
}

absl::StatusOr<boost::json::value> JsonStreamParser::Finish() {
  boost::system::error_code ec;
  impl_->parser.write_some(false, nullptr, 0, ec);
  if (ec)
    return Error(ec, offset_,
                 ec != boost::json::error::too_deep && ec != boost::json::error::extra_data);
  boost::json::value value = impl_->parser.handler().stack.release();
  return value;
}

std::size_t JsonStreamParser::ObjectsOpenAfterAMember() const {
  const DomHandler& handler = impl_->parser.handler();
  return handler.after_value && handler.open_arrays == 0 ? handler.open_containers : 0;
}

void JsonStreamParser::CollectStringsOf(std::string key) {
  impl_->parser.handler().collect_key = std::move(key);
}

std::vector<std::string> JsonStreamParser::TakeCollected() {
  auto& collected = impl_->parser.handler().collected;
  std::vector<std::string> out;
  out.reserve(collected.size());
  while (!collected.empty()) out.push_back(std::move(collected.extract(collected.begin()).value()));
  return out;
}

absl::StatusOr<boost::json::value> ParseJson(std::string_view text, JsonLimits limits,
                                             boost::json::storage_ptr storage) {
  JsonStreamParser parser(limits, std::move(storage));
  if (absl::Status written = parser.Write(text); !written.ok()) return written;
  return parser.Finish();
}

std::string ToJson(const boost::json::value& value) { return boost::json::serialize(value); }

}  // namespace icopilot
