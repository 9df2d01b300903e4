#include "services/violation_alerts.h"

#include "core/status_macros.h"
#include "core/strings.h"
#include "services/notification_events.h"
#include "store/notification_repository.h"
#include "store/trace_repository.h"

namespace icopilot::services {
namespace {
constexpr std::int64_t kHour = 3'600'000;
}

absl::StatusOr<int> CheckViolationAlerts(store::Database& db, const Clock& clock) {
  ASSIGN_OR_RETURN(auto channels, store::NotificationRepository(db).ViolationChannels());
  int queued = 0;
  for (const auto& channel : channels) {
    RETURN_IF_ERROR(db.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
      const std::int64_t now = clock.NowMillis();
      store::NotificationRepository notifications(tx);
      ASSIGN_OR_RETURN(auto last, notifications.LastQueued(channel.id, "traces.violations"));
      if (last && *last > now - kHour) return absl::OkStatus();
      ASSIGN_OR_RETURN(auto count,
                       store::TraceRepository(tx).ViolationsSince(channel.project_id, now - kHour));
      if (count <= channel.violations_per_hour) return absl::OkStatus();
      Event event;
      event.type = "traces.violations";
      event.org_id = channel.org_id;
      event.project_id = channel.project_id;
      event.title = StrCat(count, " contract violations in {project}'s traces in the last hour (",
                           "the alert is set above ", channel.violations_per_hour, ")");
      event.link = StrCat("/projects/", channel.project_id, "/traces");
      event.data = {{"violations", count},
                    {"threshold", channel.violations_per_hour},
                    {"since", FormatTimestamp(now - kHour)}};
      ++queued;
      return EnqueueEvent(tx, event, now, channel.id);
    }));
  }
  return queued;
}

}  // namespace icopilot::services
