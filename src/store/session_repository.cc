#include "store/session_repository.h"

#include "core/status_macros.h"

namespace icopilot::store {

absl::Status SessionRepository::Create(const Session& session, std::string_view token_hash) {
  return db_.Execute("INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     {session.id, std::string(token_hash), session.user_id, session.csrf_token,
                      session.created_at, session.expires_at})
      .status();
}

absl::StatusOr<std::optional<Session>> SessionRepository::FindValid(std::string_view token_hash,
                                                                    std::int64_t now) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, user_id, csrf_token, created_at, expires_at FROM sessions "
                                        "WHERE token_hash = ? AND expires_at > ?",
                                        {std::string(token_hash), now}));
  if (rows.empty()) return std::optional<Session>();
  const Row& row = rows[0];
  return std::optional<Session>(Session{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.Int(4)});
}

absl::Status SessionRepository::Delete(std::string_view session_id) {
  return db_.Execute("DELETE FROM sessions WHERE id = ?", {std::string(session_id)}).status();
}

absl::Status SessionRepository::DeleteExpired(std::int64_t now) {
  return db_.Execute("DELETE FROM sessions WHERE expires_at <= ?", {now}).status();
}

}  // namespace icopilot::store
