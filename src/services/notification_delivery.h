// How a notification is sent to each kind of channel (docs/notifications.md): the event as
// JSON signed like the golden suite's webhook events (X-Copilot-Signature), a Slack Block
// Kit message for an incoming webhook, or a Jira issue created through its REST API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "net/http_client.h"
#include "store/notification_repository.h"

namespace icopilot::services {

// The request that delivers `payload` (the stored event) to `channel`. `secret`: the
// channel's opened secret (the webhook's signing secret, Jira's API token); `public_url`:
// where the portal answers, which makes the event's link absolute.
absl::StatusOr<net::ClientRequest> DeliveryRequest(const store::ChannelRecord& channel,
                                                   const std::string& secret,
                                                   const std::string& payload,
                                                   std::string_view public_url, std::int64_t now);

// Slack's mrkdwn needs &, < and > escaped in text.
std::string SlackEscape(std::string_view text);

}  // namespace icopilot::services
