// Strings that match a `pattern`: a small parser for the common subset of ECMA-262
// regular expressions (literals, classes, escapes, groups, alternation, quantifiers,
// anchors). Debian's RE2 exposes no syntax tree to walk, so this is our own (see
// DESIGN.md); the result is always checked against RE2 by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace icopilot::schema {

// A string the pattern matches, or nullopt when the pattern uses what the sampler does
// not understand (lookaround, backreferences, Unicode classes). `extra_repeats` grows
// open-ended repetitions (`*`, `+`, `{n,}`), so a caller can search for a length.
std::optional<std::string> SampleRegex(std::string_view pattern, std::mt19937_64& rng,
                                       int extra_repeats = 0);

}  // namespace icopilot::schema
