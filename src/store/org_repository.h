#pragma once

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Orgs. Creation is not scoped (first start, signup, a vendor inviting a partner);
// reading is: a caller sees its own org only.
class OrgRepository {
 public:
  explicit OrgRepository(SqlExecutor& db) : db_(db) {}
  absl::StatusOr<Org> Create(std::string_view name, std::string_view kind, std::int64_t now);
  absl::StatusOr<Org> GetOwn(const Scope& scope);
  // Unscoped: for the demo seed, which looks its org up by name.
  absl::StatusOr<std::optional<Org>> FindVendorByName(std::string_view name);
  absl::StatusOr<Org> Rename(const Scope& scope, std::string_view name);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
