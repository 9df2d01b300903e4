#include "store/audit_repository.h"

#include "core/status_macros.h"
#include "store/paging.h"

namespace icopilot::store {

absl::Status AuditRepository::Record(const AuditEvent& event) {
  return db_.Execute("INSERT INTO audit_events (id, org_id, actor_id, action, target_type, target_id, "
                     "client_address, request_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {event.id, event.org_id, event.actor_id, event.action, event.target_type, event.target_id,
                      event.client_address, event.request_id, event.detail, event.created_at})
      .status();
}

absl::StatusOr<Page<AuditEvent>> AuditRepository::List(const Scope& scope, const PageRequest& page) {
  std::string sql =
      "SELECT id, org_id, actor_id, action, target_type, target_id, client_address, request_id, detail, "
      "created_at FROM audit_events WHERE org_id = ?";
  std::vector<SqlValue> params{scope.org_id};
  AppendPageClause(page, "", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<AuditEvent>(rows, page, [](const Row& row) {
    return AuditEvent{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
                      row.Text(5), row.Text(6), row.Text(7), row.Text(8), row.Int(9)};
  });
}

}  // namespace icopilot::store
