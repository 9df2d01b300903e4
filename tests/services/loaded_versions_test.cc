#include "services/loaded_versions.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "contract/reference.h"

namespace icopilot::services {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item: {type: object, required: [id], properties: {id: {type: string}, size: {type: integer}}}
)";

LoadedVersions::Reader ReaderOf(std::string text, std::atomic<int>& reads) {
  return [text = std::move(text), &reads]() -> absl::StatusOr<std::pair<std::string, std::string>> {
    ++reads;
    return std::pair{std::string("v.yaml"), text};
  };
}

TEST(LoadedVersions, KeepsTheRecentOnesLoadedAndDropsTheOldest) {
  LoadedVersions versions(2);
  std::atomic<int> reads = 0;
  auto reader = ReaderOf(std::string(kSpec), reads);
  ASSERT_TRUE(versions.Get("a", reader).ok());
  ASSERT_TRUE(versions.Get("a", reader).ok());
  EXPECT_EQ(reads, 1) << "read once, then kept";
  ASSERT_TRUE(versions.Get("b", reader).ok());
  ASSERT_TRUE(versions.Get("c", reader).ok());  // "a" was the least recent
  EXPECT_EQ(reads, 3);
  ASSERT_TRUE(versions.Get("a", reader).ok());
  EXPECT_EQ(reads, 4) << "read again after it was dropped";
}

TEST(LoadedVersions, ADocumentThatNoLongerLoadsIsAnErrorAndNotKept) {
  LoadedVersions versions;
  std::atomic<int> reads = 0;
  auto broken = ReaderOf("openapi: [", reads);
  EXPECT_EQ(versions.Get("x", broken).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(versions.Get("x", broken).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(reads, 2);
}

// Readers on several threads share one loaded version (under ThreadSanitizer in make test).
TEST(LoadedVersions, ThreadsShareAVersionAndReadItsReference) {
  LoadedVersions versions(1);
  std::atomic<int> reads = 0;
  auto reader = ReaderOf(std::string(kSpec), reads);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        // Two ids through a cache of one: loads, evictions and hits interleave.
        auto version = versions.Get((t + i) % 2 ? "a" : "b", reader);
        if (!version.ok()) {
          ++failures;
          continue;
        }
        auto op = contract::OperationReference((*version)->loaded, *(*version)->schemas, "getItem");
        if (!op.ok() || !op->at("schemas").as_object().contains("Item")) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GE(reads, 2);
}

}  // namespace
}  // namespace icopilot::services
