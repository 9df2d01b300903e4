// The last requests a mock answered, with what the check found wrong: what a partner
// reads to see why a call failed. Bounded (the oldest go first); thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace icopilot::mock {

struct JournalEntry {
  std::int64_t at_ms = 0;
  std::string method;
  std::string target;
  int status = 0;
  std::string operation_id;
  double duration_ms = 0;
  std::string why;
  std::vector<std::string> violations;
};

class Journal {
 public:
  explicit Journal(std::size_t capacity = 100) : capacity_(capacity) {}
  void Add(JournalEntry entry);
  // Newest first.
  std::vector<JournalEntry> Entries() const;
  void Clear();

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<JournalEntry> entries_;
};

}  // namespace icopilot::mock
