#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

// Remembers the response to each (caller, Idempotency-Key) so a retried POST is answered
// the same way instead of acting twice. Responses are stored sealed (they may hold a
// secret shown once).
class IdempotencyRepository {
 public:
  struct Entry {
    std::string request_hash;
    std::optional<int> status;  // nullopt while the first request is still running
    std::string response_sealed;
  };

  explicit IdempotencyRepository(SqlExecutor& db) : db_(db) {}
  // Claims the key. AlreadyExists when another request holds it.
  absl::Status Claim(std::string_view caller, std::string_view key, std::string_view request_hash,
                     std::int64_t now);
  absl::StatusOr<std::optional<Entry>> Find(std::string_view caller, std::string_view key);
  absl::Status Complete(std::string_view caller, std::string_view key, int status, std::string_view sealed);
  // Lets a failed first attempt be retried.
  absl::Status Release(std::string_view caller, std::string_view key);
  absl::Status DeleteOlderThan(std::int64_t cutoff);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
