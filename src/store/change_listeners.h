// The Listen callbacks of a Database, shared by both backends: added, removed, and called
// one change at a time. Removing waits for a call in progress, so a listener's owner can be
// destroyed right after.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string_view>

namespace icopilot::store {

class ChangeListeners {
 public:
  int Add(std::function<void(std::string_view)> on_change) {
    std::lock_guard lock(mutex_);
    listeners_.emplace(++last_id_, std::move(on_change));
    return last_id_;
  }
  void Remove(int id) {
    std::lock_guard lock(mutex_);
    listeners_.erase(id);
  }
  bool empty() const {
    std::lock_guard lock(mutex_);
    return listeners_.empty();
  }
  void Call(std::string_view change) {
    std::lock_guard lock(mutex_);
    for (auto& [id, on_change] : listeners_) on_change(change);
  }

 private:
  mutable std::mutex mutex_;
  int last_id_ = 0;
  std::map<int, std::function<void(std::string_view)>> listeners_;  // guarded by mutex_
};

}  // namespace icopilot::store
