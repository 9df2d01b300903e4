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

// Feeds `text` to a stream parser one byte at a time, so that every key and string
// arrives in parts, then whole, and checks both give the same answers.
struct StreamedAnswers {
  std::size_t duplicates = 0;
  std::vector<std::string> collected;
};
StreamedAnswers ParseStreamed(std::string_view text, std::size_t piece) {
  JsonStreamParser parser;
  parser.CountDuplicateKeys();
  parser.CollectStringsOf("$ref");
  for (std::size_t at = 0; at < text.size(); at += piece) {
    EXPECT_TRUE(parser.Write(text.substr(at, piece)).ok());
  }
  StreamedAnswers answers;
  EXPECT_TRUE(parser.Finish(&answers.duplicates).ok());
  answers.collected = parser.TakeCollected();
  return answers;
}

TEST(JsonStreamParser, CountsRepeatedKeysPerObject) {
  // Three repeats: "a" twice more in the root, "x" once in the inner object; the "x" of
  // another object and the "k" of separate array items are not repeats.
  std::string text = R"({"a": 1, "b": {"x": 1, "x": 2, "y": {"x": 3}}, "a": 2, "a": 3,
                         "c": [{"k": 1}, {"k": 2}]})";
  std::size_t duplicates = 0;
  ASSERT_TRUE(ParseJson(text, {}, {}, &duplicates).ok());
  EXPECT_EQ(duplicates, 3u);
  for (std::size_t piece : {1, 7, 4096})
    EXPECT_EQ(ParseStreamed(text, piece).duplicates, 3u) << piece;

  // Objects of more than eight keys are compared another way.
  std::string wide = "{";
  for (int i = 0; i < 40; ++i)
    wide += "\"k" + std::to_string(i % 30) + "\": " + std::to_string(i) + ",";
  wide += "\"end\": 0}";
  ASSERT_TRUE(ParseJson(wide, {}, {}, &duplicates).ok());
  EXPECT_EQ(duplicates, 10u);
  EXPECT_EQ(ParseStreamed(wide, 3).duplicates, 10u);
}

TEST(JsonStreamParser, NotesTheDistinctStringValuesOfOneKey) {
  std::string text = R"({"$ref": "#/a", "b": {"$ref": "other.json#/x"}, "c": [{"$ref": "#/a"}],
                         "d": {"$ref": {"not": "a string"}, "note": "#/not-collected"},
                         "e": {"$ref": 3}, "$refs": "#/nor-this", "f": ["#/nor-this-one"]})";
  for (std::size_t piece : {1, 5, 4096}) {
    EXPECT_EQ(ParseStreamed(text, piece).collected,
              (std::vector<std::string>{"#/a", "other.json#/x"}))
        << piece;
  }
}

}  // namespace
}  // namespace icopilot
