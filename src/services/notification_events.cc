#include "services/notification_events.h"

#include <algorithm>
#include <array>

#include <boost/json/serialize.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "store/notification_repository.h"

namespace icopilot::services {
namespace {

constexpr std::array<std::string_view, 9> kEventTypes = {
    "run.failed",           "run.recovered",     "category.regressed",
    "plan.phase_completed", "partner.certified", "certificate.stale",
    "spec.drift",           "traces.violations", "channel.test"};

bool Takes(const store::ChannelRecord& channel, std::string_view type) {
  auto events = ParseJson(channel.events);
  if (!events.ok() || !events->is_array()) return false;
  for (const auto& e : events->as_array())
    if (e.is_string() && e.as_string() == type) return true;
  return false;
}

boost::json::value Named(const std::string& id, const std::string& name) {
  if (id.empty()) return nullptr;
  return boost::json::object{{"id", id}, {"name", name}};
}

std::string Fill(std::string text, const store::EventNames& names) {
  for (const auto& [placeholder, value] :
       {std::pair<std::string_view, const std::string&>{"{partner}", names.partner},
        {"{environment}", names.environment},
        {"{project}", names.project}}) {
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  return text;
}

}  // namespace

std::span<const std::string_view> EventTypes() { return kEventTypes; }

bool IsEventType(std::string_view type) {
  return std::find(kEventTypes.begin(), kEventTypes.end(), type) != kEventTypes.end();
}

absl::Status EnqueueEvent(store::SqlExecutor& tx, const Event& event, std::int64_t now,
                          std::string_view only_channel) {
  store::NotificationRepository repo(tx);
  ASSIGN_OR_RETURN(auto channels, repo.ListChannels(event.project_id));
  std::erase_if(channels, [&](const store::ChannelRecord& c) {
    return only_channel.empty() ? !c.enabled || !Takes(c, event.type) : c.id != only_channel;
  });
  if (channels.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto names,
                   repo.Names(event.project_id, event.partner_org_id, event.environment_id));
  const std::string event_id = NewId("evt");
  const std::string payload = boost::json::serialize(
      boost::json::object{{"id", event_id},
                          {"type", event.type},
                          {"occurred_at", FormatTimestamp(now)},
                          {"project", Named(event.project_id, names.project)},
                          {"partner", Named(event.partner_org_id, names.partner)},
                          {"environment", Named(event.environment_id, names.environment)},
                          {"title", Fill(event.title, names)},
                          {"link", event.link},
                          {"data", event.data}});
  for (const auto& channel : channels) {
    store::NotificationRecord n;
    n.id = NewId("ntf");
    n.channel_id = channel.id;
    n.org_id = channel.org_id;
    n.project_id = channel.project_id;
    n.event_id = event_id;
    n.event_type = event.type;
    n.payload = payload;
    n.next_attempt_at = now;
    n.created_at = now;
    RETURN_IF_ERROR(repo.Enqueue(std::move(n)));
  }
  return absl::OkStatus();
}

}  // namespace icopilot::services
