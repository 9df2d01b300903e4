// The traces.violations event (docs/notifications.md): each channel that takes it with a
// threshold hears when the project's traces brought more contract violations than that
// in the last hour, at most once an hour.
#pragma once

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "store/database.h"

namespace icopilot::services {

// Checks every such channel now; returns how many alerts were queued. The check and the
// alert are one transaction, so two servers on one database do not both alert.
absl::StatusOr<int> CheckViolationAlerts(store::Database& db, const Clock& clock);

}  // namespace icopilot::services
