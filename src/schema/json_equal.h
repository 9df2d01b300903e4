// Equality as JSON Schema defines it (`enum`, `const`, `uniqueItems`): numbers compare by
// value (1 == 1.0), objects regardless of member order. Boost.JSON's operator== does not
// (int64 1 != double 1.0).
#pragma once

#include <cstddef>

#include <boost/json/fwd.hpp>

namespace icopilot::schema {

bool JsonEqual(const boost::json::value& a, const boost::json::value& b);

// Consistent with JsonEqual: equal values hash alike. For uniqueItems in O(n).
std::size_t JsonHash(const boost::json::value& value);

}  // namespace icopilot::schema
