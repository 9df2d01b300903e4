#include "core/json_arena.h"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/json.h"

namespace icopilot {
namespace {

TEST(JsonArena, HandsOutAlignedMemoryAcrossRegions) {
  JsonArena arena(1);  // the smallest region (64 KiB), so the loop below needs several
  for (int i = 0; i < 2000; ++i) {
    void* p = arena.allocate(100, 16);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 16, 0u);
  }
  void* big = arena.allocate(std::size_t{1} << 20, 64);  // larger than a region
  std::fill_n(static_cast<char*>(big), std::size_t{1} << 20, 'x');
  EXPECT_EQ(arena.used(), 2000 * 100 + (std::size_t{1} << 20));
}

// The spec loader's duplicate-key warning rests on this: building a DOM gives no memory
// back unless an object drops the earlier member of a repeated key. (Destroying the
// parsed value would deallocate too: it is kept alive while the count is read.)
std::size_t DeallocationsWhileParsing(const std::string& text) {
  JsonArena arena;
  auto parsed = ParseJson(text, {}, &arena);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  return arena.deallocations();
}

TEST(JsonArena, SeesDeallocationsOnlyWhenAnObjectRepeatsAKey) {
  EXPECT_EQ(DeallocationsWhileParsing(
                R"({"a": {"x": 1, "y": [1, "two", {"x": 2}]}, "b": "long enough to be stored"})"),
            0u);
  for (std::string repeated : {R"({"a": 1, "a": 2})", R"({"o": {"k": {"deep": [1]}, "k": 3}})",
                               R"([{"x": "s"}, {"y": 1, "z": 2, "y": 3}])"}) {
    EXPECT_GT(DeallocationsWhileParsing(repeated), 0u) << repeated;
  }
  // Objects of more members than Boost.JSON searches linearly use its hash index.
  std::string wide = "{";
  for (int i = 0; i < 40; ++i) wide += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  EXPECT_EQ(DeallocationsWhileParsing(wide + "\"end\": 0}"), 0u);
  EXPECT_GT(DeallocationsWhileParsing(wide + "\"k7\": 0}"), 0u);
}

TEST(JsonArena, SiblingsCompareEqualAndOthersDoNot) {
  JsonArena first;
  JsonArena sibling(0, &first);
  JsonArena sibling_of_sibling(0, &sibling);
  JsonArena stranger;
  EXPECT_TRUE(first.is_equal(sibling));
  EXPECT_TRUE(sibling_of_sibling.is_equal(first));
  EXPECT_FALSE(stranger.is_equal(first));
}

// A loaded spec is read by many threads, and Boost.JSON copies a value into its source's
// resource: once sealed, copies must neither race on the bump pointer nor stay in the
// arena. (Under ThreadSanitizer this test is the race's reproducer.)
TEST(JsonArena, SealedArenaServesCopiesFromManyThreadsAndTakesNothingMore) {
  JsonArena arena;
  auto parsed =
      ParseJson(R"({"example": {"id": "ord_123456", "items": [1, 2, 3, "four"]}})", {}, &arena);
  ASSERT_TRUE(parsed.ok());
  arena.Seal();
  const std::size_t used = arena.used();
  const boost::json::value& example = parsed->at("example");
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        boost::json::value copy = example;  // into the arena's resource, as Boost.JSON does
        copy.as_object()["n"] = i;
        ASSERT_EQ(copy.at("items").as_array().size(), 4u);
      }
    });
  }
  threads.clear();
  EXPECT_EQ(arena.used(), used);
  EXPECT_EQ(parsed->at("example").at("id").as_string(), "ord_123456");
}

}  // namespace
}  // namespace icopilot
