#include "schema/json_equal.h"

#include <cmath>
#include <functional>
#include <string_view>

#include <boost/json/value.hpp>

namespace icopilot::schema {
namespace {

bool IsNumber(const boost::json::value& v) {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

bool NumbersEqual(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() || b.is_double()) return a.to_number<double>() == b.to_number<double>();
  if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
  if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
  // one int64, one uint64: equal only when the signed one is non-negative
  const boost::json::value& s = a.is_int64() ? a : b;
  const boost::json::value& u = a.is_int64() ? b : a;
  return s.get_int64() >= 0 && static_cast<std::uint64_t>(s.get_int64()) == u.get_uint64();
}

}  // namespace

bool JsonEqual(const boost::json::value& a, const boost::json::value& b) {
  if (IsNumber(a) && IsNumber(b)) return NumbersEqual(a, b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case boost::json::kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& member : x) {
        auto it = y.find(member.key());
        if (it == y.end() || !JsonEqual(member.value(), it->value())) return false;
      }
      return true;
    }
    case boost::json::kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!JsonEqual(x[i], y[i])) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

std::size_t JsonHash(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return 0x9e37;
    case boost::json::kind::bool_:
      return value.get_bool() ? 1 : 2;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: {
      double d = value.to_number<double>();
      return d == 0 ? 3 : std::hash<double>()(d);  // -0.0 == 0.0
    }
    case boost::json::kind::string: {
      const auto& s = value.get_string();
      return std::hash<std::string_view>()(std::string_view(s.data(), s.size()));
    }
    case boost::json::kind::array: {
      std::size_t h = 17;
      for (const auto& item : value.get_array()) h = h * 31 + JsonHash(item);
      return h;
    }
    case boost::json::kind::object: {
      std::size_t h = 19;  // order-free: a sum
      for (const auto& member : value.get_object()) {
        h += std::hash<std::string_view>()(
                 std::string_view(member.key().data(), member.key().size())) ^
             (JsonHash(member.value()) * 0x9e3779b97f4a7c15ULL);
      }
      return h;
    }
  }
  return 0;
}

}  // namespace icopilot::schema
