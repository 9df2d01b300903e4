// /api/v1/projects/{project_id}/notification-channels and .../notifications: the vendor's
// Slack, Jira and webhook channels, and the outbox of what was sent to them, waits or is
// dead and may be replayed (docs/notifications.md).
#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/notification_service.h"

namespace icopilot::api {
namespace {

boost::json::object EncodeChannel(const services::ChannelView& view) {
  const auto& c = view.record;
  auto events = ParseJson(c.events);
  auto settings = ParseJson(c.settings);
  boost::json::object jira;
  if (c.kind == "jira" && settings.ok() && settings->is_object()) jira = settings->as_object();
  boost::json::object out{
      {"id", c.id},
      {"project_id", c.project_id},
      {"kind", c.kind},
      {"name", c.name},
      {"url", c.url},
      {"events", events.ok() ? *events : boost::json::value(boost::json::array())},
      {"jira", std::move(jira)},
      {"violations_per_hour", c.violations_per_hour},
      {"enabled", c.enabled},
      {"has_secret", view.has_secret},
      {"created_at", FormatTimestamp(c.created_at)},
      {"updated_at", FormatTimestamp(c.updated_at)}};
  if (!view.new_secret.empty()) out["secret"] = view.new_secret;
  return out;
}

boost::json::object EncodeNotification(const store::NotificationRecord& n) {
  auto event = ParseJson(n.payload);
  return {{"id", n.id},
          {"channel_id", n.channel_id},
          {"seq", n.seq},
          {"event_id", n.event_id},
          {"event_type", n.event_type},
          {"status", n.status},
          {"attempts", n.attempts},
          {"next_attempt_at", FormatTimestamp(n.next_attempt_at)},
          {"last_status", n.last_status},
          {"last_error", n.last_error},
          {"created_at", FormatTimestamp(n.created_at)},
          {"delivered_at", NullableTimestamp(n.delivered_at)},
          {"event", event.ok() ? *event : boost::json::value(boost::json::object())}};
}

absl::StatusOr<std::optional<std::vector<std::string>>> Strings(const boost::json::object& body,
                                                                std::string_view name) {
  const auto* v = body.if_contains(name);
  if (v == nullptr) return std::optional<std::vector<std::string>>();
  if (!v->is_array()) return absl::InvalidArgumentError(StrCat(name, ": must be an array"));
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string())
      return absl::InvalidArgumentError(StrCat(name, ": must be an array of strings"));
    out.emplace_back(item.as_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

absl::StatusOr<services::ChannelInput> ReadChannelInput(const net::Request& request, bool create) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  if (create)
    RETURN_IF_ERROR(OnlyFields(body, {"kind", "name", "url", "secret", "events", "jira",
                                      "violations_per_hour", "enabled"}));
  else
    RETURN_IF_ERROR(OnlyFields(
        body, {"name", "url", "secret", "events", "jira", "violations_per_hour", "enabled"}));
  services::ChannelInput in;
  if (create) {
    ASSIGN_OR_RETURN(in.kind, StringField(body, "kind", true));
  }
  ASSIGN_OR_RETURN(in.name, StringField(body, "name", create));
  ASSIGN_OR_RETURN(in.url, StringField(body, "url", create));
  ASSIGN_OR_RETURN(in.secret, StringField(body, "secret", false));
  ASSIGN_OR_RETURN(in.events, Strings(body, "events"));
  ASSIGN_OR_RETURN(in.violations_per_hour, IntField(body, "violations_per_hour"));
  if (const auto* enabled = body.if_contains("enabled")) {
    if (!enabled->is_bool()) return absl::InvalidArgumentError("enabled: must be a boolean");
    in.enabled = enabled->as_bool();
  }
  if (const auto* jira = body.if_contains("jira"); jira != nullptr && !jira->is_null()) {
    if (!jira->is_object()) return absl::InvalidArgumentError("jira: must be an object");
    const auto& j = jira->as_object();
    RETURN_IF_ERROR(OnlyFields(j, {"project_key", "issue_type", "labels", "email"}));
    ASSIGN_OR_RETURN(in.jira_project_key, StringField(j, "project_key", false));
    ASSIGN_OR_RETURN(in.jira_issue_type, StringField(j, "issue_type", false));
    ASSIGN_OR_RETURN(in.jira_labels, Strings(j, "labels"));
    ASSIGN_OR_RETURN(in.jira_email, StringField(j, "email", false));
  }
  return in;
}

}  // namespace

void AddNotificationRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string channels = "/api/v1/projects/{project_id}/notification-channels";
  const std::string channel = channels + "/{channel_id}";
  ops.push_back(ApiOp(
      "GET", channels, "listNotificationChannels",
      "The project's notification channels (Slack, Jira, signed webhooks) and the events each "
      "takes; secrets are never shown",
      "notifications", Access::kVendor, "", 200, "NotificationChannelList",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto list,
                         d.notifications.ListChannels(c.actor(), Param(c, "project_id")));
        return ItemsResponse(list, EncodeChannel);
      })));
  ops.push_back(ApiOp(
      "POST", channels, "createNotificationChannel",
      "Add a channel: a webhook (its signing secret generated and shown once unless given), a "
      "Slack incoming webhook, or a Jira site, project and API token. Hosts on private networks "
      "are refused unless the server allows private targets",
      "notifications", Access::kVendorAdmin, "NotificationChannelCreate", 201,
      "NotificationChannel",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto input, ReadChannelInput(c.request, true));
        const std::string project_id = Param(c, "project_id");
        ASSIGN_OR_RETURN(auto view, d.notifications.CreateChannel(c.actor(), project_id, input));
        auto response = JsonResponse(201, EncodeChannel(view));
        response.headers.Set("location", StrCat("/api/v1/projects/", project_id,
                                                "/notification-channels/", view.record.id));
        return response;
      })));
  ops.push_back(ApiOp(
      "PATCH", channel, "updateNotificationChannel",
      "Change a channel: its name, URL, secret, events, Jira settings, threshold, or turn it "
      "off",
      "notifications", Access::kVendorAdmin, "NotificationChannelUpdate", 200,
      "NotificationChannel",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto input, ReadChannelInput(c.request, false));
        ASSIGN_OR_RETURN(auto view, d.notifications.UpdateChannel(c.actor(), Param(c, "project_id"),
                                                                  Param(c, "channel_id"), input));
        return JsonResponse(200, EncodeChannel(view));
      })));
  ops.push_back(
      ApiOp("DELETE", channel, "deleteNotificationChannel",
            "Remove a channel; what it still had to send is dropped, what it sent stays listed",
            "notifications", Access::kVendorAdmin, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.notifications.DeleteChannel(c.actor(), Param(c, "project_id"),
                                                            Param(c, "channel_id")));
              return NoContent();
            })));
  ops.push_back(
      ApiOp("POST", channel + "/test", "testNotificationChannel",
            "Queue a channel.test event to this channel alone; its delivery shows in the "
            "notifications list",
            "notifications", Access::kVendorAdmin, "", 202, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.notifications.SendTest(c.actor(), Param(c, "project_id"),
                                                       Param(c, "channel_id")));
              return Accepted();
            })));
  const std::string notifications = "/api/v1/projects/{project_id}/notifications";
  ops.push_back(
      ApiOp("GET", notifications, "listNotifications",
            "The project's notifications, newest first: pending (with attempts and the next one), "
            "delivered, or dead after the retries ran out",
            "notifications", Access::kVendor, "", 200, "NotificationList",
            Wrap(deps,
                 [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page,
                                    d.notifications.ListNotifications(
                                        c.actor(), Param(c, "project_id"),
                                        c.request.QueryParam("status").value_or(""), page_request));
                   return JsonResponse(200, ListBody(page, EncodeNotification));
                 }),
            {{"status", "string", "pending, delivered or dead"}}, true));
  ops.push_back(
      ApiOp("POST", notifications + "/{notification_id}/replay", "replayNotification",
            "Send a dead notification again (its attempts start over); 404 unless it is dead",
            "notifications", Access::kVendorAdmin, "", 202, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.notifications.Replay(c.actor(), Param(c, "project_id"),
                                                     Param(c, "notification_id")));
              return Accepted();
            })));
}

}  // namespace icopilot::api
