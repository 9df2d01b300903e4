#include "services/assistant_service.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/serialize.hpp>

#include "assistant/spec_passages.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/retry_after.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/http_client.h"
#include "services/annotation_service.h"
#include "services/golden_service.h"
#include "services/loaded_versions.h"
#include "services/mock_service.h"
#include "services/plan_service.h"
#include "services/send_target.h"
#include "services/trace_service.h"
#include "store/plan_repository.h"
#include "store/visibility.h"

namespace icopilot::services {

namespace {

constexpr int kRunsRead = 50;      // the newest runs looked through for the partner's
constexpr int kRunsWithCases = 5;  // of which this many have their cases read
constexpr int kCasesKept = 12;     // failed cases in the grounding
constexpr int kEvidenceRead = 6;   // of which this many with their exchange and notes
constexpr int kTracesKept = 12;    // traces with errors or violations
constexpr int kPassagesKept = 5;
constexpr std::int64_t kHour = 3600 * 1000;

std::string Text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

int Int(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->as_int64()) : 0;
}

assistant::Headers HeadersOf(const boost::json::object& o, std::string_view key) {
  assistant::Headers headers;
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return headers;
  for (const auto& pair : v->as_array())
    if (pair.is_array() && pair.as_array().size() == 2 && pair.as_array()[0].is_string() &&
        pair.as_array()[1].is_string())
      headers.emplace_back(std::string(pair.as_array()[0].as_string()),
                           std::string(pair.as_array()[1].as_string()));
  return headers;
}

// A case's evidence exchange (golden::ExchangeJson).
assistant::Exchange CaseExchange(const boost::json::object& e) {
  return {Text(e, "method"),        Text(e, "url"),   HeadersOf(e, "request_headers"),
          Text(e, "request_body"),  Int(e, "status"), HeadersOf(e, "response_headers"),
          Text(e, "response_body"), Text(e, "error")};
}

// A stored trace (traces::TraceJson).
void ReadTrace(const boost::json::object& t, assistant::TraceEvidence& out) {
  if (const auto* r = t.if_contains("request"); r != nullptr && r->is_object()) {
    out.exchange.method = Text(r->as_object(), "method");
    out.exchange.url = Text(r->as_object(), "url");
    out.exchange.request_headers = HeadersOf(r->as_object(), "headers");
    out.exchange.request_body = Text(r->as_object(), "body");
  }
  if (const auto* r = t.if_contains("response"); r != nullptr && r->is_object()) {
    out.exchange.status = Int(r->as_object(), "status");
    out.exchange.response_headers = HeadersOf(r->as_object(), "headers");
    out.exchange.response_body = Text(r->as_object(), "body");
  }
  if (const auto* v = t.if_contains("violations"); v != nullptr && v->is_array())
    for (const auto& one : v->as_array())
      if (one.is_object())
        out.violations.push_back({Text(one.as_object(), "side"), Text(one.as_object(), "location"),
                                  Text(one.as_object(), "message"),
                                  Text(one.as_object(), "keyword")});
}

std::vector<std::string> NoteIds(const absl::StatusOr<std::vector<AnnotationView>>& matched) {
  std::vector<std::string> ids;
  if (matched.ok())
    for (const auto& view : *matched) ids.push_back(view.record.id);
  return ids;
}

boost::json::object AnswerJson(const assistant::Answer& answer) {
  boost::json::array citations;
  for (const auto& c : answer.citations)
    citations.push_back({{"kind", c.kind}, {"id", c.id}, {"title", c.title}, {"link", c.link}});
  return {{"markdown", answer.markdown},
          {"citations", std::move(citations)},
          {"snippet", answer.snippet}};
}

// The project's passages, rebuilt when the newest spec version or the notes changed.
absl::Status RefreshIndex(store::Database& db, const Clock& clock, const std::string& project_id,
                          const std::string& version_id, const spec::Spec* spec,
                          const std::vector<AnnotationView>& notes) {
  std::int64_t newest_note = 0;
  for (const auto& n : notes) newest_note = std::max(newest_note, n.record.updated_at);
  const std::string stamp = StrCat(version_id, ":", notes.size(), ":", newest_note);
  store::AssistantRepository index(db);
  ASSIGN_OR_RETURN(auto current, index.IndexStamp(project_id));
  if (current && *current == stamp) return absl::OkStatus();
  std::vector<store::PassageRecord> passages;
  if (spec != nullptr)
    for (auto& text : assistant::SpecPassages(*spec, ""))
      passages.push_back({text.kind, text.ref, text.title, text.body, ""});
  for (const auto& n : notes)
    passages.push_back({"annotation", n.record.id,
                        StrCat("Note on ", n.record.operation_id,
                               n.record.pointer.empty() ? "" : StrCat(" ", n.record.pointer)),
                        n.record.message, ""});
  return db.InTransaction([&](store::SqlExecutor& tx) {
    return store::AssistantRepository(tx).ReplacePassages(project_id, stamp, passages,
                                                          clock.NowMillis());
  });
}

}  // namespace

absl::Status AssistantService::Throttle(std::string_view project_id,
                                        const std::string& partner_org_id) {
  const std::int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto times, store::AssistantRepository(db_).QuestionTimesSince(
                                   project_id, partner_org_id, now - 24 * kHour));
  // Past a limit, the wait is until enough of the window's oldest questions age out of it.
  auto wait_seconds = [&](const std::vector<std::int64_t>& window, std::int64_t limit,
                          std::int64_t length) {
    const auto freeing = window[window.size() - static_cast<std::size_t>(limit)];
    return (freeing + length - now + 999) / 1000;
  };
  std::vector<std::int64_t> hour;
  for (auto t : times)
    if (t >= now - kHour) hour.push_back(t);
  if (limits_.per_hour <= 0 || static_cast<std::int64_t>(hour.size()) >= limits_.per_hour)
    return ExhaustedFor(
        StrCat("at most ", limits_.per_hour, " questions an hour per partner; ask again later"),
        limits_.per_hour <= 0 ? 3600 : wait_seconds(hour, limits_.per_hour, kHour));
  if (limits_.per_day <= 0 || static_cast<std::int64_t>(times.size()) >= limits_.per_day)
    return ExhaustedFor(
        StrCat("at most ", limits_.per_day, " questions a day per partner; ask again tomorrow"),
        limits_.per_day <= 0 ? 24 * 3600 : wait_seconds(times, limits_.per_day, 24 * kHour));
  return absl::OkStatus();
}

assistant::TraceEvidence AssistantService::TraceEvidenceOf(
    const Actor& actor, std::string_view project_id, const store::TraceRecord& t,
    const std::map<std::string, std::string>& environments) {
  assistant::TraceEvidence evidence;
  evidence.id = t.id;
  evidence.operation_id = t.operation_id;
  if (auto name = environments.find(t.environment_id); name != environments.end())
    evidence.environment = name->second;
  evidence.at = t.created_at;
  auto json = ParseJson(t.record);
  if (!json.ok() || !json->is_object()) return evidence;
  ReadTrace(json->as_object(), evidence);
  // The vendor's notes whose condition the call's request met.
  const auto* request = json->as_object().if_contains("request");
  if (!t.operation_id.empty() && request != nullptr && request->is_object())
    if (auto sent = SentRequestFromJson(request->as_object()))
      evidence.note_ids =
          NoteIds(s_.annotations.MatchSent(actor, project_id, "", t.operation_id, *sent));
  return evidence;
}

absl::StatusOr<assistant::Grounding> AssistantService::Gather(const Actor& actor,
                                                              std::string_view project_id,
                                                              const std::string& partner,
                                                              const assistant::Question& question) {
  assistant::Grounding g;
  std::map<std::string, std::string> environments{{"mock", "Mock"}};
  ASSIGN_OR_RETURN(auto envs, s_.golden.ListEnvironments(actor, project_id));
  for (const auto& e : envs) environments[e.record.id] = e.record.name;

  // Failed cases of the partner's newest runs.
  ASSIGN_OR_RETURN(auto runs, s_.golden.ListRuns(actor, project_id, {kRunsRead, std::nullopt, ""}));
  int runs_read = 0;
  int with_evidence = 0;
  for (const auto& run : runs.items) {
    if (run.requester_org_id != partner || run.status != "finished") continue;
    if (++runs_read > kRunsWithCases || static_cast<int>(g.cases.size()) >= kCasesKept) break;
    ASSIGN_OR_RETURN(auto cases, s_.golden.ListRunCases(actor, project_id, run.id));
    for (const auto& c : cases) {
      if (c.status == "passed" || c.status == "skipped" || c.status == "not_applicable") continue;
      if (static_cast<int>(g.cases.size()) >= kCasesKept) break;
      assistant::FailedCase failed;
      failed.run_id = run.id;
      failed.position = c.position;
      failed.case_id = c.case_id;
      failed.category = c.category;
      failed.operation_id = c.operation_id;
      failed.environment = environments[run.environment_id];
      failed.verdict = c.status;
      failed.required = c.required;
      failed.reason = c.reason;
      failed.finished_at = run.finished_at.value_or(run.created_at);
      // The newest few with their exchange and the notes that apply to it; the question's
      // own case always.
      const bool asked =
          question.about_kind == "case" && question.about_id == StrCat(run.id, "/", c.position);
      if (with_evidence < kEvidenceRead || asked) {
        ++with_evidence;
        auto full = s_.golden.GetRunCase(actor, project_id, run.id, c.position);
        auto detail =
            full.ok() ? ParseJson(full->detail) : absl::StatusOr<boost::json::value>(full.status());
        if (detail.ok() && detail->is_object()) {
          failed.title = Text(detail->as_object(), "title");
          const auto* evidence = detail->as_object().if_contains("evidence");
          if (evidence != nullptr && evidence->is_array() && !evidence->as_array().empty() &&
              evidence->as_array().back().is_object()) {
            const auto& last = evidence->as_array().back().as_object();
            failed.exchange = CaseExchange(last);
            if (!c.operation_id.empty())
              if (auto sent = SentRequestFromJson(last))
                failed.note_ids = NoteIds(s_.annotations.MatchSent(
                    actor, project_id, run.spec_version_id, c.operation_id, *sent));
          }
        }
      }
      g.cases.push_back(std::move(failed));
    }
  }

  // Calls that answered an error or broke the contract, newest first; and the newest few
  // with each status and violation the question names, however old.
  const auto read = assistant::ReadTheQuestion(question);
  store::TraceFilter filter;
  filter.partner_org_id = partner;
  ASSIGN_OR_RETURN(auto recent,
                   s_.traces.ListTraces(actor, project_id, filter, {100, std::nullopt, ""}));
  std::vector<store::TraceRecord> named;
  for (int status : read.statuses) {
    store::TraceFilter by_status = filter;
    by_status.status = status;
    ASSIGN_OR_RETURN(auto some,
                     s_.traces.ListTraces(actor, project_id, by_status, {3, std::nullopt, ""}));
    named.insert(named.end(), some.items.begin(), some.items.end());
  }
  for (const auto& keyword : read.keywords) {
    store::TraceFilter by_keyword = filter;
    by_keyword.violation = keyword;
    auto some = s_.traces.ListTraces(actor, project_id, by_keyword, {3, std::nullopt, ""});
    if (some.ok()) named.insert(named.end(), some->items.begin(), some->items.end());
  }
  std::set<std::string> named_ids;
  for (const auto& t : named) named_ids.insert(t.id);
  for (auto& t : named)
    if (std::none_of(recent.items.begin(), recent.items.end(),
                     [&](const auto& r) { return r.id == t.id; }))
      recent.items.push_back(std::move(t));
  std::stable_sort(recent.items.begin(), recent.items.end(),
                   [](const auto& a, const auto& b) { return a.created_at > b.created_at; });
  for (const auto& t : recent.items) {
    const bool asked = question.about_kind == "trace" && question.about_id == t.id;
    if (!asked && t.violation_count == 0 && t.status > 0 && t.status < 400) continue;
    const bool was_named = named_ids.contains(t.id);
    if (!asked && !was_named && static_cast<int>(g.traces.size()) >= kTracesKept) continue;
    g.traces.push_back(TraceEvidenceOf(actor, project_id, t, environments));
  }
  if (question.about_kind == "trace" &&
      std::none_of(g.traces.begin(), g.traces.end(),
                   [&](const auto& t) { return t.id == question.about_id; })) {
    // Asked about an older trace than the recent ones read: read it (NotFound if not theirs).
    ASSIGN_OR_RETURN(auto t, s_.traces.GetTrace(actor, project_id, question.about_id));
    if (t.partner_org_id != partner) return absl::NotFoundError("trace not found");
    g.traces.insert(g.traces.begin(), TraceEvidenceOf(actor, project_id, t, environments));
  }

  // The vendor's notes, the plan board, the spec.
  ASSIGN_OR_RETURN(auto notes,
                   s_.annotations.List(actor, project_id, "", "", {200, std::nullopt, ""}));
  for (const auto& n : notes.items)
    g.notes.push_back({n.record.id, n.record.operation_id, n.record.pointer, n.record.kind,
                       n.record.message, n.record.link});
  ASSIGN_OR_RETURN(auto board, s_.plans.Board(actor, project_id, partner));
  g.partner_name = board.partner_name;
  for (const auto& item : board.items) {
    std::string summary;
    if (auto evidence = ParseJson(item.evidence); evidence.ok() && evidence->is_object())
      summary = Text(evidence->as_object(), "summary");
    g.plan.push_back({item.id, item.title, item.phase_name, item.owner_side, item.status,
                      item.due_at.value_or(0), summary});
  }
  auto latest = s_.specs.LatestSpecVersion(actor, project_id);
  std::shared_ptr<const LoadedVersion> version;
  if (latest.ok()) {
    auto loaded = s_.specs.LoadVersion(actor, project_id, latest->id);
    if (loaded.ok()) version = *loaded;
  }
  const spec::Spec* spec = version && version->loaded.spec ? &*version->loaded.spec : nullptr;
  RETURN_IF_ERROR(RefreshIndex(db_, clock_, std::string(project_id), latest.ok() ? latest->id : "",
                               spec, notes.items));
  std::vector<std::string> words(read.words.begin(), read.words.end());
  // The documentation first; the partner's earlier answers after it, never ahead.
  store::AssistantRepository index(db_);
  ASSIGN_OR_RETURN(auto hits, index.Search(project_id, partner, words, false, kPassagesKept));
  ASSIGN_OR_RETURN(auto answered, index.Search(project_id, partner, words, true, 2));
  hits.insert(hits.end(), answered.begin(), answered.end());
  for (auto& hit : hits)
    g.passages.push_back({hit.kind, hit.ref, hit.title, hit.fragment, hit.score});

  if (spec != nullptr) {
    std::vector<std::string> wanted;
    for (const auto& c : g.cases) wanted.push_back(c.operation_id);
    for (const auto& t : g.traces) wanted.push_back(t.operation_id);
    for (const auto& p : g.passages)
      if (p.kind == "operation") wanted.push_back(p.ref);
    for (const auto& op : spec->operations)
      if (std::find(wanted.begin(), wanted.end(), op.operation_id) != wanted.end())
        g.operations.push_back(assistant::OperationFragment(*spec, *version->schemas, op));
  }
  return g;
}

absl::StatusOr<PreparedQuestion> AssistantService::Prepare(const Actor& actor,
                                                           std::string_view project_id,
                                                           const AskInput& input) {
  const std::string question_text(TrimWhitespace(input.question));
  if (question_text.empty()) return absl::InvalidArgumentError("question: required");
  if (question_text.size() > kMaxQuestion)
    return absl::InvalidArgumentError(StrCat("question: at most ", kMaxQuestion, " characters"));
  if (!input.about_kind.empty() && input.about_kind != "case" && input.about_kind != "trace")
    return absl::InvalidArgumentError("about.kind: must be case or trace");
  if (!input.about_kind.empty() && input.about_id.empty())
    return absl::InvalidArgumentError("about.id: required with about.kind");
  PreparedQuestion p;
  p.partner = actor.scope.is_partner() ? actor.scope.org_id : input.partner_org_id;
  if (p.partner.empty())
    return absl::InvalidArgumentError("partner_id: required when the vendor asks");
  store::PlanRepository plans(db_);
  ASSIGN_OR_RETURN(auto membership, plans.RequireBoard(actor.scope, project_id, p.partner));
  RETURN_IF_ERROR(Throttle(project_id, p.partner));

  p.project_id = std::string(project_id);
  p.project_org_id = membership.project_org_id;
  p.question = {question_text, input.about_kind, input.about_id};
  ASSIGN_OR_RETURN(p.grounding, Gather(actor, project_id, p.partner, p.question));
  p.draft = assistant::AnswerWithoutModel(p.question, p.grounding);
  ASSIGN_OR_RETURN(p.model, store::AssistantRepository(db_).FindModel(p.project_org_id));
  return p;
}

absl::StatusOr<AssistantReply> AssistantService::Answer(const Actor& actor,
                                                        const PreparedQuestion& p,
                                                        const TextSink& on_text) {
  AssistantReply reply;
  reply.answer = p.draft;
  std::string answered_by = "rules";
  std::string model_error;
  std::int64_t dropped = 0;
  if (p.model) {
    auto from_model = AskModel(*p.model, p.question, p.grounding, p.draft, on_text);
    if (from_model.ok()) {
      reply.answer = std::move(from_model->answer);
      dropped = from_model->dropped_citations;
      answered_by = "model";
    } else {
      // The rules' answer stands; the vendor sees why in the questions list and the log.
      model_error = std::string(from_model.status().message());
      log::Event("warn", "assistant model did not answer",
                 {{"project_id", p.project_id}, {"error", model_error}});
    }
  }
  const std::string portal =
      StrCat(actor.scope.is_partner() ? "/partner/projects/" : "/projects/", p.project_id, "/");
  for (auto& c : reply.answer.citations)
    if (!c.link.empty()) c.link = portal + c.link;

  store::QuestionRecord& r = reply.record;
  r.id = NewId("asq");
  r.org_id = p.project_org_id;
  r.project_id = p.project_id;
  r.partner = p.partner;
  r.asked_by = actor.scope.user_id;
  r.question = p.question.text;
  r.about_kind = p.question.about_kind;
  r.about_id = p.question.about_id;
  r.intent = std::string(assistant::IntentName(reply.answer.intent));
  r.answer = boost::json::serialize(AnswerJson(reply.answer));
  r.answered_by = answered_by;
  r.dropped_citations = dropped;
  r.model_error = model_error;
  r.grounded = reply.answer.grounded;
  r.citations = static_cast<std::int64_t>(reply.answer.citations.size());
  r.created_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::AssistantRepository repo(tx);
    RETURN_IF_ERROR(repo.InsertQuestion(r));
    // Answered questions are found again by later ones of the same partner only.
    if (r.grounded)
      RETURN_IF_ERROR(repo.AddPassage(
          p.project_id,
          {"answer", r.id, r.question, reply.answer.markdown.substr(0, 2000), p.partner}));
    return absl::OkStatus();
  }));
  return reply;
}

absl::StatusOr<AssistantReply> AssistantService::Ask(const Actor& actor,
                                                     std::string_view project_id,
                                                     const AskInput& input) {
  ASSIGN_OR_RETURN(auto prepared, Prepare(actor, project_id, input));
  return Answer(actor, prepared);
}

absl::StatusOr<assistant::ModelAnswer> AssistantService::AskModel(
    const store::ModelRecord& model, const assistant::Question& question,
    const assistant::Grounding& grounding, const assistant::Answer& draft,
    const TextSink& on_text) {
  net::ClientRequest request;
  request.method = "POST";
  std::string base = model.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  request.url = base + "/chat/completions";
  if (!allow_private_targets_) {
    // The vendor chose the host; it still may not be this machine's neighbours.
    ASSIGN_OR_RETURN(std::string pin, CheckPublicTarget("base_url", model.base_url));
    request.resolve.push_back(std::move(pin));
  }
  request.headers = {{"content-type", "application/json"},
                     {"accept", model.stream ? "text/event-stream" : "application/json"}};
  if (!model.api_key_sealed.empty()) {
    ASSIGN_OR_RETURN(std::string key, box_.Open(model.api_key_sealed));
    request.headers.emplace_back("authorization", "Bearer " + key);
  }
  request.body = assistant::ChatRequest(model.model, question, grounding, draft, model.stream);
  request.timeout = std::chrono::milliseconds(model.timeout_ms);
  request.max_body_bytes = 2 * 1024 * 1024;
  assistant::StreamedAnswer streamed_so_far(question, grounding);
  if (on_text)
    request.on_body = [&](std::string_view piece) {
      if (std::string settled = streamed_so_far.Feed(piece); !settled.empty()) on_text(settled);
    };
  ASSIGN_OR_RETURN(auto response, net::SendHttp(request));
  if (response.status != 200)
    return absl::UnavailableError(StrCat("the model answered HTTP ", response.status));
  const bool streamed =
      response.headers.Find("content-type").value_or("").starts_with("text/event-stream");
  ASSIGN_OR_RETURN(std::string text, assistant::ReadChatReply(response.body, streamed));
  if (TrimWhitespace(text).empty()) return absl::UnavailableError("the model's answer was empty");
  return assistant::GroundModelText(text, question, grounding);
}

namespace {

absl::Status RequireVendorAdmin(const Actor& actor) {
  if (actor.scope.is_partner() || !actor.scope.is_org_admin())
    return absl::PermissionDeniedError(
        "only the vendor's owners and admins set the assistant's model");
  return absl::OkStatus();
}

ModelView ViewOf(const store::ModelRecord& m) {
  return {m.base_url, m.model, !m.api_key_sealed.empty(), m.timeout_ms, m.stream, m.updated_at};
}

}  // namespace

absl::StatusOr<std::optional<ModelView>> AssistantService::GetModel(const Actor& actor) {
  RETURN_IF_ERROR(RequireVendorAdmin(actor));
  ASSIGN_OR_RETURN(auto model, store::AssistantRepository(db_).FindModel(actor.scope.org_id));
  if (!model) return std::optional<ModelView>();
  return std::optional<ModelView>(ViewOf(*model));
}

absl::StatusOr<ModelView> AssistantService::SetModel(const Actor& actor, const ModelInput& input) {
  RETURN_IF_ERROR(RequireVendorAdmin(actor));
  if (!input.base_url.starts_with("http://") && !input.base_url.starts_with("https://"))
    return absl::InvalidArgumentError(
        "base_url: an http or https URL, such as https://llm.example.com/v1");
  if (input.base_url.size() > 2000)
    return absl::InvalidArgumentError("base_url: at most 2000 characters");
  if (input.model.empty() || input.model.size() > 200)
    return absl::InvalidArgumentError("model: required, at most 200 characters");
  if (input.timeout_ms < 1000 || input.timeout_ms > 120000)
    return absl::InvalidArgumentError("timeout_ms: from 1000 to 120000");
  if (input.api_key && input.api_key->size() > 4096)
    return absl::InvalidArgumentError("api_key: at most 4096 characters");
  store::AssistantRepository repo(db_);
  ASSIGN_OR_RETURN(auto current, repo.FindModel(actor.scope.org_id));
  store::ModelRecord record{actor.scope.org_id,  input.base_url,
                            input.model,         current ? current->api_key_sealed : "",
                            input.timeout_ms,    input.stream,
                            actor.scope.user_id, clock_.NowMillis()};
  if (input.api_key)
    record.api_key_sealed = input.api_key->empty() ? "" : box_.Seal(*input.api_key);
  RETURN_IF_ERROR(repo.PutModel(record));
  return ViewOf(record);
}

absl::Status AssistantService::DeleteModel(const Actor& actor) {
  RETURN_IF_ERROR(RequireVendorAdmin(actor));
  return store::AssistantRepository(db_).DeleteModel(actor.scope.org_id);
}

absl::StatusOr<store::Page<store::QuestionRecord>> AssistantService::List(
    const Actor& actor, std::string_view project_id, std::string_view partner_org_id,
    const store::PageRequest& page) {
  std::string partner(partner_org_id);
  if (actor.scope.is_partner()) {
    if (!partner.empty() && partner != actor.scope.org_id)
      return absl::NotFoundError("partner not found");
    partner = actor.scope.org_id;
    store::PlanRepository plans(db_);
    RETURN_IF_ERROR(plans.RequireBoard(actor.scope, project_id, partner).status());
  } else {
    RETURN_IF_ERROR(store::RequireOwnedProject(db_, actor.scope, project_id));
  }
  return store::AssistantRepository(db_).ListQuestions(project_id, partner, page);
}

absl::StatusOr<std::vector<store::QuestionUsage>> AssistantService::Usage(
    const Actor& actor, std::string_view project_id, std::int64_t days) {
  if (days < 1 || days > 365) return absl::InvalidArgumentError("days: from 1 to 365");
  RETURN_IF_ERROR(store::RequireOwnedProject(db_, actor.scope, project_id));
  const std::int64_t today = clock_.NowMillis() / (24 * kHour);
  return store::AssistantRepository(db_).Usage(project_id, (today - days + 1) * 24 * kHour);
}

absl::Status AssistantService::Rate(const Actor& actor, std::string_view project_id,
                                    std::string_view question_id, bool helpful,
                                    const std::string& comment) {
  if (comment.size() > kMaxQuestion)
    return absl::InvalidArgumentError(StrCat("comment: at most ", kMaxQuestion, " characters"));
  store::AssistantRepository repo(db_);
  ASSIGN_OR_RETURN(auto question, repo.FindQuestion(project_id, question_id));
  // Partners rate their own org's answers; the vendor any of its project's.
  const bool theirs =
      question && (actor.scope.is_partner() ? question->partner == actor.scope.org_id
                                            : question->org_id == actor.scope.org_id);
  if (!theirs) return absl::NotFoundError("question not found");
  return repo.SetFeedback(question_id, helpful, comment);
}

}  // namespace icopilot::services
