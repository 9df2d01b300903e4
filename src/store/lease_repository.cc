#include "store/lease_repository.h"

#include <string>

#include "core/status_macros.h"
#include "store/database.h"

namespace icopilot::store {

// One statement, so that two instances taking the same lease at once cannot both win: the
// upsert's row lock (PostgreSQL) or the single writer (SQLite) orders them, and the second
// finds a live lease that is not its own and changes nothing.
absl::StatusOr<bool> LeaseRepository::Take(std::string_view name, std::string_view owner,
                                           std::int64_t until_ms, std::int64_t now_ms) {
  ASSIGN_OR_RETURN(auto changed,
                   db_.Execute("INSERT INTO leases (name, owner, until_ms) VALUES (?, ?, ?) "
                               "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
                               "until_ms = excluded.until_ms "
                               "WHERE leases.until_ms <= ? OR leases.owner = excluded.owner",
                               {std::string(name), std::string(owner), until_ms, now_ms}));
  return changed == 1;
}

absl::Status LeaseRepository::Release(std::string_view name, std::string_view owner) {
  return db_
      .Execute("DELETE FROM leases WHERE name = ? AND owner = ?",
               {std::string(name), std::string(owner)})
      .status();
}

}  // namespace icopilot::store
