// Reading the audit log (writes are recorded by each use case, in its own transaction).
#pragma once

#include "absl/status/statusor.h"
#include "services/actor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

absl::StatusOr<store::Page<store::AuditEvent>> ListAuditEvents(store::Database& db,
                                                               const Actor& actor,
                                                               const store::PageRequest& page);

}  // namespace icopilot::services
