// Writes JSON text straight into a string, member by member, for reports too large to
// build as a DOM first (`spec inspect` on GitHub's description: a DOM of 16 MB with every
// schema copied into it, serialized and dropped). Values already in a DOM (schemas) are
// serialized where they are, never copied. Boost.JSON 1.81 has no streaming writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

namespace icopilot {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The next value is this member's.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view text);
  JsonWriter& Bool(bool flag);
  JsonWriter& Int(std::int64_t number);
  JsonWriter& Null();
  // A string, or null when it is empty.
  JsonWriter& StringOrNull(std::string_view text);
  // A value from a DOM; null for nullptr.
  JsonWriter& Value(const boost::json::value* value);
  JsonWriter& Strings(const std::vector<std::string>& values);
  // A value from a DOM, walked rather than handed to Boost.JSON's serializer, so that
  // numbers with a fraction read as people write them: 82.19, where Boost.JSON 1.81
  // writes 8.219E1. For answers people read (mock bodies); Value() is faster.
  JsonWriter& Readable(const boost::json::value& value);

 private:
  void Separate();
  void AppendEscaped(std::string_view text);

  std::string& out_;
  // Per open container: whether it has a value yet (a comma is due before the next).
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

// The JSON text of `value` as Readable() writes it.
std::string ReadableJson(const boost::json::value& value);

}  // namespace icopilot
