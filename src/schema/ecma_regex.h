// JSON Schema's `pattern` is an ECMA-262 regular expression; we run it on RE2 (linear
// time, safe on hostile input) after translating what differs (\s, \uXXXX, named
// groups, \cX). Lookaround and backreferences cannot run on RE2: those patterns are
// reported unsupported, never run on a backtracking engine.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace icopilot::schema {

// Null with `why` set when the pattern cannot be run.
std::shared_ptr<const re2::RE2> CompileEcmaRegex(std::string_view pattern, std::string& why);

// Unanchored search, as ECMA-262's RegExp.prototype.test.
bool EcmaSearch(const re2::RE2& regex, std::string_view text);

}  // namespace icopilot::schema
