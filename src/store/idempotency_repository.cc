#include "store/idempotency_repository.h"

#include "core/status_macros.h"

namespace icopilot::store {

absl::Status IdempotencyRepository::Claim(std::string_view caller, std::string_view key,
                                          std::string_view request_hash, std::int64_t now) {
  return db_.Execute("INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, created_at) "
                     "VALUES (?, ?, ?, ?)",
                     {std::string(caller), std::string(key), std::string(request_hash), now})
      .status();
}

absl::StatusOr<std::optional<IdempotencyRepository::Entry>> IdempotencyRepository::Find(std::string_view caller,
                                                                                       std::string_view key) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT request_hash, status, response_sealed FROM idempotency_keys "
                                        "WHERE caller = ? AND idempotency_key = ?",
                                        {std::string(caller), std::string(key)}));
  if (rows.empty()) return std::optional<Entry>();
  Entry entry;
  entry.request_hash = rows[0].Text(0);
  if (auto status = rows[0].OptionalInt(1)) entry.status = static_cast<int>(*status);
  entry.response_sealed = rows[0].Text(2);
  return std::optional<Entry>(std::move(entry));
}

absl::Status IdempotencyRepository::Complete(std::string_view caller, std::string_view key, int status,
                                             std::string_view sealed) {
  return db_.Execute("UPDATE idempotency_keys SET status = ?, response_sealed = ? WHERE caller = ? AND "
                     "idempotency_key = ?",
                     {std::int64_t{status}, std::string(sealed), std::string(caller), std::string(key)})
      .status();
}

absl::Status IdempotencyRepository::Release(std::string_view caller, std::string_view key) {
  return db_.Execute("DELETE FROM idempotency_keys WHERE caller = ? AND idempotency_key = ?",
                     {std::string(caller), std::string(key)})
      .status();
}

absl::Status IdempotencyRepository::DeleteOlderThan(std::int64_t cutoff) {
  return db_.Execute("DELETE FROM idempotency_keys WHERE created_at < ?", {cutoff}).status();
}

}  // namespace icopilot::store
