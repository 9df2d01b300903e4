// Notification channels (Slack, Jira, webhooks; docs/notifications.md) and the outbox:
// each notification is a row written in the transaction of the event that causes it, then
// delivered by the dispatcher in order per channel (`seq`), retried with backoff, and left
// `dead` for the vendor to replay when the retries run out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/paging.h"
#include "store/scope.h"

namespace icopilot::store {

struct ChannelRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string kind;  // webhook, slack, jira
  std::string name;
  std::string url;            // the receiver; Jira: the site's base URL
  std::string settings;       // JSON: Jira's project key, issue type, labels, account email
  std::string secret_sealed;  // the webhook's signing secret, Jira's API token
  std::string events;         // JSON array of the event types sent
  std::int64_t violations_per_hour = 0;  // traces.violations fires above this
  bool enabled = true;
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NotificationRecord {
  std::string id;  // the delivery's
  std::string channel_id;
  std::string org_id;
  std::string project_id;
  std::int64_t seq = 0;  // order within the channel
  std::string event_id;  // shared by the event's deliveries: receivers deduplicate on it
  std::string event_type;
  std::string payload;  // the event as JSON
  std::string status;   // pending, delivered, dead
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t last_status = 0;  // the receiver's last HTTP status, 0 when none came
  std::string last_error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> delivered_at;
};

// Names an event's message shows; "" for what is not found.
struct EventNames {
  std::string project;
  std::string partner;
  std::string environment;
};

class NotificationRepository {
 public:
  explicit NotificationRepository(SqlExecutor& db) : db_(db) {}

  absl::StatusOr<EventNames> Names(std::string_view project_id, std::string_view partner_org_id,
                                   std::string_view environment_id);

  absl::Status InsertChannel(const ChannelRecord& channel);
  absl::Status UpdateChannel(const ChannelRecord& channel);
  // NotFound when the channel is not in the scope's org.
  absl::StatusOr<ChannelRecord> GetChannel(const Scope& scope, std::string_view project_id,
                                           std::string_view channel_id);
  // The channel whatever the org: for the dispatcher.
  absl::StatusOr<std::optional<ChannelRecord>> FindChannel(std::string_view channel_id);
  absl::StatusOr<std::vector<ChannelRecord>> ListChannels(std::string_view project_id);
  // Enabled channels taking `event_type` with a positive violations_per_hour, any project.
  absl::StatusOr<std::vector<ChannelRecord>> ViolationChannels();
  // When the channel's last notification of `event_type` was queued; nullopt for never.
  absl::StatusOr<std::optional<std::int64_t>> LastQueued(std::string_view channel_id,
                                                         std::string_view event_type);
  // Its pending notifications go with it (dead and delivered ones are kept as history).
  absl::Status DeleteChannel(std::string_view channel_id);

  // Appends to the channel's outbox after its last notification.
  absl::Status Enqueue(NotificationRecord notification);
  // The first pending notification of each channel that has one, due or not: a channel
  // delivers in order, so only its head may go.
  absl::StatusOr<std::vector<NotificationRecord>> PendingHeads(std::int64_t limit);
  // The channel's pending notifications from `seq` on, in order (a run delivered together).
  absl::StatusOr<std::vector<NotificationRecord>> PendingFrom(std::string_view channel_id,
                                                              std::int64_t seq, std::int64_t limit);
  absl::Status MarkDelivered(std::string_view id, std::int64_t status, std::int64_t now);
  absl::Status MarkFailed(std::string_view id, std::int64_t attempts, std::int64_t status,
                          const std::string& error, std::int64_t next_attempt_at, bool dead);
  // A dead notification back to pending, due now. NotFound when it is not dead.
  absl::Status Replay(std::string_view project_id, std::string_view id, std::int64_t now);
  absl::StatusOr<std::optional<NotificationRecord>> GetNotification(std::string_view project_id,
                                                                    std::string_view id);
  // Newest first; `status` "" for all.
  absl::StatusOr<Page<NotificationRecord>> ListNotifications(std::string_view project_id,
                                                             std::string_view status,
                                                             const PageRequest& page);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
