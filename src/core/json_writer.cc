#include "core/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

#include "core/strings.h"

namespace icopilot {
namespace {

template <typename Reset>
void Serialize(std::string& out, Reset reset) {
  boost::json::serializer serializer;
  reset(serializer);
  char buffer[4096];
  while (!serializer.done()) {
    boost::json::string_view written = serializer.read(buffer, sizeof buffer);
    out.append(written.data(), written.size());
  }
}

}  // namespace

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_value_.empty()) {
    if (has_value_.back()) out_ += ',';
    has_value_.back() = true;
  }
}

void JsonWriter::AppendEscaped(std::string_view text) {
  // Most keys and names need no escaping: copied as they are, without a serializer.
  bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  Serialize(out_, [text](boost::json::serializer& s) {
    s.reset(boost::json::string_view(text.data(), text.size()));
  });
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_ += '{';
  has_value_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  has_value_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_ += '[';
  has_value_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  has_value_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  AppendEscaped(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view text) {
  Separate();
  AppendEscaped(text);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool flag) {
  Separate();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t number) {
  Separate();
  out_ += StrCat(number);
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::StringOrNull(std::string_view text) {
  return text.empty() ? Null() : String(text);
}

JsonWriter& JsonWriter::Value(const boost::json::value* value) {
  if (value == nullptr) return Null();
  Separate();
  Serialize(out_, [value](boost::json::serializer& s) { s.reset(value); });
  return *this;
}

JsonWriter& JsonWriter::Readable(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      BeginObject();
      for (const auto& member : value.get_object()) {
        Key(std::string_view(member.key().data(), member.key().size()));
        Readable(member.value());
      }
      return EndObject();
    case boost::json::kind::array:
      BeginArray();
      for (const auto& item : value.get_array()) Readable(item);
      return EndArray();
    case boost::json::kind::string:
      return String(std::string_view(value.get_string().data(), value.get_string().size()));
    case boost::json::kind::double_: {
      double number = value.get_double();
      if (!std::isfinite(number)) return Null();  // JSON has no infinities
      Separate();
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
      out_.append(buffer, ec == std::errc() ? end : buffer);
      return *this;
    }
    default:  // null, bool, int64, uint64: Boost.JSON writes these as people do
      return Value(&value);
  }
}

std::string ReadableJson(const boost::json::value& value) {
  std::string out;
  JsonWriter(out).Readable(value);
  return out;
}

JsonWriter& JsonWriter::Strings(const std::vector<std::string>& values) {
  BeginArray();
  for (const std::string& value : values) String(value);
  return EndArray();
}

}  // namespace icopilot
