#include "schema/formats.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>

#include <arpa/inet.h>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

namespace icopilot::schema {
namespace {

bool Digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && LeapYear(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

bool IsDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return false;
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM). A leap second is allowed only
// at 23:59:60 UTC.
bool IsTime(std::string_view s) {
  int h = 0, m = 0, sec = 0;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
  if (!Digits(s, 0, 2, h) || !Digits(s, 3, 2, m) || !Digits(s, 6, 2, sec)) return false;
  std::size_t at = 8;
  if (at < s.size() && s[at] == '.') {
    std::size_t start = ++at;
    while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
    if (at == start) return false;
  }
  if (at >= s.size()) return false;
  int offset_minutes = 0;
  if (s[at] == 'Z' || s[at] == 'z') {
    if (at + 1 != s.size()) return false;
  } else if (s[at] == '+' || s[at] == '-') {
    int oh = 0, om = 0;
    if (s.size() != at + 6 || s[at + 3] != ':' || !Digits(s, at + 1, 2, oh) ||
        !Digits(s, at + 4, 2, om))
      return false;
    if (oh > 23 || om > 59) return false;
    offset_minutes = (s[at] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return false;
  }
  if (h > 23 || m > 59 || sec > 60) return false;
  if (sec == 60) {
    int utc = ((h * 60 + m - offset_minutes) % 1440 + 1440) % 1440;
    return utc == 23 * 60 + 59;
  }
  return true;
}

bool IsDateTime(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't')) return false;
  return IsDate(s.substr(0, 10)) && IsTime(s.substr(11));
}

// ISO 8601 durations as RFC 3339's appendix A: P[nY][nM][nD][T[nH][nM][nS]] or PnW.
bool IsDuration(std::string_view s) {
  if (s.size() < 2 || s[0] != 'P') return false;
  std::size_t at = 1;
  auto number = [&] {
    std::size_t start = at;
    while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
    return at > start;
  };
  if (s.find('W') != std::string_view::npos) return number() && at + 1 == s.size() && s[at] == 'W';
  static constexpr std::string_view kDateUnits = "YMD", kTimeUnits = "HMS";
  std::size_t next_unit = 0;
  bool any = false;
  while (at < s.size() && s[at] != 'T') {
    if (!number() || at >= s.size()) return false;
    std::size_t unit = kDateUnits.find(s[at]);
    if (unit == std::string_view::npos || unit < next_unit) return false;
    next_unit = unit + 1;
    ++at;
    any = true;
  }
  if (at < s.size()) {  // 'T'
    ++at;
    next_unit = 0;
    bool any_time = false;
    while (at < s.size()) {
      if (!number() || at >= s.size()) return false;
      std::size_t unit = kTimeUnits.find(s[at]);
      if (unit == std::string_view::npos || unit < next_unit) return false;
      next_unit = unit + 1;
      ++at;
      any_time = true;
    }
    return any_time;
  }
  return any;
}

bool IsIpv4(std::string_view s) {
  int parts = 0;
  std::size_t at = 0;
  while (parts < 4) {
    std::size_t start = at;
    int value = 0;
    while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])) && at - start < 4) {
      value = value * 10 + (s[at] - '0');
      ++at;
    }
    std::size_t len = at - start;
    if (len == 0 || len > 3 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (parts < 4) {
      if (at >= s.size() || s[at] != '.') return false;
      ++at;
    }
  }
  return at == s.size();
}

bool IsIpv6(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
  }
  std::string copy(s);
  in6_addr address{};
  return inet_pton(AF_INET6, copy.c_str(), &address) == 1;
}

bool IsHostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find('.', start);
    std::string_view label =
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

bool IsEmail(std::string_view s) {
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
    // quoted local part: anything printable
  } else {
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
      return false;
    static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~.";
    for (char c : local) {
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          kSpecials.find(c) == std::string_view::npos && static_cast<unsigned char>(c) < 0x80) {
        return false;
      }
    }
  }
  if (domain.front() == '[' && domain.back() == ']') {
    std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.starts_with("IPv6:")) return IsIpv6(literal.substr(5));
    return IsIpv4(literal);
  }
  return IsHostname(domain);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      if (i < s.size() - 2) return false;
      ++padding;
    } else if (padding > 0 ||
               !(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

bool IsUri(std::string_view s, bool reference) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '\\')
      return false;
  }
  return reference ? boost::urls::parse_uri_reference(s).has_value()
                   : boost::urls::parse_uri(s).has_value();
}

// RFC 6570: literals, and expressions like {/id}, {?page,per_page}, {var:3}, {list*}.
bool IsUriTemplate(std::string_view s) {
  static constexpr std::string_view kNotLiteral = " \"'<>\\^`|}";
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c != '{') {
      if (kNotLiteral.find(static_cast<char>(c)) != std::string_view::npos) return false;
      continue;
    }
    std::size_t close = s.find('}', i);
    if (close == std::string_view::npos || close == i + 1) return false;
    std::string_view expression = s.substr(i + 1, close - i - 1);
    if (std::string_view("+#./;?&=,!@|").find(expression.front()) != std::string_view::npos)
      expression.remove_prefix(1);
    std::size_t start = 0;
    while (true) {
      std::size_t comma = expression.find(',', start);
      std::string_view spec = expression.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (spec.ends_with("*")) spec.remove_suffix(1);
      if (std::size_t colon = spec.find(':'); colon != std::string_view::npos) {
        std::string_view length = spec.substr(colon + 1);
        if (length.empty() || length.size() > 4 || length.front() == '0') return false;
        for (char d : length) {
          if (!std::isdigit(static_cast<unsigned char>(d))) return false;
        }
        spec = spec.substr(0, colon);
      }
      if (spec.empty()) return false;
      for (char v : spec) {
        if (!std::isalnum(static_cast<unsigned char>(v)) && v != '_' && v != '.' && v != '%')
          return false;
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    i = close;
  }
  return true;
}

bool IntegralWithin(const boost::json::value& v, double low, double high) {
  if (v.is_int64())
    return static_cast<double>(v.get_int64()) >= low && static_cast<double>(v.get_int64()) <= high;
  if (v.is_uint64()) return static_cast<double>(v.get_uint64()) <= high;
  if (v.is_double()) {
    double d = v.get_double();
    return std::trunc(d) == d && d >= low && d <= high;
  }
  return true;
}

}  // namespace

Format FormatFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, Format> kNames[] = {
      {"date-time", Format::kDateTime},
      {"date", Format::kDate},
      {"time", Format::kTime},
      {"duration", Format::kDuration},
      {"email", Format::kEmail},
      {"uuid", Format::kUuid},
      {"uri", Format::kUri},
      {"uri-reference", Format::kUriReference},
      {"uri-template", Format::kUriTemplate},
      {"ipv4", Format::kIpv4},
      {"ipv6", Format::kIpv6},
      {"hostname", Format::kHostname},
      {"int32", Format::kInt32},
      {"int64", Format::kInt64},
      {"float", Format::kFloat},
      {"double", Format::kDouble},
      {"byte", Format::kByte},
      {"binary", Format::kBinary},
      {"password", Format::kPassword},
  };
  for (const auto& [known, format] : kNames) {
    if (known == name) return format;
  }
  return Format::kUnknown;
}

bool ConformsToFormat(Format format, const boost::json::value& value) {
  switch (format) {
    case Format::kInt32:
      return IntegralWithin(value, -2147483648.0, 2147483647.0);
    case Format::kInt64:
      return IntegralWithin(value, -9223372036854775808.0, 9223372036854775807.0);
    case Format::kFloat:
      return !value.is_double() ||
             std::abs(value.get_double()) <= std::numeric_limits<float>::max();
    default:
      break;
  }
  if (!value.is_string()) return true;
  std::string_view s(value.get_string().data(), value.get_string().size());
  switch (format) {
    case Format::kDateTime:
      return IsDateTime(s);
    case Format::kDate:
      return IsDate(s);
    case Format::kTime:
      return IsTime(s);
    case Format::kDuration:
      return IsDuration(s);
    case Format::kEmail:
      return IsEmail(s);
    case Format::kUuid:
      return IsUuid(s);
    case Format::kUri:
      return IsUri(s, false);
    case Format::kUriReference:
      return IsUri(s, true);
    case Format::kUriTemplate:
      return IsUriTemplate(s);
    case Format::kIpv4:
      return IsIpv4(s);
    case Format::kIpv6:
      return IsIpv6(s);
    case Format::kHostname:
      return IsHostname(s);
    case Format::kByte:
      return IsBase64(s);
    default:
      return true;
  }
}

std::string_view FormatNoun(Format format) {
  switch (format) {
    case Format::kDateTime:
      return "a date-time (RFC 3339, like 2024-05-01T12:00:00Z)";
    case Format::kDate:
      return "a date (like 2024-05-01)";
    case Format::kTime:
      return "a time (like 12:00:00Z)";
    case Format::kDuration:
      return "a duration (ISO 8601, like P3DT4H)";
    case Format::kEmail:
      return "an email address";
    case Format::kUuid:
      return "a UUID";
    case Format::kUri:
      return "an absolute URI";
    case Format::kUriReference:
      return "a URI reference";
    case Format::kUriTemplate:
      return "a URI template (RFC 6570)";
    case Format::kIpv4:
      return "an IPv4 address";
    case Format::kIpv6:
      return "an IPv6 address";
    case Format::kHostname:
      return "a host name";
    case Format::kInt32:
      return "a 32-bit integer";
    case Format::kInt64:
      return "a 64-bit integer";
    case Format::kFloat:
      return "a 32-bit float";
    case Format::kByte:
      return "base64 text";
    default:
      return "valid for its format";
  }
}

}  // namespace icopilot::schema
