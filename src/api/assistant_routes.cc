// /api/v1/projects/{project_id}/assistant/questions: a partner asks (or the vendor asks on
// a partner's behalf), the answer comes back cited; the vendor reads what was asked; the
// asker rates an answer (docs/assistant.md).
#include <memory>

#include <boost/json/serialize.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/assistant_service.h"

namespace icopilot::api {
namespace {

boost::json::object EncodeQuestion(const store::QuestionRecord& q) {
  boost::json::object out{
      {"id", q.id},
      {"partner_id", q.partner},
      {"question", q.question},
      {"about", q.about_kind.empty()
                    ? boost::json::value(nullptr)
                    : boost::json::value({{"kind", q.about_kind}, {"id", q.about_id}})},
      {"intent", q.intent},
      {"answered_by", q.answered_by},
      {"grounded", q.grounded},
      {"helpful", q.helpful ? boost::json::value(*q.helpful) : boost::json::value(nullptr)},
      {"feedback", q.feedback},
      {"dropped_citations", q.dropped_citations},
      {"model_error", q.model_error},
      {"created_at", FormatTimestamp(q.created_at)}};
  auto answer = ParseJson(q.answer);
  if (answer.ok() && answer->is_object())
    for (const auto& [key, value] : answer->as_object()) out[key] = value;
  return out;
}

boost::json::object EncodeModel(const services::ModelView& m) {
  return {{"connected", true},
          {"base_url", m.base_url},
          {"model", m.model},
          {"has_api_key", m.has_api_key},
          {"timeout_ms", m.timeout_ms},
          {"stream", m.stream},
          {"updated_at", FormatTimestamp(m.updated_at)}};
}

// One server-sent event.
std::string Event(std::string_view name, const boost::json::value& data) {
  return StrCat("event: ", name, "\ndata: ", boost::json::serialize(data), "\n\n");
}

// The answer as server-sent events (Accept: text/event-stream): `delta` events with the
// model's Markdown as it is written, then `answer` with what a 201 would hold, or `error`
// with a problem. Refusals (bad input, 404, 429) come before the stream, as problems.
net::Response StreamedAnswer(services::AssistantService& assistant, const services::Actor& actor,
                             services::PreparedQuestion prepared) {
  net::Response response;
  response.headers.Set("content-type", "text/event-stream");
  response.headers.Set("x-accel-buffering", "no");  // a proxy in front passes events on at once
  auto shared = std::make_shared<const services::PreparedQuestion>(std::move(prepared));
  response.stream = [&assistant, actor, shared](const net::BodyWriter& write) {
    bool listening = true;
    auto reply = assistant.Answer(actor, *shared, [&](std::string_view markdown) {
      if (listening) listening = write(Event("delta", {{"markdown", markdown}}));
    });
    if (!reply.ok()) {
      auto problem = ProblemFromStatus(reply.status());
      auto json = ParseJson(problem.body);
      write(Event("error", json.ok() ? *json : boost::json::value(nullptr)));
      return;
    }
    write(Event("answer", EncodeQuestion(reply->record)));
  };
  return response;
}

bool AsksForEvents(const net::Request& request) {
  return request.headers.Find("accept").value_or("").find("text/event-stream") !=
         std::string_view::npos;
}

}  // namespace

void AddAssistantRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string questions = "/api/v1/projects/{project_id}/assistant/questions";
  ops.push_back(ApiOp(
      "POST", questions, "askAssistant",
      "Ask the assistant: answered from the partner's own failed cases, traces, plan and the "
      "vendor's notes, every claim cited; partners ask for themselves, the vendor names the "
      "partner. 429 past the partner's questions per hour or per day. With Accept: "
      "text/event-stream the answer streams as server-sent events (200): `delta` events "
      "({markdown}) as the model writes, then `answer` (the AssistantAnswer) or `error` (a "
      "problem)",
      "assistant", Access::kAnyUser, "AssistantQuestionCreate", 201, "AssistantAnswer",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        RETURN_IF_ERROR(OnlyFields(body, {"question", "about", "partner_id"}));
        services::AskInput input;
        ASSIGN_OR_RETURN(auto question, StringField(body, "question", true));
        input.question = *question;
        ASSIGN_OR_RETURN(auto partner, StringField(body, "partner_id", false));
        input.partner_org_id = partner.value_or("");
        if (const auto* about = body.if_contains("about"); about != nullptr && !about->is_null()) {
          if (!about->is_object()) return absl::InvalidArgumentError("about: must be an object");
          RETURN_IF_ERROR(OnlyFields(about->as_object(), {"kind", "id"}));
          ASSIGN_OR_RETURN(auto kind, StringField(about->as_object(), "kind", true));
          ASSIGN_OR_RETURN(auto id, StringField(about->as_object(), "id", true));
          input.about_kind = *kind;
          input.about_id = *id;
        }
        if (AsksForEvents(c.request)) {
          ASSIGN_OR_RETURN(auto prepared,
                           d.assistant.Prepare(c.actor(), Param(c, "project_id"), input));
          return StreamedAnswer(d.assistant, c.actor(), std::move(prepared));
        }
        ASSIGN_OR_RETURN(auto reply, d.assistant.Ask(c.actor(), Param(c, "project_id"), input));
        return JsonResponse(201, EncodeQuestion(reply.record));
      })));
  ops.push_back(
      ApiOp("GET", questions, "listAssistantQuestions",
            "Questions asked with their answers, newest first: the vendor sees every partner's (or "
            "one's), a partner its own",
            "assistant", Access::kAnyUser, "", 200, "AssistantAnswerList",
            Wrap(deps,
                 [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(
                       auto list,
                       d.assistant.List(c.actor(), Param(c, "project_id"),
                                        c.request.QueryParam("partner_id").value_or(""), page));
                   return JsonResponse(200, ListBody(list, EncodeQuestion));
                 }),
            {{"partner_id", "string", "Only this partner's (the vendor)"}}, true));
  ops.push_back(
      ApiOp("GET", "/api/v1/projects/{project_id}/assistant/usage", "getAssistantUsage",
            "How partners use the assistant, per partner per UTC day: questions, answered from "
            "evidence (no human needed), by the model, rated helpful or not",
            "assistant", Access::kVendor, "", 200, "AssistantUsage",
            Wrap(deps,
                 [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto days, IntQuery(c.request, "days", 30));
                   ASSIGN_OR_RETURN(auto usage,
                                    d.assistant.Usage(c.actor(), Param(c, "project_id"), days));
                   boost::json::array items;
                   for (const auto& u : usage) {
                     boost::json::object item;
                     item["partner_id"] = u.partner;
                     item["day"] = FormatTimestamp(u.day * 86400000).substr(0, 10);
                     item["questions"] = u.questions;
                     item["grounded"] = u.grounded;
                     item["by_model"] = u.by_model;
                     item["helpful"] = u.helpful;
                     item["not_helpful"] = u.not_helpful;
                     items.push_back(std::move(item));
                   }
                   boost::json::object body;
                   body["days"] = days;
                   body["items"] = std::move(items);
                   return JsonResponse(200, body);
                 }),
            {{"days", "integer", "Days back from today, 1 to 365 (30)"}}));
  const std::string model = "/api/v1/org/assistant-model";
  ops.push_back(
      ApiOp("GET", model, "getAssistantModel",
            "The org's language model for the assistant (the key is never shown); "
            "connected false while the assistant answers without one",
            "assistant", Access::kVendorAdmin, "", 200, "AssistantModel",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto view, d.assistant.GetModel(c.actor()));
              if (!view) return JsonResponse(200, boost::json::object{{"connected", false}});
              return JsonResponse(200, EncodeModel(*view));
            })));
  ops.push_back(ApiOp(
      "PUT", model, "setAssistantModel",
      "Connect an OpenAI-compatible chat-completions endpoint (llama.cpp's server, Ollama, "
      "vLLM, hosted services); its key is sealed at rest. Answers fall back to the rules' "
      "answer when it fails or times out",
      "assistant", Access::kVendorAdmin, "AssistantModelSet", 200, "AssistantModel",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        RETURN_IF_ERROR(OnlyFields(body, {"base_url", "model", "api_key", "timeout_ms", "stream"}));
        services::ModelInput input;
        ASSIGN_OR_RETURN(auto base_url, StringField(body, "base_url", true));
        ASSIGN_OR_RETURN(auto name, StringField(body, "model", true));
        ASSIGN_OR_RETURN(input.api_key, StringField(body, "api_key", false));
        ASSIGN_OR_RETURN(auto timeout, IntField(body, "timeout_ms"));
        input.base_url = *base_url;
        input.model = *name;
        input.timeout_ms = timeout.value_or(20000);
        if (const auto* stream = body.if_contains("stream")) {
          if (!stream->is_bool()) return absl::InvalidArgumentError("stream: true or false");
          input.stream = stream->as_bool();
        }
        ASSIGN_OR_RETURN(auto view, d.assistant.SetModel(c.actor(), input));
        return JsonResponse(200, EncodeModel(view));
      })));
  ops.push_back(ApiOp(
      "DELETE", model, "deleteAssistantModel",
      "Disconnect the model: the assistant answers without one", "assistant", Access::kVendorAdmin,
      "", 204, "", Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        RETURN_IF_ERROR(d.assistant.DeleteModel(c.actor()));
        return NoContent();
      })));
  ops.push_back(ApiOp(
      "POST", questions + "/{question_id}/feedback", "rateAssistantAnswer",
      "Thumbs up or down on an answer, with an optional comment", "assistant", Access::kAnyUser,
      "AssistantFeedback", 204, "",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        RETURN_IF_ERROR(OnlyFields(body, {"helpful", "comment"}));
        const auto* helpful = body.if_contains("helpful");
        if (helpful == nullptr || !helpful->is_bool())
          return absl::InvalidArgumentError("helpful: required, true or false");
        ASSIGN_OR_RETURN(auto comment, StringField(body, "comment", false));
        RETURN_IF_ERROR(d.assistant.Rate(c.actor(), Param(c, "project_id"), Param(c, "question_id"),
                                         helpful->as_bool(), comment.value_or("")));
        return NoContent();
      })));
}

}  // namespace icopilot::api
