// The events Integration Copilot notifies of (docs/notifications.md), and their writing to
// the outbox: inside the transaction of what caused them, one notification per enabled
// channel of the project that takes the event's type, so the event and its notifications
// commit together or not at all.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "store/database.h"

namespace icopilot::services {

// Every event type a channel may take, as its `events` name them.
std::span<const std::string_view> EventTypes();
bool IsEventType(std::string_view type);

struct Event {
  std::string type;  // one of EventTypes()
  std::string org_id;
  std::string project_id;
  std::string partner_org_id;  // "" for events of the project as a whole
  std::string environment_id;  // "" when none
  // One line for people; {partner}, {environment} and {project} are replaced by their
  // names: "{partner}'s run in {environment} failed".
  std::string title;
  std::string link;  // the portal page, from the vendor's side: "/projects/prj_…/runs/run_…"
  boost::json::object data;  // what a receiver's code reads
};

// Writes `event`'s notifications in `tx` (no channel takes it: nothing is written), each
// holding the event as delivered (docs/schemas/notification-event.json): id, type,
// occurred_at, project, partner, environment, title, link (relative to the portal until
// delivery makes it absolute), data. `only_channel`: to that channel alone, whatever it
// takes (a test message).
absl::Status EnqueueEvent(store::SqlExecutor& tx, const Event& event, std::int64_t now,
                          std::string_view only_channel = "");

}  // namespace icopilot::services
