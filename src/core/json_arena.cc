#include "core/json_arena.h"

#include <cstdint>
#include <new>

#include <sys/mman.h>

namespace icopilot {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMinRegion = std::size_t{64} << 10;

std::size_t RoundUp(std::size_t n, std::size_t multiple) {
  return (n + multiple - 1) / multiple * multiple;
}

}  // namespace

JsonArena::JsonArena(std::size_t expected_bytes, const JsonArena* sibling)
    : family_(sibling != nullptr ? sibling->family_ : this),
      region_bytes_(expected_bytes < kMinRegion ? kMinRegion : expected_bytes),
      huge_pages_(expected_bytes >= 4 * kHugePage) {
  region_bytes_ = RoundUp(region_bytes_, huge_pages_ ? kHugePage : kPage);
}

JsonArena::~JsonArena() {
  for (const Region& region : regions_) munmap(region.start, region.size);
}

bool JsonArena::do_is_equal(const boost::json::memory_resource& other) const noexcept {
  const auto* arena = dynamic_cast<const JsonArena*>(&other);
  return arena != nullptr && arena->family_ == family_;
}

void* JsonArena::do_allocate(std::size_t bytes, std::size_t alignment) {
  if (sealed_) return ::operator new(bytes, std::align_val_t(alignment));
  auto aligned = [&](char* p) {
    auto address = reinterpret_cast<std::uintptr_t>(p);
    return reinterpret_cast<char*>(RoundUp(address, alignment));
  };
  char* start = aligned(next_);
  if (next_ == nullptr || start + bytes > end_) {
    std::size_t size = RoundUp(bytes + alignment, region_bytes_);
    void* mapped = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    // Advice only: where transparent huge pages are off this changes nothing.
    if (huge_pages_) madvise(mapped, size, MADV_HUGEPAGE);
    regions_.push_back({static_cast<char*>(mapped), size});
    next_ = static_cast<char*>(mapped);
    end_ = next_ + size;
    start = aligned(next_);
  }
  next_ = start + bytes;
  used_ += bytes;
  return start;
}

void JsonArena::do_deallocate(void* p, std::size_t, std::size_t alignment) {
  if (!sealed_) {
    ++deallocations_;
    return;
  }
  const char* address = static_cast<const char*>(p);
  for (const Region& region : regions_) {
    if (address >= region.start && address < region.start + region.size) return;
  }
  ::operator delete(
      p, std::align_val_t(alignment));  // unsized: clang declares no sized form by default
}

}  // namespace icopilot
