// `format` checks: the JSON Schema formats partners meet in OpenAPI documents, and
// OpenAPI's own (int32, int64, float, double, byte, binary, password).
#pragma once

#include <string_view>

#include <boost/json/fwd.hpp>

namespace icopilot::schema {

enum class Format {
  kNone,
  kUnknown,  // a name we do not check (ignored, as the specifications say)
  kDateTime,
  kDate,
  kTime,
  kDuration,
  kEmail,
  kUuid,
  kUri,
  kUriReference,
  kUriTemplate,
  kIpv4,
  kIpv6,
  kHostname,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kByte,
  kBinary,
  kPassword,
};

Format FormatFromName(std::string_view name);

// Whether `value` conforms; values of a type the format does not speak of conform.
bool ConformsToFormat(Format format, const boost::json::value& value);

// "an email address", "a date-time (RFC 3339)": for messages.
std::string_view FormatNoun(Format format);

}  // namespace icopilot::schema
