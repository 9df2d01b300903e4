// Named leases on background work that one instance at a time may do (delivering a
// notification channel's outbox): taken when free or run out, renewed by their holder,
// released when done. Golden runs carry their lease on the run itself (GoldenRepository).
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace icopilot::store {

class SqlExecutor;

class LeaseRepository {
 public:
  explicit LeaseRepository(SqlExecutor& db) : db_(db) {}

  // Takes `name` for `owner` until `until_ms` when nobody holds it, its holder's lease ran
  // out by `now_ms`, or `owner` holds it already (a renewal). False: another holds it.
  absl::StatusOr<bool> Take(std::string_view name, std::string_view owner, std::int64_t until_ms,
                            std::int64_t now_ms);
  // Gives `name` up, if `owner` still holds it.
  absl::Status Release(std::string_view name, std::string_view owner);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
