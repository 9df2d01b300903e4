#include "core/json_split.h"

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace icopilot {
namespace {

// What one parser gives for `text`: the value serialized (or the error), the collected
// $refs, and whether a key repeated (the arena saw memory given back).
struct Outcome {
  std::string value_or_error;
  std::vector<std::string> collected;
  bool repeated_key = false;
};

bool operator==(const Outcome& a, const Outcome& b) {
  return a.value_or_error == b.value_or_error && a.collected == b.collected &&
         a.repeated_key == b.repeated_key;
}

std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << outcome.value_or_error << " refs:";
  for (const auto& ref : outcome.collected) out << " " << ref;
  return out << (outcome.repeated_key ? " (repeated key)" : "");
}

Outcome Parse(std::string_view text, std::optional<JsonSplit> split, std::size_t max_depth = 64) {
  JsonArena first;
  JsonArena second(0, &first);
  auto parsed =
      ParseJsonOnTwoThreads(JsonText(text), split, {.max_depth = max_depth}, "$ref", first, second);
  Outcome outcome;
  if (!parsed.ok()) {
    outcome.value_or_error = std::string(parsed.status().message());
    return outcome;
  }
  outcome.value_or_error = boost::json::serialize(parsed->value);
  outcome.collected = parsed->collected;
  // Read while the value lives: destroying it gives memory back too.
  outcome.repeated_key = first.deallocations() + second.deallocations() > 0;
  return outcome;
}

// Every comma of `text` as the cut, at every depth up to 5: right or wrong, a cut must
// give what one thread gives.
void ExpectEveryCutAgrees(std::string_view text, std::size_t max_depth = 64) {
  const Outcome expected = Parse(text, std::nullopt, max_depth);
  for (std::size_t comma = text.find(','); comma != std::string_view::npos;
       comma = text.find(',', comma + 1)) {
    for (std::size_t depth = 1; depth <= 5; ++depth) {
      EXPECT_EQ(Parse(text, JsonSplit{comma, depth}, max_depth), expected)
          << "cut at " << comma << ", depth " << depth << " of: " << text;
    }
  }
}

constexpr std::string_view kSpecLike = R"({
  "openapi": "3.1.0",
  "paths": {
    "/pets": {"get": {"responses": {"200": {"$ref": "#/components/responses/Pets"}}}},
    "/pets/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/Id"}, 1, 2.5]}}
  },
  "components": {
    "schemas": {
      "Pet": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "integer"}}},
      "Note": {"description": "commas, \"quotes\", and {braces}: inside a string", "x": [true, false, null]},
      "Deep": {"a": {"b": {"c": {"d": {"$ref": "#/components/schemas/Pet"}}}}}
    },
    "responses": {"Pets": {"description": "ok", "content": {}}},
    "parameters": {"Id": {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}}}
  },
  "x-after": [1, 2, 3]
})";

TEST(ParseJsonOnTwoThreads, EveryCutGivesTheValueOneThreadGives) {
  ExpectEveryCutAgrees(kSpecLike);
  ExpectEveryCutAgrees(R"([{"a": 1, "b": 2}, {"c": [3, 4]}, "x, y"])");
}

TEST(ParseJsonOnTwoThreads, RepeatedKeysOnEitherSideOfTheCut) {
  ExpectEveryCutAgrees(R"({"a": {"k": 1, "m": 2, "k": 3}, "b": {"x": 1, "y": 2}})");
  ExpectEveryCutAgrees(R"({"a": {"x": 1, "y": 2}, "b": {"k": 1, "m": 2, "k": 3}})");
  ExpectEveryCutAgrees(R"({"a": {"k": 1, "m": 2}, "b": 0, "a": {"k": 3}})");
  // The open object's key repeats an earlier one: it takes that one's place, not the last.
  ExpectEveryCutAgrees(R"({"a": {"p": 1}, "b": {}, "a": {"x": 1, "y": 2}})");
  ExpectEveryCutAgrees(R"({"": {"": 1, "x": 2}, "y": 3, "": 4})");  // the placeholders' key
  EXPECT_TRUE(Parse(R"({"a": {"k": 1, "m": 2, "k": 3}})", JsonSplit{13, 2}).repeated_key);
}

TEST(ParseJsonOnTwoThreads, ErrorsAreThoseOfOneThread) {
  ExpectEveryCutAgrees(R"({"a": {"x": 1, "y": 2}, "b": {"x": 1,, "y": 2}})");  // in the tail
  ExpectEveryCutAgrees(R"({"a": {"x": 1,, "y": 2}, "b": {"x": 1, "y": 2}})");  // in the head
  ExpectEveryCutAgrees(R"({"a": {"x": 1, "y": 2}, "b": {"x": 1, "y": 2})");    // cut short
  ExpectEveryCutAgrees(R"({"a": {"x": 1, "y": 2}}, "b": 1})");                 // content after
  ExpectEveryCutAgrees(R"({"a": {"b": {"x": {}, }}, "c": 1})");                // a trailing comma
  ExpectEveryCutAgrees(R"({"a": {, "y": 2}})");  // a comma just after "{": closing there is fine
  ExpectEveryCutAgrees(R"({"a": {"x": "\xff", "y": 2}, "b": 1})");                // not UTF-8
  ExpectEveryCutAgrees(R"({"a": {"x": 1, "y": {"z": {"w": [1]}}}, "b": 1})", 3);  // too deep
}

TEST(ParseJsonOnTwoThreads, TheTailIsMovedNotCopied) {
  // A member of 50,000 bytes after the cut: it was built in the second arena and stays there.
  std::string text = R"({"a": {"x": 1}, "b": ")" + std::string(50'000, 'z') + R"("})";
  JsonArena first;
  JsonArena second(0, &first);
  auto parsed =
      ParseJsonOnTwoThreads(JsonText(text), JsonSplit{text.find(','), 1}, {}, "", first, second);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->value.at("b").as_string().size(), 50'000u);
  EXPECT_GE(second.used(), 50'000u);
  EXPECT_LT(first.used(), 50'000u);
}

TEST(GuessJsonSplit, FindsAMemberBoundaryNearTheMiddleOfIndentedText) {
  boost::json::object members;
  for (int i = 0; i < 200; ++i) {
    members["item" + std::to_string(i)] = boost::json::object{{"n", i}, {"tags", {"a", "b"}}};
  }
  // Indented as JSON.stringify(v, null, 2) would: two spaces a level.
  std::string text = "{\n  \"paths\": {\n";
  for (int i = 0; i < 200; ++i) {
    text += "    \"/item" + std::to_string(i) + "\": {\n      \"n\": " + std::to_string(i) +
            ",\n      \"tags\": [\n        \"a\",\n        \"b\"\n      ]\n    }";
    text += i + 1 < 200 ? ",\n" : "\n";
  }
  text += "  }\n}\n";
  auto split = GuessJsonSplit(JsonText(text));
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(text[split->comma], ',');
  EXPECT_GE(split->comma, text.size() / 3);
  EXPECT_LE(split->comma, text.size() * 2 / 3);
  // The guess is right: the head parser finds exactly that many objects open there.
  JsonStreamParser head;
  ASSERT_TRUE(head.Write(std::string_view(text).substr(0, split->comma)).ok());
  EXPECT_EQ(head.ObjectsOpenAfterAMember(), split->depth);
  EXPECT_EQ(Parse(text, split), Parse(text, std::nullopt));

  std::string tabs = text;
  for (std::size_t at = tabs.find("  "); at != std::string::npos; at = tabs.find("  ", at))
    tabs.replace(at, 2, "\t");
  auto tab_split = GuessJsonSplit(JsonText(tabs));
  ASSERT_TRUE(tab_split.has_value());
  EXPECT_EQ(Parse(tabs, tab_split), Parse(tabs, std::nullopt));
}

TEST(GuessJsonSplit, GivesUpOnTextWithoutIndentation) {
  EXPECT_FALSE(GuessJsonSplit(JsonText(R"({"a": 1, "b": {"c": 2, "d": 3}, "e": 4})")).has_value());
  EXPECT_FALSE(GuessJsonSplit(JsonText("")).has_value());
  EXPECT_FALSE(
      GuessJsonSplit(JsonText("{\n\"a\": 1,\n\"b\": 2\n}")).has_value());  // no indent step
  // Arrays of strings break lines like members do, but hold no keys.
  std::string array = "[\n";
  for (int i = 0; i < 100; ++i) array += "  \"value\",\n";
  EXPECT_FALSE(GuessJsonSplit(JsonText(array + "  \"last\"\n]")).has_value());
}

}  // namespace
}  // namespace icopilot
