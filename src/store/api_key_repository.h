#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// API keys. Only the SHA-256 of a key is stored; the key itself is shown once.
class ApiKeyRepository {
 public:
  explicit ApiKeyRepository(SqlExecutor& db) : db_(db) {}
  absl::Status Create(const ApiKey& key, std::string_view key_hash);
  // Unscoped: authentication looks the key up before there is a scope.
  absl::StatusOr<std::optional<ApiKey>> FindByHash(std::string_view key_hash);
  absl::StatusOr<Page<ApiKey>> List(const Scope& scope, const PageRequest& page);
  absl::StatusOr<ApiKey> Get(const Scope& scope, std::string_view id);
  // NotFound for another org's key, the same as for no key.
  absl::StatusOr<ApiKey> Revoke(const Scope& scope, std::string_view id, std::int64_t now);
  absl::Status TouchLastUsed(std::string_view id, std::int64_t now);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
