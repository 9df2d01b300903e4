#include "core/memory.h"

#include <cstdio>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace icopilot {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kOwnAllocator = true;  // the sanitizer's allocator keeps memory its own way
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

std::size_t ResidentBytes() {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  const int read = statm != nullptr ? std::fscanf(statm, "%lu %lu", &size, &resident) : 0;
  if (statm != nullptr) std::fclose(statm);
  return read == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// What a parse leaves: 200 MB of small blocks freed below one still in use, which glibc
// cannot give back by shrinking the heap's top and so keeps.
TEST(ReturnFreedMemory, GivesBackWhatAParseFreed) {
  if (kOwnAllocator) GTEST_SKIP() << "a sanitizer's allocator is not glibc's";
  constexpr std::size_t kBlocks = 200'000, kBlock = 1000;
  std::vector<std::unique_ptr<char[]>> blocks(kBlocks);
  for (auto& block : blocks) {
    block = std::make_unique<char[]>(kBlock);
    block[0] = block[kBlock - 1] = 1;  // touched, so resident
  }
  auto pinned = std::make_unique<char[]>(kBlock);  // above the freed ones
  pinned[0] = 1;
  blocks.clear();
  blocks.shrink_to_fit();
  const std::size_t before = ResidentBytes();
  ReturnFreedMemory();
  const std::size_t after = ResidentBytes();
  std::printf("  resident %zu MB before, %zu MB after\n", before >> 20, after >> 20);
  ASSERT_GT(before, std::size_t{150} << 20) << "the freed blocks should still be resident";
  EXPECT_LT(after + (std::size_t{100} << 20), before);
}

}  // namespace
}  // namespace icopilot
