#include "spec/spec_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/temp_dir.h"

namespace icopilot::spec {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string StrOffset(std::size_t offset) { return "offset " + std::to_string(offset) + ":"; }

std::vector<std::string> Rules(const Diagnostics& diagnostics) {
  std::vector<std::string> rules;
  for (const auto& d : diagnostics.items()) rules.push_back(d.rule);
  return rules;
}

TEST(SpecFiles, LoadsEachReferencedFileOnce) {
  Diagnostics diagnostics;
  auto files = SpecFiles::Load(kFixtures / "multi/openapi.yaml", {}, diagnostics);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)->documents().size(), 3u);  // schemas.yaml is reached three ways
  EXPECT_TRUE(diagnostics.items().empty()) << diagnostics.items()[0].message;
  auto order = (*files)->Resolve((*files)->root(), "components/schemas.yaml#/Order");
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->value->at("type").as_string(), "object");
}

TEST(SpecFiles, ReportsPointersIntoNothingWithTheirPlace) {
  Diagnostics diagnostics;
  auto files = SpecFiles::FromText("t.json", R"({"a": {"$ref": "#/b/c"}, "b": {}})", {}, diagnostics);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(Rules(diagnostics), std::vector<std::string>{"unresolved-ref"});
  (*files)->Place(diagnostics);
  EXPECT_EQ(diagnostics.items()[0].pointer, "/a/$ref");
  EXPECT_EQ(diagnostics.items()[0].line, 1);
  EXPECT_EQ(diagnostics.items()[0].column, 8);
}

TEST(SpecFiles, RefChainsThatLoopAreErrorsButRecursiveSchemasAreFine) {
  Diagnostics diagnostics;
  auto files = SpecFiles::FromText(
      "t.json",
      R"({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"},
          "node": {"type": "object", "properties": {"next": {"$ref": "#/node"}}}})",
      {}, diagnostics);
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(Rules(diagnostics), (std::vector<std::string>{"ref-cycle", "ref-cycle"}));
  EXPECT_TRUE((*files)->Resolve((*files)->root(), "#/node/properties/next").has_value());
}

TEST(SpecFiles, NeverFetchesRemoteRefs) {
  Diagnostics diagnostics;
  auto files = SpecFiles::FromText("t.json", R"({"a": {"$ref": "https://example.com/s.json#/x"}})", {}, diagnostics);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(Rules(diagnostics), std::vector<std::string>{"remote-ref"});
  EXPECT_EQ(diagnostics.items()[0].severity, Severity::kError);
  EXPECT_NE(diagnostics.items()[0].message.find("--allow-remote-refs"), std::string::npos);
}

TEST(SpecFiles, FetchesRemoteRefsOnlyWhenAllowedAndThroughTheGivenFetcher) {
  std::vector<std::string> fetched;
  LoadOptions options;
  options.fetch = [&](const std::string& url) -> absl::StatusOr<std::string> {
    fetched.push_back(url);
    if (url == "https://schemas.example/common.json") return std::string(R"({"Money": {"$ref": "types.json#/Amount"}})");
    if (url == "https://schemas.example/types.json") return std::string(R"({"Amount": {"type": "number"}})");
    return absl::NotFoundError(url + " answered HTTP 404");
  };
  const std::string text = R"({"a": {"$ref": "https://schemas.example/common.json#/Money"},
                               "b": {"$ref": "https://schemas.example/missing.json#/X"}})";
  Diagnostics refused;
  ASSERT_TRUE(SpecFiles::FromText("t.json", text, options, refused).ok());
  EXPECT_TRUE(fetched.empty()) << "not allowed: nothing fetched";
  EXPECT_EQ(Rules(refused), (std::vector<std::string>{"remote-ref", "remote-ref"}));

  options.allow_remote_refs = true;
  Diagnostics diagnostics;
  auto files = SpecFiles::FromText("t.json", text, options, diagnostics);
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(Rules(diagnostics), std::vector<std::string>{"unresolved-ref"}) << "only the 404";
  auto money = (*files)->Resolve((*files)->root(), "https://schemas.example/common.json#/Money");
  ASSERT_TRUE(money.has_value()) << "relative refs inside a remote document resolve against its URL";
  EXPECT_EQ(money->value->at("type").as_string(), "number");
  std::sort(fetched.begin(), fetched.end());
  EXPECT_EQ(fetched.size(), 3u) << "each document fetched once";
}

TEST(SpecFiles, MissingAndBrokenReferencedFilesAreDiagnostics) {
  testing::TempDir dir;
  Write(dir.path() / "root.yaml", "a: {$ref: 'missing.yaml#/x'}\nb: {$ref: 'broken.json'}\n");
  Write(dir.path() / "broken.json", "{\"x\": ");
  Diagnostics diagnostics;
  auto files = SpecFiles::Load(dir.path() / "root.yaml", {}, diagnostics);
  ASSERT_TRUE(files.ok()) << files.status();
  auto rules = Rules(diagnostics);
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"unparsable-ref-target", "unresolved-ref"}));
}

TEST(SpecFiles, ReadsJsonInChunksWithExactErrorOffsets) {
  testing::TempDir dir;
  // Over two read chunks (64 KiB, then 1 MiB): an error past the first must still name
  // its offset in the whole file.
  std::string big = "{\"pad\": \"" + std::string(1'500'000, 'x') + "\", \"openapi\": \"3.0.0\", \"bad\": tru }";
  Write(dir.path() / "big.json", big);
  Diagnostics diagnostics;
  auto files = SpecFiles::Load(dir.path() / "big.json", {}, diagnostics);
  ASSERT_FALSE(files.ok());
  std::size_t offset = big.find("tru }");  // where the bad literal starts
  EXPECT_NE(std::string(files.status().message()).find(StrOffset(offset)), std::string::npos) << files.status();

  Write(dir.path() / "ok.json", "{\"pad\": \"" + std::string(1'500'000, 'y') + "\", \"a\": 1, \"a\": 2}");
  Diagnostics warnings;
  auto ok = SpecFiles::Load(dir.path() / "ok.json", {}, warnings);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->root().root().at("a").as_int64(), 2);
  EXPECT_EQ(Rules(warnings), std::vector<std::string>{"duplicate-key"});

  Write(dir.path() / "utf8.json", "{\"a\": \"\xff\"}");
  Diagnostics none;
  EXPECT_FALSE(SpecFiles::Load(dir.path() / "utf8.json", {}, none).ok()) << "invalid UTF-8 in a string";
}

TEST(SpecFiles, RefusesFilesOverTheSizeLimit) {
  testing::TempDir dir;
  Write(dir.path() / "big.json", "{\"pad\": \"" + std::string(2000, 'x') + "\"}");
  Diagnostics diagnostics;
  LoadOptions options;
  options.max_file_bytes = 1000;
  auto files = SpecFiles::Load(dir.path() / "big.json", options, diagnostics);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(std::string(files.status().message()).find("the limit is 1000"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::spec
