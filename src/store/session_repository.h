#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Login sessions, stored by the SHA-256 of their cookie token.
class SessionRepository {
 public:
  explicit SessionRepository(SqlExecutor& db) : db_(db) {}
  absl::Status Create(const Session& session, std::string_view token_hash);
  // Unscoped: the cookie is the credential. Expired sessions are not returned.
  absl::StatusOr<std::optional<Session>> FindValid(std::string_view token_hash, std::int64_t now);
  absl::Status Delete(std::string_view session_id);
  absl::Status DeleteExpired(std::int64_t now);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
