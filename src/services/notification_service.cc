#include "services/notification_service.h"

#include <boost/json/serialize.hpp>

#include "core/ids.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/notification_events.h"
#include "store/project_repository.h"

namespace icopilot::services {
namespace {

bool IsHttpUrl(std::string_view url) {
  return (url.starts_with("https://") && url.size() > 8) ||
         (url.starts_with("http://") && url.size() > 7);
}

ChannelView ViewOf(store::ChannelRecord record, std::string new_secret = "") {
  ChannelView view;
  view.has_secret = !record.secret_sealed.empty();
  record.secret_sealed.clear();
  view.record = std::move(record);
  view.new_secret = std::move(new_secret);
  return view;
}

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

}  // namespace

absl::Status NotificationService::RequireProject(const Actor& actor, std::string_view project_id,
                                                 bool change) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("notification channels are the vendor's");
  if (change && !actor.scope.is_org_admin())
    return absl::PermissionDeniedError("only the vendor's owners and admins change channels");
  return store::ProjectRepository(db_).Get(actor.scope, project_id).status();
}

absl::Status NotificationService::Check(store::ChannelRecord& c, const ChannelInput& in,
                                        std::string& new_secret) {
  if (in.name) c.name = std::string(TrimWhitespace(*in.name));
  if (c.name.empty() || c.name.size() > 100)
    return absl::InvalidArgumentError("name: required, at most 100 characters");
  if (in.url) c.url = std::string(TrimWhitespace(*in.url));
  if (!IsHttpUrl(c.url) || c.url.size() > 2000)
    return absl::InvalidArgumentError("url: an http:// or https:// URL is required");
  if (in.events) {
    for (const auto& e : *in.events)
      if (!IsEventType(e) || e == "channel.test")
        return absl::InvalidArgumentError(StrCat("events: unknown event type ", e));
    c.events = boost::json::serialize(Strings(*in.events));
  }
  if (c.events.empty()) c.events = "[]";
  if (in.violations_per_hour) {
    if (*in.violations_per_hour < 0)
      return absl::InvalidArgumentError("violations_per_hour: must be 0 or more");
    c.violations_per_hour = *in.violations_per_hour;
  }
  if (in.enabled) c.enabled = *in.enabled;

  auto settings = ParseJson(c.settings.empty() ? "{}" : c.settings);
  boost::json::object s =
      settings.ok() && settings->is_object() ? settings->as_object() : boost::json::object();
  if (c.kind == "jira") {
    if (in.jira_project_key) s["project_key"] = *in.jira_project_key;
    if (in.jira_issue_type) s["issue_type"] = *in.jira_issue_type;
    if (in.jira_labels) {
      for (const auto& label : *in.jira_labels)
        if (label.empty() || label.find_first_of(" \t\r\n") != std::string::npos)
          return absl::InvalidArgumentError(
              StrCat("jira.labels: '", label, "' is not a Jira label (one word, no spaces)"));
      s["labels"] = Strings(*in.jira_labels);
    }
    if (in.jira_email) s["email"] = *in.jira_email;
    const auto* key = s.if_contains("project_key");
    if (key == nullptr || !key->is_string() || key->as_string().empty())
      return absl::InvalidArgumentError("jira.project_key: required");
    const auto* email = s.if_contains("email");
    if (email == nullptr || !email->is_string() || email->as_string().empty())
      return absl::InvalidArgumentError("jira.email: required (the account the token is of)");
    if (!in.secret && c.secret_sealed.empty())
      return absl::InvalidArgumentError("secret: Jira's API token is required");
  }
  c.settings = boost::json::serialize(s);
  if (in.secret) {
    if (in.secret->empty() || in.secret->size() > 500)
      return absl::InvalidArgumentError("secret: 1 to 500 characters");
    c.secret_sealed = box_.Seal(*in.secret);
  } else if (c.kind == "webhook" && c.secret_sealed.empty()) {
    new_secret = "whsec_" + RandomToken(24);
    c.secret_sealed = box_.Seal(new_secret);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ChannelView>> NotificationService::ListChannels(
    const Actor& actor, std::string_view project_id) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, false));
  ASSIGN_OR_RETURN(auto channels, store::NotificationRepository(db_).ListChannels(project_id));
  std::vector<ChannelView> out;
  for (auto& c : channels) out.push_back(ViewOf(std::move(c)));
  return out;
}

absl::StatusOr<ChannelView> NotificationService::CreateChannel(const Actor& actor,
                                                               std::string_view project_id,
                                                               const ChannelInput& input) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, true));
  store::ChannelRecord c;
  c.kind = input.kind.value_or("");
  if (c.kind != "webhook" && c.kind != "slack" && c.kind != "jira")
    return absl::InvalidArgumentError("kind: must be webhook, slack or jira");
  c.id = NewId("nch");
  c.org_id = actor.scope.org_id;
  c.project_id = std::string(project_id);
  c.created_by = actor.scope.user_id;
  c.created_at = c.updated_at = clock_.NowMillis();
  std::string new_secret;
  RETURN_IF_ERROR(Check(c, input, new_secret));
  RETURN_IF_ERROR(store::NotificationRepository(db_).InsertChannel(c));
  return ViewOf(std::move(c), std::move(new_secret));
}

absl::StatusOr<ChannelView> NotificationService::UpdateChannel(const Actor& actor,
                                                               std::string_view project_id,
                                                               std::string_view channel_id,
                                                               const ChannelInput& input) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, true));
  if (input.kind) return absl::InvalidArgumentError("kind: a channel's kind cannot change");
  store::NotificationRepository repo(db_);
  ASSIGN_OR_RETURN(auto c, repo.GetChannel(actor.scope, project_id, channel_id));
  std::string new_secret;
  RETURN_IF_ERROR(Check(c, input, new_secret));
  c.updated_at = clock_.NowMillis();
  RETURN_IF_ERROR(repo.UpdateChannel(c));
  return ViewOf(std::move(c), std::move(new_secret));
}

absl::Status NotificationService::DeleteChannel(const Actor& actor, std::string_view project_id,
                                                std::string_view channel_id) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, true));
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::NotificationRepository repo(tx);
    RETURN_IF_ERROR(repo.GetChannel(actor.scope, project_id, channel_id).status());
    return repo.DeleteChannel(channel_id);
  });
}

absl::Status NotificationService::SendTest(const Actor& actor, std::string_view project_id,
                                           std::string_view channel_id) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, true));
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto channel, store::NotificationRepository(tx).GetChannel(
                                       actor.scope, project_id, channel_id));
    Event event;
    event.type = "channel.test";
    event.org_id = channel.org_id;
    event.project_id = channel.project_id;
    event.title = StrCat("Test message for ", channel.name, " ({project})");
    event.link = StrCat("/projects/", project_id, "/settings");
    event.data = {{"channel_id", channel.id}};
    return EnqueueEvent(tx, event, clock_.NowMillis(), channel.id);
  }));
  if (on_queued_) on_queued_();
  return absl::OkStatus();
}

absl::StatusOr<store::Page<store::NotificationRecord>> NotificationService::ListNotifications(
    const Actor& actor, std::string_view project_id, std::string_view status,
    const store::PageRequest& page) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, false));
  if (!status.empty() && status != "pending" && status != "delivered" && status != "dead")
    return absl::InvalidArgumentError("status: pending, delivered or dead");
  return store::NotificationRepository(db_).ListNotifications(project_id, status, page);
}

absl::Status NotificationService::Replay(const Actor& actor, std::string_view project_id,
                                         std::string_view notification_id) {
  RETURN_IF_ERROR(RequireProject(actor, project_id, true));
  RETURN_IF_ERROR(
      store::NotificationRepository(db_).Replay(project_id, notification_id, clock_.NowMillis()));
  if (on_queued_) on_queued_();
  return absl::OkStatus();
}

}  // namespace icopilot::services
