#include "spec/source_document.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace icopilot::spec {
namespace {

std::unique_ptr<SourceDocument> ParseOk(std::string text, Diagnostics& diagnostics,
                                        ParseLimits limits = {}) {
  auto parsed = SourceDocument::Parse("t", std::move(text), limits, diagnostics);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? std::move(*parsed) : nullptr;
}

std::string ErrorOf(std::string text, ParseLimits limits = {}) {
  Diagnostics diagnostics;
  auto parsed = SourceDocument::Parse("t", std::move(text), limits, diagnostics);
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

TEST(SourceDocument, DetectsJsonAndYamlByContent) {
  Diagnostics diagnostics;
  EXPECT_EQ(ParseOk("  {\"a\": 1}", diagnostics)->format(), SourceFormat::kJson);
  EXPECT_EQ(ParseOk("a: 1\n", diagnostics)->format(), SourceFormat::kYaml);
}

// The parsed tree must stay in the document's arena, not be copied out of it: a copy
// doubled the memory and a third of the time of loading GitHub's description.
TEST(SourceDocument, KeepsTheJsonTreeInItsArena) {
  Diagnostics diagnostics;
  auto parsed = ParseOk(R"({"paths": {"/pets": {"get": {"tags": ["a"]}}}})", diagnostics);
  EXPECT_NE(dynamic_cast<JsonArena*>(parsed->root().storage().get()), nullptr);

  const auto path = std::filesystem::path(::testing::TempDir()) / "arena.json";
  std::ofstream(path) << R"({"openapi": "3.1.0", "paths": {}})";
  auto read = SourceDocument::Read("arena.json", path, {}, diagnostics);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_NE(dynamic_cast<JsonArena*>((*read)->root().storage().get()), nullptr);
  EXPECT_EQ((*read)->root().at("openapi").as_string(), "3.1.0");
}

TEST(SourceDocument, LocatesMembersAndItemsInJson) {
  const std::string text =
      "{\n  \"paths\": {\n    \"/pets\": {\"get\": {}}\n  },\n  \"tags\": [\"a\", {\"x\": 1}]\n}";
  auto positions =
      LocateInJson(text, {"/paths", "/paths/~1pets/get", "/tags/1", "/tags/1/x", "/missing", ""});
  ASSERT_EQ(positions.size(), 6u);
  EXPECT_EQ(positions[0].line, 2);
  EXPECT_EQ(positions[0].column, 3);
  EXPECT_EQ(positions[1].line, 3);
  EXPECT_EQ(positions[1].column, 15);
  EXPECT_EQ(positions[2].line, 5);
  EXPECT_EQ(positions[2].column, 17);
  EXPECT_EQ(positions[3].column, 18);
  EXPECT_EQ(positions[4].line, 0);
  EXPECT_EQ(positions[5].line, 1);
}

TEST(SourceDocument, CountsColumnsInCharactersNotBytes) {
  auto positions = LocateInJson("{\"ü漢\": 1, \"b\": 2}", {"/b"});
  EXPECT_EQ(positions[0].column, 11);
}

TEST(SourceDocument, LocatesYamlKeysAndItems) {
  Diagnostics diagnostics;
  auto document = ParseOk("info:\n  title: x\nservers:\n  - url: a\n  - url: b\n", diagnostics);
  auto positions = document->Locate({"/info/title", "/servers/1", "/servers/1/url"});
  EXPECT_EQ(positions[0].line, 2);
  EXPECT_EQ(positions[0].column, 3);
  EXPECT_EQ(positions[1].line, 5);
  EXPECT_EQ(positions[2].line, 5);
  EXPECT_EQ(positions[2].column, 5);
}

TEST(SourceDocument, ReadsYamlScalarsByTheCoreSchema) {
  Diagnostics diagnostics;
  auto document =
      ParseOk("a: 12\nb: 1.5\nc: true\nd: ~\ne: '12'\nf: 0x1F\ng: 1.0.0\nh: !!str 7\ni: \"yes\"\n",
              diagnostics);
  const auto& root = document->root().as_object();
  EXPECT_EQ(root.at("a").as_int64(), 12);
  EXPECT_DOUBLE_EQ(root.at("b").as_double(), 1.5);
  EXPECT_EQ(root.at("c").as_bool(), true);
  EXPECT_TRUE(root.at("d").is_null());
  EXPECT_EQ(root.at("e").as_string(), "12");
  EXPECT_EQ(root.at("f").as_int64(), 31);
  EXPECT_EQ(root.at("g").as_string(), "1.0.0");
  EXPECT_EQ(root.at("h").as_string(), "7");
  EXPECT_EQ(root.at("i").as_string(), "yes");
}

TEST(SourceDocument, AliasesExpandWithinABudget) {
  Diagnostics diagnostics;
  auto document = ParseOk("base: &b {x: 1}\ncopy: *b\n", diagnostics);
  EXPECT_EQ(document->root().at("copy").at("x").as_int64(), 1);

  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    char previous = static_cast<char>(level - 1);
    bomb += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + previous;
    bomb += "]\n";
  }
  std::string error = ErrorOf(bomb, {.max_depth = 256, .max_values = 100'000});
  EXPECT_NE(error.find("expands to more than 100000 values"), std::string::npos) << error;
}

TEST(SourceDocument, BoundsNestingDepth) {
  std::string deep = std::string(300, '[') + std::string(300, ']');
  EXPECT_NE(ErrorOf(deep).find("nesting deeper"), std::string::npos);
  std::string yaml_deep;
  for (int i = 0; i < 300; ++i) yaml_deep += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  // libfyaml's own guard (64 levels) stops YAML first; disabling it would need a bigger stack.
  EXPECT_NE(ErrorOf(yaml_deep).find("line 64, column 64: Max depth (64) exceeded"),
            std::string::npos);
}

TEST(SourceDocument, RefusesBinaryAndInvalidUtf8WithTheOffset) {
  EXPECT_NE(ErrorOf("openapi: 3\n\xff\xfe").find("byte 11: not UTF-8"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string("{\"a\":\0}", 7)).find("not UTF-8"), std::string::npos);
}

TEST(SourceDocument, ReportsYamlSyntaxErrorsWithTheirLine) {
  std::string error = ErrorOf("a: [1, 2\nb: }\n");
  EXPECT_NE(error.find("line "), std::string::npos) << error;
}

TEST(SourceDocument, WarnsOnDuplicateJsonKeysAndKeepsTheLast) {
  Diagnostics diagnostics;
  auto document =
      ParseOk(R"({"a": 1, "b": {"x": 1, "x": 2}, "a": 3, "c": [{"k": 1, "k": 2}]})", diagnostics);
  EXPECT_EQ(document->root().at("a").as_int64(), 3);
  EXPECT_EQ(document->root().at("b").at("x").as_int64(), 2);
  std::vector<std::string> pointers;
  for (const auto& d : diagnostics.items()) {
    EXPECT_EQ(d.rule, "duplicate-key");
    pointers.push_back(d.pointer);
  }
  EXPECT_EQ(pointers, (std::vector<std::string>{"/b/x", "/a", "/c/0/k"}));
  Diagnostics none;
  ParseOk(R"({"a": {"x": 1}, "b": {"x": 1}})", none);
  EXPECT_TRUE(none.items().empty()) << "the same key in different objects is fine";
}

TEST(SourceDocument, WarnsOnDuplicateYamlKeysAndKeepsTheLast) {
  Diagnostics diagnostics;
  auto document = ParseOk("a: 1\na: 2\n", diagnostics);
  EXPECT_EQ(document->root().at("a").as_int64(), 2);
  ASSERT_EQ(diagnostics.items().size(), 1u);
  EXPECT_EQ(diagnostics.items()[0].rule, "duplicate-key");
  EXPECT_EQ(diagnostics.items()[0].pointer, "/a");
}

}  // namespace
}  // namespace icopilot::spec
