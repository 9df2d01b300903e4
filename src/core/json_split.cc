#include "core/json_split.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <memory>
#include <thread>
#include <utility>

#include "core/status_macros.h"

namespace icopilot {
namespace {

// Deeper cuts gain nothing and make the placeholder prefix long.
constexpr std::size_t kMaxSplitDepth = 32;
// Where the indentation step is looked for, and how far past the middle a member
// boundary is.
constexpr std::size_t kHeadWindow = std::size_t{64} << 10;
constexpr std::size_t kSearchWindow = std::size_t{1} << 20;
// What may stand between the cut's comma and the next key.
constexpr std::size_t kBlankWindow = 4096;

// Offset just past the string that starts at `quote`, on the same line; npos if none.
std::size_t StringEnd(std::string_view text, std::size_t quote) {
  for (std::size_t i = quote + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    } else if (text[i] == '\n') {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// Where the first byte not in `blanks` is at or after `at`; the text's size if none.
std::size_t Skip(std::string_view text, std::size_t at, std::string_view blanks) {
  return std::min(text.find_first_not_of(blanks, at), text.size());
}

// After the comma a key must start: the tail's parser, just after a placeholder's "{",
// would also take a "}" there, which after a comma is an error (a trailing comma).
bool KeyFollows(std::string_view text, std::size_t at) {
  at = Skip(text, at, " \t\n\r");
  return at < text.size() && text[at] == '"';
}

// Feeds bytes [begin, end) of `text` to `parser`.
absl::Status Feed(const JsonText& text, std::size_t begin, std::size_t end,
                  JsonStreamParser& parser) {
  return text.Feed(begin, end, [&parser](std::string_view piece) { return parser.Write(piece); });
}

absl::StatusOr<ParsedJson> ParseOnOneThread(const JsonText& text, JsonLimits limits,
                                            std::string_view collect_key, JsonArena& arena) {
  JsonStreamParser parser(limits, &arena);
  if (!collect_key.empty()) parser.CollectStringsOf(std::string(collect_key));
  RETURN_IF_ERROR(Feed(text, 0, text.size(), parser));
  ASSIGN_OR_RETURN(boost::json::value value, parser.Finish());
  return ParsedJson{std::move(value), parser.TakeCollected()};
}

// The second thread's parser: `depth - 1` placeholder members, each an object, put the
// tail at the depth the cut was made; the innermost placeholder is the object the tail's
// first member belongs to.
struct Tail {
  Tail(JsonLimits limits, JsonArena& arena, std::string_view collect_key) : parser(limits, &arena) {
    if (!collect_key.empty()) parser.CollectStringsOf(std::string(collect_key));
  }

  // Reads and parses bytes [begin, end) of `text`, after the placeholders.
  void Run(const JsonText& text, std::size_t begin, std::size_t end, std::size_t depth) {
    try {
      std::string prefix;
      for (std::size_t i = 1; i < depth; ++i) prefix += "{\"\":";
      prefix += '{';
      absl::Status written = parser.Write(prefix);
      if (written.ok()) {
        written = text.Feed(begin, end, [this](std::string_view piece) {
          // A head that found the cut wrong stops the tail early.
          if (stop.load(std::memory_order_relaxed))
            return absl::CancelledError("the head found the cut wrong");
          return parser.Write(piece);
        });
      }
      value = written.ok() ? parser.Finish() : absl::StatusOr<boost::json::value>(written);
    } catch (const std::exception& error) {
      value = absl::ResourceExhaustedError(error.what());
    }
  }

  JsonStreamParser parser;
  absl::StatusOr<boost::json::value> value = absl::UnknownError("not run");
  std::atomic<bool> stop{false};
};

// Moves the members of `from`, after its first `skip`, to the end of `to`. False when
// `to` has one of the keys already (a repeated key across the cut).
bool AppendMembers(boost::json::object& to, boost::json::object& from, std::size_t skip) {
  to.reserve(to.size() + from.size() - skip);
  for (auto it = std::next(from.begin(), static_cast<std::ptrdiff_t>(skip)); it != from.end();
       ++it) {
    if (!to.emplace(it->key(), std::move(it->value())).second) return false;
  }
  return true;
}

// The head's objects open at the cut are each the last member of the one before; the
// tail's placeholders are each the first member of the one before.
bool Join(boost::json::value& head, boost::json::value& tail, std::size_t depth) {
  std::vector<std::pair<boost::json::object*, boost::json::object*>> levels;
  boost::json::object* to = head.if_object();
  boost::json::object* from = tail.if_object();
  while (true) {
    if (to == nullptr || from == nullptr) return false;
    levels.emplace_back(to, from);
    if (levels.size() == depth) break;
    if (to->empty() || from->empty()) return false;
    to = std::prev(to->end())->value().if_object();
    from = from->begin()->value().if_object();
  }
  // Innermost first: growing an outer object moves its members, inner objects with them.
  for (std::size_t level = depth; level >= 1; --level) {
    auto [into, members] = levels[level - 1];
    if (!AppendMembers(*into, *members, level == depth ? 0 : 1)) return false;
  }
  return true;
}

std::vector<std::string> MergeSorted(std::vector<std::string> a, std::vector<std::string> b) {
  std::vector<std::string> merged;
  merged.reserve(a.size() + b.size());
  std::set_union(std::make_move_iterator(a.begin()), std::make_move_iterator(a.end()),
                 std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()),
                 std::back_inserter(merged));
  return merged;
}

}  // namespace

std::optional<JsonSplit> GuessJsonSplit(const JsonText& source) {
  // The indentation step is that of the root's first member.
  absl::StatusOr<std::string> start = source.Copy(0, kHeadWindow);
  if (!start.ok()) return std::nullopt;
  std::size_t first_line = start->find('\n');
  if (first_line == std::string::npos || first_line + 1 >= start->size()) return std::nullopt;
  const char indent = (*start)[first_line + 1];
  if (indent != ' ' && indent != '\t') return std::nullopt;
  std::size_t step = 0;
  while (first_line + 1 + step < start->size() && (*start)[first_line + 1 + step] == indent) ++step;

  // A little before the middle: the head also starts the second thread and joins the
  // halves, and the paths that come first in an OpenAPI document parse slower per byte.
  const std::size_t from = source.size() / 20 * 9;
  absl::StatusOr<std::string> window = source.Copy(from, from + kSearchWindow);
  if (!window.ok()) return std::nullopt;
  const std::string_view text = *window;
  for (std::size_t newline = text.find('\n'); newline < text.size();
       newline = text.find('\n', newline + 1)) {
    std::size_t end = newline;
    if (end > 0 && text[end - 1] == '\r') --end;
    // A line ending in "}," "]," or a string and ",": a number just before the cut would
    // still be open for the head's parser (more digits could follow), so it could not tell
    // that a member ended there.
    if (end < 2 || text[end - 1] != ',') continue;
    if (text[end - 2] != '}' && text[end - 2] != ']' && text[end - 2] != '"') continue;
    std::size_t width = 0;
    while (newline + 1 + width < text.size() && text[newline + 1 + width] == indent) ++width;
    std::size_t quote = newline + 1 + width;
    if (width == 0 || width % step != 0 || width / step > kMaxSplitDepth) continue;
    if (quote >= text.size() || text[quote] != '"') continue;
    std::size_t after = StringEnd(text, quote);
    if (after == std::string_view::npos) continue;
    after = Skip(text, after, " \t");
    if (after < text.size() && text[after] == ':') return JsonSplit{from + end - 1, width / step};
  }
  return std::nullopt;
}

absl::StatusOr<ParsedJson> ParseJsonOnTwoThreads(const JsonText& text,
                                                 std::optional<JsonSplit> split, JsonLimits limits,
                                                 std::string_view collect_key, JsonArena& first,
                                                 JsonArena& second) {
  absl::StatusOr<std::string> around =
      split ? text.Copy(split->comma, split->comma + 1 + kBlankWindow) : std::string();
  if (!split || split->depth == 0 || split->depth > kMaxSplitDepth || !around.ok() ||
      around->empty() || (*around)[0] != ',' || !KeyFollows(*around, 1)) {
    return ParseOnOneThread(text, limits, collect_key, first);
  }
  const std::size_t first_deallocations = first.deallocations();
  const std::size_t second_deallocations = second.deallocations();

  auto tail = std::make_unique<Tail>(limits, second, collect_key);
  std::jthread thread([&tail, &text, begin = split->comma + 1, depth = split->depth] {
    tail->Run(text, begin, text.size(), depth);
  });
  auto head = std::make_unique<JsonStreamParser>(limits, &first);
  if (!collect_key.empty()) head->CollectStringsOf(std::string(collect_key));
  absl::Status written = Feed(text, 0, split->comma, *head);
  bool cut_holds = written.ok() && head->ObjectsOpenAfterAMember() == split->depth;
  if (!cut_holds) tail->stop = true;
  thread.join();
  // A repeated key in the tail could have replaced a placeholder.
  cut_holds = cut_holds && tail->value.ok() && second.deallocations() == second_deallocations;
  auto drop_tail = [&] {
    JsonArena::Uncounted quiet(second);
    tail.reset();
  };
  // An error is reported as one parser fed the whole text reports it: Boost.JSON can
  // place an invalid UTF-8 sequence at the end of a piece a few bytes later.
  if (!written.ok()) return ParseOnOneThread(text, limits, collect_key, first);
  if (!cut_holds) {
    // The head stopped exactly where the tail began: it reads the rest itself.
    drop_tail();
    absl::Status rest = Feed(text, split->comma, text.size(), *head);
    auto value = rest.ok() ? head->Finish() : absl::StatusOr<boost::json::value>(rest);
    if (!value.ok()) return ParseOnOneThread(text, limits, collect_key, first);
    return ParsedJson{std::move(*value), head->TakeCollected()};
  }

  absl::Status closed = head->Write(std::string(split->depth, '}'));
  absl::StatusOr<boost::json::value> value =
      closed.ok() ? head->Finish() : absl::StatusOr<boost::json::value>(closed);
  bool joined = false;
  if (value.ok() && first.deallocations() == first_deallocations) {
    JsonArena::Uncounted growing(first);  // reserve() gives the old member tables back
    joined = Join(*value, *tail->value, split->depth);
  }
  if (!joined) {
    // The cut fell inside a string (its closing braces became text), or a key repeats
    // across it: rare enough that parsing again on one thread is the answer.
    {
      JsonArena::Uncounted quiet(first);
      value = absl::UnknownError("dropped");
      head.reset();
    }
    drop_tail();
    return ParseOnOneThread(text, limits, collect_key, first);
  }
  ParsedJson parsed{std::move(*value),
                    MergeSorted(head->TakeCollected(), tail->parser.TakeCollected())};
  drop_tail();  // what is left of it are the placeholders, emptied
  return parsed;
}

}  // namespace icopilot
