// Notification channels and their outbox as the vendor manages them (docs/notifications.md):
// a project's channels (Slack, Jira, signed webhooks) with the events each takes, the
// notifications sent or waiting or dead, a dead one replayed, a test message sent. Only the
// vendor's owners and admins change channels (they choose outbound hosts; partners never
// do); the vendor's members read them. Secrets are sealed and never shown again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "store/database.h"
#include "store/notification_repository.h"

namespace icopilot::services {

struct ChannelInput {
  std::optional<std::string> kind;  // webhook, slack, jira (on create only)
  std::optional<std::string> name;
  std::optional<std::string> url;
  std::optional<std::string> secret;  // webhook: generated when left out; jira: the API token
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> jira_project_key;
  std::optional<std::string> jira_issue_type;
  std::optional<std::vector<std::string>> jira_labels;
  std::optional<std::string> jira_email;
  std::optional<std::int64_t> violations_per_hour;
  std::optional<bool> enabled;
};

struct ChannelView {
  store::ChannelRecord record;  // secret_sealed cleared
  bool has_secret = false;
  std::string new_secret;  // a webhook secret generated now: shown this once
};

class NotificationService {
 public:
  // `on_queued`: something was queued (the dispatcher wakes). Hosts are checked when a
  // notification is sent, as environments' are (services/send_target.h).
  NotificationService(store::Database& db, const SecretBox& box, const Clock& clock,
                      std::function<void()> on_queued = {})
      : db_(db), box_(box), clock_(clock), on_queued_(std::move(on_queued)) {}

  absl::StatusOr<std::vector<ChannelView>> ListChannels(const Actor& actor,
                                                        std::string_view project_id);
  absl::StatusOr<ChannelView> CreateChannel(const Actor& actor, std::string_view project_id,
                                            const ChannelInput& input);
  absl::StatusOr<ChannelView> UpdateChannel(const Actor& actor, std::string_view project_id,
                                            std::string_view channel_id, const ChannelInput& input);
  absl::Status DeleteChannel(const Actor& actor, std::string_view project_id,
                             std::string_view channel_id);
  // Queues a channel.test event to that channel alone.
  absl::Status SendTest(const Actor& actor, std::string_view project_id,
                        std::string_view channel_id);

  absl::StatusOr<store::Page<store::NotificationRecord>> ListNotifications(
      const Actor& actor, std::string_view project_id, std::string_view status,
      const store::PageRequest& page);
  absl::Status Replay(const Actor& actor, std::string_view project_id,
                      std::string_view notification_id);

 private:
  absl::Status RequireProject(const Actor& actor, std::string_view project_id, bool change);
  absl::Status Check(store::ChannelRecord& channel, const ChannelInput& input,
                     std::string& new_secret);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
  std::function<void()> on_queued_;
};

}  // namespace icopilot::services
