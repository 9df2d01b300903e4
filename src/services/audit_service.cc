#include "services/audit_service.h"

#include "store/audit_repository.h"

namespace icopilot::services {

absl::StatusOr<store::Page<store::AuditEvent>> ListAuditEvents(store::Database& db,
                                                               const Actor& actor,
                                                               const store::PageRequest& page) {
  return store::AuditRepository(db).List(actor.scope, page);
}

}  // namespace icopilot::services
