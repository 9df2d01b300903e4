#pragma once

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// The append-only audit log. Recording takes the event's own org; reading takes a scope
// and returns that org's events only.
class AuditRepository {
 public:
  explicit AuditRepository(SqlExecutor& db) : db_(db) {}
  absl::Status Record(const AuditEvent& event);
  absl::StatusOr<Page<AuditEvent>> List(const Scope& scope, const PageRequest& page);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
