// What a mock remembers: resources per collection (in creation order, for paging), the
// responses given to Idempotency-Keys, and the tokens it issued. Bounded, so a client that
// creates without end cannot take the machine's memory: past the limit a create is
// refused, never an old resource silently dropped. Outlives engine reloads: a new engine
// for an edited spec takes over the old engine's state. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "mock/security.h"

namespace icopilot::mock {

struct StateLimits {
  std::size_t max_resources = 10000;  // over all collections of one mock
  std::size_t max_idempotency_keys = 10000;
  std::int64_t idempotency_ttl_ms = 24LL * 3600 * 1000;
};

// A response kept to be replayed for the same Idempotency-Key.
struct KeptResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class MockState {
 public:
  explicit MockState(StateLimits limits = {}) : limits_(limits) {}

  // A collection is named by its concrete path ("/users/7/posts"), so nested
  // collections under different parents are apart.
  std::optional<boost::json::object> Get(const std::string& collection,
                                         const std::string& id) const;
  // Inserts or replaces. ResourceExhausted when a new resource would pass the limit.
  absl::Status Put(const std::string& collection, const std::string& id,
                   boost::json::object resource);
  bool Remove(const std::string& collection, const std::string& id);

  struct Page {
    std::vector<boost::json::object> items;
    std::vector<std::string> ids;  // the key each item is stored under, in the same order
    std::size_t total = 0;
    // The position after the last item, for the next cursor; nullopt at the end.
    std::optional<std::uint64_t> next_position;
  };
  // Resources in creation order starting at `skip` (offset and page styles) or at the
  // first position at or after `from_position` (cursor style).
  Page List(const std::string& collection, std::size_t skip, std::size_t limit,
            std::optional<std::uint64_t> from_position = std::nullopt) const;

  // A fresh number for integer ids, per collection, from 1.
  std::uint64_t NextNumber(const std::string& collection);

  struct IdempotencyRecord {
    std::string request_hash;
    KeptResponse response;
  };
  std::optional<IdempotencyRecord> FindKey(const std::string& key, std::int64_t now_ms);
  // False when the limit of keys is reached (keys within their 24 hours are never
  // dropped early).
  bool KeepKey(const std::string& key, IdempotencyRecord record, std::int64_t now_ms);

  // New limits for a mock whose settings changed; what is stored stays, even past them.
  void SetLimits(StateLimits limits);

  // Resources and Idempotency-Keys go; tokens the token endpoint issued stay valid.
  void Reset();
  std::size_t resource_count() const;

  // Tokens from the token endpoint, kept with the state so they outlive reloads.
  TokenStore& tokens() { return tokens_; }

 private:
  struct Entry {
    std::uint64_t position = 0;
    boost::json::object data;
  };
  struct Collection {
    std::unordered_map<std::string, Entry> by_id;
    std::map<std::uint64_t, std::string> by_position;
    std::uint64_t next_position = 1;
    std::uint64_t next_number = 1;
  };
  struct Kept {
    IdempotencyRecord record;
    std::int64_t at_ms = 0;
  };

  StateLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Collection> collections_;
  std::size_t resources_ = 0;
  std::unordered_map<std::string, Kept> keys_;
  TokenStore tokens_;
};

}  // namespace icopilot::mock
