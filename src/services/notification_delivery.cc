#include "services/notification_delivery.h"

#include <boost/json/serialize.hpp>

#include "core/crypto.h"
#include "core/json.h"
#include "core/signed_payload.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

std::string Text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

std::string NameOf(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? Text(v->as_object(), "name") : "";
}

std::string Base(std::string_view url) {
  std::string base(url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

// Slack: a headline linking into the portal, who and where, and a button.
std::string SlackMessage(const boost::json::object& event, const std::string& link) {
  const std::string title = Text(event, "title");
  std::string context = StrCat("*", SlackEscape(NameOf(event, "project")), "*");
  for (std::string_view key : {"partner", "environment"})
    if (std::string name = NameOf(event, key); !name.empty())
      context += StrCat(" · ", SlackEscape(name));
  context += StrCat(" · `", SlackEscape(Text(event, "type")), "`");
  boost::json::array blocks{
      boost::json::object{
          {"type", "section"},
          {"text",
           {{"type", "mrkdwn"}, {"text", StrCat("*<", link, "|", SlackEscape(title), ">*")}}}},
      boost::json::object{
          {"type", "context"},
          {"elements", boost::json::array{{{"type", "mrkdwn"}, {"text", context}}}}},
      boost::json::object{
          {"type", "actions"},
          {"elements",
           boost::json::array{
               {{"type", "button"},
                {"text", {{"type", "plain_text"}, {"text", "Open in Integration Copilot"}}},
                {"url", link}}}}}};
  return boost::json::serialize(
      boost::json::object{{"text", title}, {"blocks", std::move(blocks)}});
}

// Jira (REST API v2): an issue in the configured project, its description linking back.
absl::StatusOr<std::string> JiraIssue(const boost::json::object& event, const std::string& link,
                                      const boost::json::object& settings) {
  const std::string key = Text(settings, "project_key");
  if (key.empty()) return absl::FailedPreconditionError("the channel names no Jira project");
  std::string issue_type = Text(settings, "issue_type");
  if (issue_type.empty()) issue_type = "Task";
  boost::json::array labels;
  if (const auto* l = settings.if_contains("labels"); l != nullptr && l->is_array())
    labels = l->as_array();
  std::string summary = Text(event, "title");
  if (summary.size() > 250) summary = summary.substr(0, 250) + "…";
  std::string description = StrCat(Text(event, "title"), "\n\nProject: ", NameOf(event, "project"));
  if (std::string partner = NameOf(event, "partner"); !partner.empty())
    description += StrCat("\nPartner: ", partner);
  if (std::string environment = NameOf(event, "environment"); !environment.empty())
    description += StrCat("\nEnvironment: ", environment);
  description += StrCat("\n\nOpen in Integration Copilot: ", link, "\n\nEvent ", Text(event, "id"),
                        " (", Text(event, "type"), ")");
  return boost::json::serialize(boost::json::object{{"fields",
                                                     {{"project", {{"key", key}}},
                                                      {"issuetype", {{"name", issue_type}}},
                                                      {"summary", summary},
                                                      {"description", description},
                                                      {"labels", std::move(labels)}}}});
}

}  // namespace

std::string SlackEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

absl::StatusOr<net::ClientRequest> DeliveryRequest(const store::ChannelRecord& channel,
                                                   const std::string& secret,
                                                   const std::string& payload,
                                                   std::string_view public_url, std::int64_t now) {
  auto parsed = ParseJson(payload);
  if (!parsed.ok() || !parsed->is_object())
    return absl::InternalError("a stored notification is not a JSON object");
  boost::json::object event = parsed->as_object();
  const std::string link = Base(public_url) + Text(event, "link");
  event["link"] = link;

  net::ClientRequest request;
  request.method = "POST";
  request.timeout = std::chrono::seconds(10);
  request.max_body_bytes = 64 * 1024;
  request.headers = {{"content-type", "application/json"},
                     {"user-agent", "icopilot-notifications"}};
  if (channel.kind == "webhook") {
    request.url = channel.url;
    request.body = boost::json::serialize(event);
    request.headers.emplace_back("x-copilot-event-id", Text(event, "id"));
    request.headers.emplace_back("x-copilot-event-type", Text(event, "type"));
    if (!secret.empty())
      request.headers.emplace_back("x-copilot-signature",
                                   SignPayload(secret, now / 1000, request.body));
    return request;
  }
  if (channel.kind == "slack") {
    request.url = channel.url;
    request.body = SlackMessage(event, link);
    return request;
  }
  if (channel.kind == "jira") {
    auto settings = ParseJson(channel.settings);
    const boost::json::object empty;
    const auto& s = settings.ok() && settings->is_object() ? settings->as_object() : empty;
    ASSIGN_OR_RETURN(request.body, JiraIssue(event, link, s));
    request.url = Base(channel.url) + "/rest/api/2/issue";
    request.headers.emplace_back("accept", "application/json");
    request.headers.emplace_back("authorization",
                                 "Basic " + EncodeBase64(StrCat(Text(s, "email"), ":", secret)));
    return request;
  }
  return absl::InternalError(StrCat("unknown channel kind ", channel.kind));
}

}  // namespace icopilot::services
