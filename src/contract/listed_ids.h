// Which resources a list names, for an item path's parameter: what a client reads from
// `GET /tables` before it asks for `GET /tables/{tableName}`. One rule for the mock (which
// ids of a collection it does not track exist) and the golden runner (which id to read
// where it cannot create one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace icopilot::contract {

// The id an item of a list gives for `parameter`: a string or number item itself; else
// the item's property named like the parameter, `id`, `name` for a parameter ending in
// "name" (`tableName`), or the first property ending in "id". "" when none.
std::string ListedItemId(const boost::json::value& item, std::string_view parameter);

// The ids of a list answer's items (a bare array, or the array in its envelope: `items`,
// `data` and the like first), in order, at most `limit`; empty for an empty list. Nullopt
// when the body holds no list, or its items name no id: then nothing can be told.
std::optional<std::vector<std::string>> ListedIds(const boost::json::value& body,
                                                  std::string_view parameter,
                                                  std::size_t limit = 1000);

}  // namespace icopilot::contract
