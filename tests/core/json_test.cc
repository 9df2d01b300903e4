#include "core/json.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(ParseJson, ParsesAnObject) {
  auto value = ParseJson(R"({"name": "Acme", "n": 3})");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->as_object().at("name").as_string(), "Acme");
}

TEST(ParseJson, NamesTheOffsetOfASyntaxError) {
  auto value = ParseJson(R"({"name": "Acme",, "n": 3})");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(value.status().message()).find("offset 16"), std::string::npos)
      << value.status();
}

TEST(ParseJson, ReportsTruncatedInputAtItsEnd) {
  auto value = ParseJson(R"({"name": )");
  ASSERT_FALSE(value.ok());
  EXPECT_NE(std::string(value.status().message()).find("offset 9: unexpected end"),
            std::string::npos)
      << value.status();
}

TEST(ParseJson, RejectsContentAfterTheDocument) {
  auto value = ParseJson(R"({} {})");
  ASSERT_FALSE(value.ok());
  EXPECT_NE(std::string(value.status().message()).find("after the document"), std::string::npos);
}

TEST(ParseJson, BoundsNestingDepth) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_FALSE(ParseJson(deep, {.max_depth = 64}).ok());
  EXPECT_TRUE(ParseJson(deep, {.max_depth = 128}).ok());
}

TEST(ParseJson, KeepsUnicodeVerbatim) {
  auto value = ParseJson(R"({"s": "Zürich 漢字 🚀 \"q\"; --"})");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->as_object().at("s").as_string(), "Zürich 漢字 🚀 \"q\"; --");
}

// Feeds `text` to a stream parser `piece` bytes at a time, so that keys and strings
// arrive in parts, and returns what it collected.
std::vector<std::string> CollectedInPieces(std::string_view text, std::size_t piece) {
  JsonStreamParser parser;
  parser.CollectStringsOf("$ref");
  for (std::size_t at = 0; at < text.size(); at += piece) {
    EXPECT_TRUE(parser.Write(text.substr(at, piece)).ok());
  }
  EXPECT_TRUE(parser.Finish().ok());
  return parser.TakeCollected();
}

TEST(JsonStreamParser, NotesTheDistinctStringValuesOfOneKey) {
  std::string text = R"({"$ref": "#/a", "b": {"$ref": "other.json#/x"}, "c": [{"$ref": "#/a"}],
                         "d": {"$ref": {"not": "a string"}, "note": "#/not-collected"},
                         "e": {"$ref": 3}, "$refs": "#/nor-this", "f": ["#/nor-this-one"]})";
  for (std::size_t piece : {1, 5, 4096}) {
    EXPECT_EQ(CollectedInPieces(text, piece), (std::vector<std::string>{"#/a", "other.json#/x"}))
        << piece;
  }
}

}  // namespace
}  // namespace icopilot
