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
  // An arena made with a `sibling` compares equal to it: a value built in one moves into
  // a container of the other by pointer, not by copy (two threads building the halves
  // of one document, each in its own arena). Siblings must outlive what is moved.
  explicit JsonArena(std::size_t expected_bytes = 0, const JsonArena* sibling = nullptr);
  ~JsonArena() override;
  JsonArena(const JsonArena&) = delete;
  JsonArena& operator=(const JsonArena&) = delete;

  // Ends the build: from now on the arena is only read, and may be read by many threads
  // at once. A value copied from the document later (an example, a default, an enum
  // handed to a generator on a runner thread) keeps this arena as its memory resource,
  // since Boost.JSON copies into the source's resource; after Seal such allocations go
  // to the heap, are freed there, and are safe from any thread. Call before the
  // document is shared.
  void Seal() { sealed_ = true; }
  bool sealed() const { return sealed_; }

  // Bytes handed out so far (for tests and benchmarks).
  std::size_t used() const { return used_; }
  // How often Boost.JSON gave memory back. Building a DOM gives nothing back, except
  // that an object keeps the last of repeated keys and destroys the earlier member: a
  // parse that ends with deallocations() > 0 met a duplicate key, and needs no other
  // pass over the document to know it.
  std::size_t deallocations() const { return deallocations_; }

  // While one lives, memory given back is not counted: dropping a half-built attempt or
  // growing an object on purpose is not a repeated key.
  class Uncounted {
   public:
    explicit Uncounted(JsonArena& arena) : arena_(arena), saved_(arena.deallocations_) {}
    ~Uncounted() { arena_.deallocations_ = saved_; }
    Uncounted(const Uncounted&) = delete;
    Uncounted& operator=(const Uncounted&) = delete;

   private:
    JsonArena& arena_;
    std::size_t saved_;
  };

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const boost::json::memory_resource& other) const noexcept override;

  struct Region {
    char* start;
    std::size_t size;
  };
  const JsonArena* family_;  // the first of a set of siblings
  std::size_t region_bytes_;
  bool huge_pages_;
  std::vector<Region> regions_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t used_ = 0;
  std::size_t deallocations_ = 0;
  bool sealed_ = false;
};

}  // namespace icopilot

// Not marked is_deallocate_trivial: Boost.JSON would then skip the deallocations that
// reveal duplicate keys. Owners that drop a whole document with its arena skip the
// value's destructor instead (spec::SourceDocument), which costs no walk either.
