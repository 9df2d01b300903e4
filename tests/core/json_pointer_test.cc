#include "core/json_pointer.h"

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(JsonPointer, EscapesTildeAndSlashWhereverTheyAre) {
  EXPECT_EQ(EscapePointerToken("plain"), "plain");
  EXPECT_EQ(EscapePointerToken(""), "");
  EXPECT_EQ(EscapePointerToken("/pets/{id}"), "~1pets~1{id}");
  EXPECT_EQ(EscapePointerToken("~"), "~0");
  EXPECT_EQ(EscapePointerToken("a~/b/~c~"), "a~0~1b~1~0c~0");
  std::string pointer = "/paths";
  AppendPointerToken(pointer, "/users/{id}");
  AppendPointerToken(pointer, "get");
  EXPECT_EQ(pointer, "/paths/~1users~1{id}/get");
}

TEST(JsonPointer, SplitsAndFindsWhatAppendingBuilt) {
  auto document = boost::json::parse(
      R"({"paths": {"/a~b/{id}": {"get": {"tags": ["x", "y"]}}}, "": {"k": 1}})");
  std::string pointer;
  AppendPointerToken(pointer, "paths");
  AppendPointerToken(pointer, "/a~b/{id}");
  AppendPointerToken(pointer, "get");
  AppendPointerToken(pointer, "tags");
  AppendPointerToken(pointer, "1");
  std::vector<std::string> tokens;
  ASSERT_TRUE(SplitPointer(pointer, tokens));
  EXPECT_EQ(tokens, (std::vector<std::string>{"paths", "/a~b/{id}", "get", "tags", "1"}));
  const boost::json::value* found = FindByPointer(document, pointer);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->as_string(), "y");
  EXPECT_EQ(FindByPointer(document, "//k"), &document.at("").at("k"));
  EXPECT_EQ(FindByPointer(document, ""), &document);
  EXPECT_EQ(FindByPointer(document, "/paths/~1a~0b~1{id}/get/tags/2"), nullptr);
  EXPECT_EQ(FindByPointer(document, "/paths/~1a~0b~1{id}/get/tags/01"), nullptr);
  EXPECT_FALSE(SplitPointer("paths", tokens));
}

}  // namespace
}  // namespace icopilot
