#include "core/json_arena.h"

#include <cstdint>
#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

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

TEST(JsonArena, ValuesInItSkipDestructionWalks) {
  JsonArena arena;
  boost::json::storage_ptr storage(&arena);
  boost::json::value value(storage);
  value = boost::json::object{{"a", boost::json::array{1, "two", 3.0}}};
  EXPECT_TRUE(value.storage().is_deallocate_trivial());
  EXPECT_EQ(value.at("a").at(1).as_string(), "two");
}

}  // namespace
}  // namespace icopilot
