#include "mock/journal.h"

namespace icopilot::mock {

void Journal::Add(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<JournalEntry> Journal::Entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.rbegin(), entries_.rend()};
}

void Journal::Clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace icopilot::mock
