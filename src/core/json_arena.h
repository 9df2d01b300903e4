// A memory resource for JSON documents that are built once, read many times and dropped
// whole (parsed spec files). Allocation is a pointer bump; freeing is a no-op that is
// counted; the whole arena goes back to the kernel at once when it is destroyed.
//
// Why not boost::json::monotonic_resource: its blocks come from malloc, so a 13 MB spec
// costs ~10,000 page faults while it is parsed and a long malloc_consolidate when it is
// dropped (together a third of `spec inspect`'s time on GitHub's description). Here
// memory comes from mmap in large regions advised as transparent huge pages, so the
// kernel maps 2 MiB at a time and unmaps a region in one call.
#pragma once

#include <cstddef>
#include <vector>

#include <boost/json/memory_resource.hpp>

namespace icopilot {

class JsonArena final : public boost::json::memory_resource {
 public:
  // `expected_bytes`: about what the document will take (a few times its text). Regions
  // are that big (at least 64 KiB) and huge pages are asked for only when it is large,
  // so the many small files of a multi-file spec do not each hold a 2 MiB page.
  explicit JsonArena(std::size_t expected_bytes = 0);
  ~JsonArena() override;
  JsonArena(const JsonArena&) = delete;
  JsonArena& operator=(const JsonArena&) = delete;

  // Bytes handed out so far (for tests and benchmarks).
  std::size_t used() const { return used_; }
  // How often Boost.JSON gave memory back. Building a DOM gives nothing back, except
  // that an object keeps the last of repeated keys and destroys the earlier member: a
  // parse that ends with deallocations() > 0 met a duplicate key, and needs no other
  // pass over the document to know it.
  std::size_t deallocations() const { return deallocations_; }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void*, std::size_t, std::size_t) override { ++deallocations_; }
  bool do_is_equal(const boost::json::memory_resource& other) const noexcept override {
    return this == &other;
  }

  struct Region {
    char* start;
    std::size_t size;
  };
  std::size_t region_bytes_;
  bool huge_pages_;
  std::vector<Region> regions_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t used_ = 0;
  std::size_t deallocations_ = 0;
};

}  // namespace icopilot

// Not marked is_deallocate_trivial: Boost.JSON would then skip the deallocations that
// reveal duplicate keys. Owners that drop a whole document with its arena skip the
// value's destructor instead (spec::SourceDocument), which costs no walk either.
