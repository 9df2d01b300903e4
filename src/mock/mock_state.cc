#include "mock/mock_state.h"

#include "core/strings.h"

namespace icopilot::mock {

std::optional<boost::json::object> MockState::Get(const std::string& collection,
                                                  const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto c = collections_.find(collection);
  if (c == collections_.end()) return std::nullopt;
  auto e = c->second.by_id.find(id);
  if (e == c->second.by_id.end()) return std::nullopt;
  return e->second.data;
}

absl::Status MockState::Put(const std::string& collection, const std::string& id,
                            boost::json::object resource) {
  std::lock_guard lock(mutex_);
  Collection& c = collections_[collection];
  auto e = c.by_id.find(id);
  if (e != c.by_id.end()) {
    e->second.data = std::move(resource);
    return absl::OkStatus();
  }
  if (resources_ >= limits_.max_resources) {
    return absl::ResourceExhaustedError(StrCat("the mock holds its limit of ",
                                               limits_.max_resources,
                                               " resources; delete some or reset the mock"));
  }
  std::uint64_t position = c.next_position++;
  c.by_id.emplace(id, Entry{position, std::move(resource)});
  c.by_position.emplace(position, id);
  ++resources_;
  return absl::OkStatus();
}

bool MockState::Remove(const std::string& collection, const std::string& id) {
  std::lock_guard lock(mutex_);
  auto c = collections_.find(collection);
  if (c == collections_.end()) return false;
  auto e = c->second.by_id.find(id);
  if (e == c->second.by_id.end()) return false;
  c->second.by_position.erase(e->second.position);
  c->second.by_id.erase(e);
  --resources_;
  return true;
}

MockState::Page MockState::List(const std::string& collection, std::size_t skip, std::size_t limit,
                                std::optional<std::uint64_t> from_position) const {
  Page page;
  std::lock_guard lock(mutex_);
  auto c = collections_.find(collection);
  if (c == collections_.end()) return page;
  const auto& order = c->second.by_position;
  page.total = order.size();
  auto it = from_position ? order.lower_bound(*from_position) : order.begin();
  for (std::size_t i = 0; i < skip && it != order.end(); ++i) ++it;
  for (; it != order.end() && page.items.size() < limit; ++it) {
    page.items.push_back(c->second.by_id.at(it->second).data);
    page.ids.push_back(it->second);
  }
  if (it != order.end()) page.next_position = it->first;
  return page;
}

std::uint64_t MockState::NextNumber(const std::string& collection) {
  std::lock_guard lock(mutex_);
  return collections_[collection].next_number++;
}

std::optional<MockState::IdempotencyRecord> MockState::FindKey(const std::string& key,
                                                               std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = keys_.find(key);
  if (it == keys_.end()) return std::nullopt;
  if (now_ms - it->second.at_ms > limits_.idempotency_ttl_ms) {
    keys_.erase(it);
    return std::nullopt;
  }
  return it->second.record;
}

bool MockState::KeepKey(const std::string& key, IdempotencyRecord record, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (keys_.size() >= limits_.max_idempotency_keys) {
    // Expired keys go first; a key still within its 24 hours is never forgotten early.
    std::erase_if(keys_, [&](const auto& kept) {
      return now_ms - kept.second.at_ms > limits_.idempotency_ttl_ms;
    });
    if (keys_.size() >= limits_.max_idempotency_keys) return false;
  }
  keys_[key] = Kept{std::move(record), now_ms};
  return true;
}

void MockState::SetLimits(StateLimits limits) {
  std::lock_guard lock(mutex_);
  limits_ = limits;
}

void MockState::Reset() {
  std::lock_guard lock(mutex_);
  collections_.clear();
  keys_.clear();
  resources_ = 0;
}

std::size_t MockState::resource_count() const {
  std::lock_guard lock(mutex_);
  return resources_;
}

}  // namespace icopilot::mock
