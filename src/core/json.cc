#include "core/json.h"

#include <algorithm>
#include <set>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include "core/strings.h"

namespace icopilot {

namespace {

// The keys of the objects still open, innermost last, so that each object's keys can be
// compared when it closes: repeated keys are collapsed by the DOM without a trace. Keys
// are copied because the parser's input chunk does not outlive a callback.
class OpenKeys {
 public:
  void Append(std::string_view part) { bytes_.append(part); }
  void EndKey() { ends_.push_back(bytes_.size()); }
  // Drops the last `n` keys (one object's) and says how many of them repeat another.
  std::size_t CloseObject(std::size_t n) {
    std::size_t repeated = 0;
    const std::size_t first = ends_.size() - n;
    if (n > 1) {
      views_.clear();
      for (std::size_t i = first; i < ends_.size(); ++i) views_.push_back(Key(i));
      if (n <= 8) {
        for (std::size_t i = 1; i < n; ++i) {
          auto earlier = views_.begin() + static_cast<std::ptrdiff_t>(i);
          if (std::find(views_.begin(), earlier, views_[i]) != earlier) ++repeated;
        }
      } else {
        std::sort(views_.begin(), views_.end());
        for (std::size_t i = 1; i < n; ++i) repeated += views_[i] == views_[i - 1] ? 1 : 0;
      }
    }
    bytes_.resize(first == 0 ? 0 : ends_[first - 1]);
    ends_.resize(first);
    return repeated;
  }

 private:
  std::string_view Key(std::size_t i) const {
    std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  std::string bytes_;
  std::vector<std::size_t> ends_;
  std::vector<std::string_view> views_;
};

// Builds the DOM like boost::json::parser does, and on the way notices repeated keys and
// notes the string values of one chosen key.
struct DomHandler {
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  explicit DomHandler(boost::json::storage_ptr storage) { stack.reset(std::move(storage)); }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) { return OtherValue(), true; }
  bool on_array_end(std::size_t n, boost::system::error_code&) { return stack.push_array(n), true; }
  bool on_object_begin(boost::system::error_code&) { return OtherValue(), true; }
  bool on_object_end(std::size_t n, boost::system::error_code&) {
    if (track_keys) repeated_keys += keys.CloseObject(n);
    stack.push_object(n);
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (value_wanted) value_parts.append(s.data(), s.size());
    return stack.push_chars(s), true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (value_wanted) {
      value_parts.append(s.data(), s.size());
      collected.insert(value_parts);
      value_parts.clear();
      value_wanted = false;
    }
    return stack.push_string(s), true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (track_keys) keys.Append(s);
    key_parts.append(s.data(), s.size());
    return stack.push_chars(s), true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    if (track_keys) {
      keys.Append(s);
      keys.EndKey();
    }
    if (!collect_key.empty()) {
      if (key_parts.empty()) {
        value_wanted = std::string_view(s.data(), s.size()) == collect_key;
      } else {
        key_parts.append(s.data(), s.size());
        value_wanted = key_parts == collect_key;
      }
    }
    key_parts.clear();
    return stack.push_key(s), true;
  }
  bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
    return OtherValue(), stack.push_int64(i), true;
  }
  bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
    return OtherValue(), stack.push_uint64(u), true;
  }
  bool on_double(double d, boost::json::string_view, boost::system::error_code&) {
    return OtherValue(), stack.push_double(d), true;
  }
  bool on_bool(bool b, boost::system::error_code&) {
    return OtherValue(), stack.push_bool(b), true;
  }
  bool on_null(boost::system::error_code&) { return OtherValue(), stack.push_null(), true; }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

  // The value after the collected key is not a string: nothing to note.
  void OtherValue() { value_wanted = false; }

  boost::json::value_stack stack;
  bool track_keys = false;  // only when asked: it copies every key
  OpenKeys keys;
  std::size_t repeated_keys = 0;
  std::string collect_key;  // empty: collect nothing
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

absl::StatusOr<boost::json::value> JsonStreamParser::Finish(std::size_t* duplicate_keys) {
  boost::system::error_code ec;
  impl_->parser.write_some(false, nullptr, 0, ec);
  if (ec)
    return Error(ec, offset_,
                 ec != boost::json::error::too_deep && ec != boost::json::error::extra_data);
  boost::json::value value = impl_->parser.handler().stack.release();
  if (duplicate_keys != nullptr) *duplicate_keys = impl_->parser.handler().repeated_keys;
  return value;
}

void JsonStreamParser::CountDuplicateKeys() { impl_->parser.handler().track_keys = true; }

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
                                             boost::json::storage_ptr storage,
                                             std::size_t* duplicate_keys) {
  JsonStreamParser parser(limits, std::move(storage));
  if (duplicate_keys != nullptr) parser.CountDuplicateKeys();
  if (absl::Status written = parser.Write(text); !written.ok()) return written;
  return parser.Finish(duplicate_keys);
}

std::string ToJson(const boost::json::value& value) { return boost::json::serialize(value); }

}  // namespace icopilot
