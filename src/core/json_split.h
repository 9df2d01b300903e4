// Parsing one big JSON document on two threads. Boost.JSON parses on one; a spec file of
// many megabytes is most of `spec inspect`'s time, and the machine has a second core.
//
// The text is cut at a comma between two members of an object. This thread parses the
// head and closes the objects left open; a second parser is fed placeholder objects that
// put it at the same depth, then the tail. The tail's members are moved into the head's
// open objects at the end. Where the cut falls is read from the text's indentation, a
// guess the head's parser checks: a guess that was wrong, or anything unusual (a repeated
// key, an error in the tail), ends in the same result a single parser gives.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "core/json.h"
#include "core/json_arena.h"
#include "core/json_text.h"

namespace icopilot {

struct JsonSplit {
  std::size_t comma = 0;  // offset of the ',' after a member
  std::size_t depth = 0;  // objects open there; the root object is 1
};

// A member boundary near the middle of text indented one member per line (as
// JSON.stringify(v, null, 2) and most tools write); nullopt for other text. Reads the
// start and a window a little before the middle, nothing else.
std::optional<JsonSplit> GuessJsonSplit(const JsonText& text);

struct ParsedJson {
  boost::json::value value;
  std::vector<std::string> collected;  // as JsonStreamParser::TakeCollected
};

// The value, error or collected strings a JsonStreamParser fed all of `text` gives, with
// the part after `split` read and parsed on a second thread (nullopt: all on this one).
// The value lives in `first` and `second`, which must be siblings (JsonArena) and
// outlive it. `collect_key`: as JsonStreamParser::CollectStringsOf, empty for none.
absl::StatusOr<ParsedJson> ParseJsonOnTwoThreads(const JsonText& text,
                                                 std::optional<JsonSplit> split, JsonLimits limits,
                                                 std::string_view collect_key, JsonArena& first,
                                                 JsonArena& second);

}  // namespace icopilot
