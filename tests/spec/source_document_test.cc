#include "spec/source_document.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

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

// As JSON.stringify(value, null, 2) writes it.
void Indent(const boost::json::value& value, std::size_t level, std::string& out) {
  const std::string pad(2 * level + 2, ' ');
  if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
    out += "{\n";
    for (auto it = object->begin(); it != object->end(); ++it) {
      out += pad + boost::json::serialize(boost::json::string(it->key())) + ": ";
      Indent(it->value(), level + 1, out);
      out += std::next(it) == object->end() ? "\n" : ",\n";
    }
    out += std::string(2 * level, ' ') + "}";
  } else if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
    out += "[\n";
    for (std::size_t i = 0; i < array->size(); ++i) {
      out += pad;
      Indent((*array)[i], level + 1, out);
      out += i + 1 == array->size() ? "\n" : ",\n";
    }
    out += std::string(2 * level, ' ') + "]";
  } else {
    out += boost::json::serialize(value);
  }
}

// Big enough (> 1 MiB) to be parsed on two threads; every schema points at the next.
std::string BigIndentedSpec(std::set<std::string>& refs) {
  constexpr int kSchemas = 6000;
  boost::json::object schemas;
  for (int i = 0; i < kSchemas; ++i) {
    std::string ref = "#/components/schemas/S" + std::to_string((i + 1) % kSchemas);
    refs.insert(ref);
    schemas["S" + std::to_string(i)] = {
        {"type", "object"},
        {"properties",
         {{"next", {{"$ref", ref}}},
          {"name", {{"type", "string"}, {"description", "commas, \"quotes\", {braces}"}}}}},
        {"required", {"name"}}};
  }
  boost::json::value spec = {{"openapi", "3.1.0"},
                             {"paths", boost::json::object{}},
                             {"components", {{"schemas", std::move(schemas)}}}};
  std::string text;
  Indent(spec, 0, text);
  return text;
}

// Big indented JSON is parsed on two threads (core/json_split.h), whether read from a file
// or given as text: the document must hold what one parser builds, with the same $refs.
TEST(SourceDocument, BigIndentedJsonHoldsWhatOneParserBuilds) {
  std::set<std::string> refs;
  const std::string text = BigIndentedSpec(refs);
  ASSERT_GT(text.size(), std::size_t{1} << 20);
  const boost::json::value expected = boost::json::parse(text);
  testing::TempDir dir;
  std::ofstream(dir.path() / "big.json") << text;

  Diagnostics diagnostics;
  auto read = SourceDocument::Read("big.json", dir.path() / "big.json", {}, diagnostics);
  ASSERT_TRUE(read.ok()) << read.status();
  auto parsed = ParseOk(text, diagnostics);
  for (const SourceDocument* document : {read->get(), parsed.get()}) {
    EXPECT_EQ(document->root(), expected);
    EXPECT_EQ(document->refs(), std::vector<std::string>(refs.begin(), refs.end()));
    // The last schema was built by the second thread, in the second arena. (A value moved
    // across takes its new container's arena as its own; what it holds keeps the second.)
    const auto& schemas = document->root().at("components").at("schemas").as_object();
    EXPECT_NE(std::prev(schemas.end())->value().at("properties").storage().get(),
              schemas.begin()->value().at("properties").storage().get());
  }
  EXPECT_TRUE(diagnostics.items().empty());
}

TEST(SourceDocument, BigIndentedJsonWarnsOnRepeatedKeysOnEitherSide) {
  std::set<std::string> refs;
  const std::string clean = BigIndentedSpec(refs);
  for (std::string schema : {"S100", "S5900"}) {
    std::string text = clean;
    std::string opening = "\"" + schema + "\": {\n";
    text.insert(text.find(opening) + opening.size(), "        \"type\": \"array\",\n");
    Diagnostics diagnostics;
    auto document = ParseOk(text, diagnostics);
    ASSERT_NE(document, nullptr);
    EXPECT_EQ(document->root(), boost::json::parse(text));
    EXPECT_EQ(document->root().at("components").at("schemas").at(schema).at("type"), "object");
    ASSERT_EQ(diagnostics.items().size(), 1u) << schema;
    EXPECT_EQ(diagnostics.items()[0].rule, "duplicate-key");
    EXPECT_EQ(diagnostics.items()[0].pointer, "/components/schemas/" + schema + "/type");
  }
}

// libfyaml 0.7.12 crashes on this input (fuzz/known-issues); the YAML is checked in a
// child process first, so here it is an error (decision 0009).
TEST(SourceDocument, YamlThatCrashesTheLibraryIsAnError) {
  std::ifstream in(std::string(ICOPILOT_SOURCE_DIR) +
                       "/fuzz/corpus/spec_loader/libfyaml-segv-in-fy_parse_cleanup",
                   std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(text.empty());
  std::string error = ErrorOf(text);
  EXPECT_NE(error.find("libfyaml"), std::string::npos) << error;
  EXPECT_NE(error.find("crashed"), std::string::npos) << error;
  // Well-formed YAML still loads, and a plain syntax error still has its line.
  Diagnostics diagnostics;
  EXPECT_NE(ParseOk("openapi: 3.0.3\npaths: {}\n", diagnostics), nullptr);
  EXPECT_NE(ErrorOf("a: [1, 2\nb: }\n").find("line "), std::string::npos);
}

// A stored spec version parsed at upload, in a child: read again in this process, it gives
// the same document and the same errors (no child involved).
TEST(SourceDocument, YamlCheckedBeforeParsesTheSameInProcess) {
  const std::string text =
      "openapi: 3.0.3\npaths:\n  /a: {get: {responses: {'200': {description: ok}}}}\n";
  Diagnostics first, again;
  auto isolated = ParseOk(text, first);
  auto direct = ParseOk(text, again, {.yaml_checked_before = true});
  ASSERT_NE(isolated, nullptr);
  ASSERT_NE(direct, nullptr);
  EXPECT_EQ(isolated->root(), direct->root());
  EXPECT_EQ(ErrorOf("a: [1, 2\nb: }\n", {.yaml_checked_before = true}),
            ErrorOf("a: [1, 2\nb: }\n"));
}

}  // namespace
}  // namespace icopilot::spec
