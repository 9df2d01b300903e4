// RFC 6901 JSON pointers over Boost.JSON values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace icopilot {

// "a/b" -> "a~1b", "m~n" -> "m~0n".
std::string EscapePointerToken(std::string_view token);
// Appends "/" and the escaped token: builds pointers without a temporary per token.
void AppendPointerToken(std::string& pointer, std::string_view token);

// "/paths/~1pets/get" -> {"paths", "/pets", "get"}. "" is the whole document.
// Returns false for a pointer that does not start with '/' (and is not "").
bool SplitPointer(std::string_view pointer, std::vector<std::string>& tokens);

// The member or item `token` (unescaped) names, or nullptr.
const boost::json::value* FindChild(const boost::json::value& parent, std::string_view token);
// The value at `pointer`, or nullptr when it leads nowhere.
const boost::json::value* FindByPointer(const boost::json::value& root, std::string_view pointer);

}  // namespace icopilot
