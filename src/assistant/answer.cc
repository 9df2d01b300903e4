#include "assistant/answer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "assistant/explanations.h"
#include "core/json.h"
#include "core/json_pointer.h"
#include "core/strings.h"

namespace icopilot::assistant {

namespace {

// Appends to `out` what StrCat makes of `args`.
template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  *out += StrCat(args...);
}

constexpr std::size_t kQuoteMax = 300;  // characters of a body or note quoted in an answer

std::string Quote(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kQuoteMax)) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  if (text.size() > kQuoteMax) out += "…";
  return out;
}

// Inline code that stays inline code whatever the text holds.
std::string Code(std::string_view text) {
  std::string cleaned = Quote(text);
  std::replace(cleaned.begin(), cleaned.end(), '`', '\'');
  return StrCat("`", cleaned, "`");
}

// `name` in lower case.
std::string HeaderValue(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (ToLower(key) == name) return value;
  return "";
}

// `name="value"` (or name=value) of an RFC 6750 challenge.
std::string ChallengeParam(std::string_view challenge, std::string_view name) {
  const std::string key = StrCat(name, "=");
  std::size_t at = challenge.find(key);
  while (at != std::string_view::npos && at > 0 &&
         std::isalnum(static_cast<unsigned char>(challenge[at - 1])) != 0)
    at = challenge.find(key, at + 1);
  if (at == std::string_view::npos) return "";
  std::size_t start = at + key.size();
  if (start < challenge.size() && challenge[start] == '"') {
    const std::size_t end = challenge.find('"', start + 1);
    return std::string(challenge.substr(
        start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1));
  }
  const std::size_t end = challenge.find_first_of(", ", start);
  return std::string(challenge.substr(
      start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

std::string PathOf(const std::string& url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  std::size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? "/" : url.substr(path);
}

struct ProblemText {
  std::string title, detail, type;
};

ProblemText ReadProblem(std::string_view body) {
  ProblemText problem;
  auto json = ParseJson(body);
  if (!json.ok() || !json->is_object()) return problem;
  const auto& object = json->as_object();
  auto text = [&](std::string_view key) -> std::string {
    const auto* v = object.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
  };
  problem.title = text("title");
  problem.detail = text("detail");
  problem.type = text("type");
  if (problem.detail.empty()) problem.detail = text("message");
  if (problem.detail.empty()) {
    // {"error": {"message": ...}} as many APIs answer.
    const auto* error = object.if_contains("error");
    if (error != nullptr && error->is_object()) {
      const auto* message = error->as_object().if_contains("message");
      if (message != nullptr && message->is_string())
        problem.detail = std::string(message->as_string());
    } else if (error != nullptr && error->is_string()) {
      problem.detail = std::string(error->as_string());
    }
  }
  return problem;
}

std::string ProblemWords(std::string_view body) {
  const ProblemText problem = ReadProblem(body);
  return StrCat(problem.title, " ", problem.detail);
}

class Writer {
 public:
  explicit Writer(Answer& answer) : answer_(answer) {}

  std::string Cite(Citation citation) {
    for (std::size_t i = 0; i < answer_.citations.size(); ++i)
      if (answer_.citations[i].kind == citation.kind && answer_.citations[i].id == citation.id)
        return StrCat(" [", i + 1, "]");
    answer_.citations.push_back(std::move(citation));
    return StrCat(" [", answer_.citations.size(), "]");
  }
  void Line(std::string_view text) { StrAppend(&answer_.markdown, text, "\n"); }
  void Blank() { answer_.markdown += "\n"; }

 private:
  Answer& answer_;
};

const Operation* FindOperation(const Grounding& g, std::string_view id) {
  for (const auto& op : g.operations)
    if (op.id == id) return &op;
  return nullptr;
}

const Note* FindNote(const Grounding& g, std::string_view id) {
  for (const auto& note : g.notes)
    if (note.id == id) return &note;
  return nullptr;
}

Citation NoteCitation(const Note& note) {
  return {"annotation", note.id, StrCat("Vendor's note on ", note.operation_id),
          StrCat("docs/", note.operation_id, "#note-", note.id)};
}

Citation OperationCitation(const Operation& op) {
  return {"operation", op.id, StrCat(op.method, " ", op.path), StrCat("docs/", op.id)};
}

// What a failure is: a case or a trace, read the same way.
struct Failure {
  const FailedCase* c = nullptr;
  const TraceEvidence* t = nullptr;
  const Exchange& exchange() const { return c != nullptr ? c->exchange : t->exchange; }
  const std::string& operation_id() const {
    return c != nullptr ? c->operation_id : t->operation_id;
  }
  const std::vector<std::string>& note_ids() const {
    return c != nullptr ? c->note_ids : t->note_ids;
  }
  std::int64_t at() const { return c != nullptr ? c->finished_at : t->at; }
};

std::vector<Violation> ViolationsOf(const Failure& f) {
  if (f.t != nullptr) return f.t->violations;
  return {};
}

// A failure's words: where it went wrong (the reason, the problem's detail, the
// challenge, the violations and what their keywords mean, the notes its request met)
// weigh more than what was merely in the exchange (the URL, the bodies).
struct FailureWords {
  std::set<std::string> fault;
  std::set<std::string> incidental;
};

std::string BearerError(const Failure& f) {
  return ChallengeParam(HeaderValue(f.exchange().response_headers, "www-authenticate"), "error");
}

FailureWords WordsOf(const Grounding& g, const Failure& f) {
  const Exchange& e = f.exchange();
  std::string fault = StrCat(HeaderValue(e.response_headers, "www-authenticate"), " ",
                             BearerError(f), " ", ProblemWords(e.response_body));
  if (f.c != nullptr)
    StrAppend(&fault, " ", f.c->case_id, " ", f.c->title, " ", f.c->category, " ", f.c->reason);
  for (const auto& v : ViolationsOf(f)) {
    StrAppend(&fault, " ", v.location, " ", v.message, " ", v.keyword);
    if (auto k = ExplainKeyword(v.keyword)) StrAppend(&fault, " ", k->meaning);
  }
  if (e.status == 429 || e.status == 503) StrAppend(&fault, " rate limit retry-after too many");
  for (const auto& note_id : f.note_ids())
    if (const Note* note = FindNote(g, note_id)) StrAppend(&fault, " ", note->message);
  const std::string incidental = StrCat(
      f.operation_id(), " ", PathOf(e.url), " ", e.request_body.substr(0, 2048), " ",
      e.response_body.substr(0, 2048), " ", f.t != nullptr ? f.t->environment : f.c->environment);
  return {Stems(fault), Stems(incidental)};
}

// The HTTP methods the question names in capitals ("GET /payments").
std::vector<std::string> MethodsNamed(std::string_view text) {
  std::vector<std::string> methods;
  for (std::string_view m : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    for (std::size_t at = text.find(m); at != std::string_view::npos; at = text.find(m, at + 1)) {
      const bool starts = at == 0 || std::isalpha(static_cast<unsigned char>(text[at - 1])) == 0;
      const std::size_t end = at + m.size();
      const bool ends =
          end == text.size() || std::isalpha(static_cast<unsigned char>(text[end])) == 0;
      if (starts && ends) {
        methods.emplace_back(m);
        break;
      }
    }
  }
  return methods;
}

std::optional<Failure> BestFailure(const Grounding& g, const ReadQuestion& read,
                                   const Question& q) {
  std::vector<Failure> candidates;
  std::vector<std::size_t> ranks;  // newest first within cases and within traces
  for (std::size_t i = 0; i < g.cases.size(); ++i)
    candidates.push_back({&g.cases[i], nullptr}), ranks.push_back(i);
  for (std::size_t i = 0; i < g.traces.size(); ++i)
    candidates.push_back({nullptr, &g.traces[i]}), ranks.push_back(i);
  std::vector<FailureWords> words;
  std::map<std::string, int> seen_in;  // how many candidates have each word
  for (const auto& f : candidates) {
    words.push_back(WordsOf(g, f));
    std::set<std::string> all = words.back().fault;
    all.insert(words.back().incidental.begin(), words.back().incidental.end());
    for (const auto& w : all) ++seen_in[w];
  }
  const auto methods = MethodsNamed(q.text);
  std::optional<Failure> best;
  double best_score = 0;
  bool matched_anything = false;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Failure& f = candidates[i];
    double score = 1.0 / static_cast<double>(2 + ranks[i]);  // newer first on a tie
    double matched = 0;
    if (f.c != nullptr && q.about_kind == "case" &&
        q.about_id == StrCat(f.c->run_id, "/", f.c->position))
      matched += 1000;
    if (f.t != nullptr && q.about_kind == "trace" && q.about_id == f.t->id) matched += 1000;
    for (const auto& w : read.words) {
      // A word few failures share tells more than one they all have ("payment").
      const double rarity =
          1.0 + std::log(static_cast<double>(candidates.size()) / std::max(1, seen_in[w]));
      // Both count: a word in what was sent and in where it went wrong is the subject.
      if (words[i].fault.contains(w)) matched += 4 * rarity;
      if (words[i].incidental.contains(w)) matched += 2 * rarity;
    }
    for (int status : read.statuses)
      if (status == f.exchange().status) matched += 6;
    for (const auto& m : methods)
      if (m == f.exchange().method) matched += 5;
    const std::string bearer = BearerError(f);
    for (const auto& keyword : read.keywords) {
      if (keyword == bearer) matched += 6;
      for (const auto& v : ViolationsOf(f))
        if (ToLower(v.keyword) == keyword) matched += 5;
    }
    matched_anything = matched_anything || matched > 0;
    score += matched;
    if (score > best_score) best = f, best_score = score;
  }
  // Only recency spoke: the question named nothing the evidence has. A generic "why does
  // it fail" still gets the newest failure; a specific one does not get an unrelated one.
  if (!matched_anything && read.words.size() > 1) return std::nullopt;
  return best;
}

// The request as it should have been sent: the body's values the contract refused
// replaced with valid ones (the allowed value or the example's), fields it lacked added
// from the example, and a placeholder where a credential or scope was wanting.
std::string CorrectedRequest(const Failure& f, const Operation* op,
                             std::vector<std::string>& changes) {
  const Exchange& e = f.exchange();
  if (e.method.empty()) return "";
  std::optional<boost::json::value> body;
  if (!e.request_body.empty()) {
    auto parsed = ParseJson(e.request_body);
    if (parsed.ok()) body = *std::move(parsed);
  }
  std::optional<boost::json::value> example;
  if (op != nullptr && !op->example_body.empty()) {
    auto parsed = ParseJson(op->example_body);
    if (parsed.ok()) example = *std::move(parsed);
  }
  for (const auto& v : ViolationsOf(f)) {
    if (v.side != "request" || !body || !body->is_object() || !v.location.starts_with("body"))
      continue;
    std::string pointer = v.location.substr(4);  // "/currency"
    if (v.keyword == "required") {
      const std::size_t open = v.message.find('\'');
      const std::size_t close = open == std::string::npos ? open : v.message.find('\'', open + 1);
      if (close == std::string::npos) continue;
      AppendPointerToken(pointer, v.message.substr(open + 1, close - open - 1));
    }
    std::vector<std::string> tokens;
    if (!SplitPointer(pointer, tokens) || tokens.empty()) continue;
    std::optional<boost::json::value> replacement;
    if (v.keyword == "enum" && op != nullptr) {
      for (const auto& [location, allowed] : op->enums)
        if (location == v.location && !allowed.empty()) {
          replacement = boost::json::value(allowed.front());
          if (example)
            if (const auto* from = FindByPointer(*example, pointer);
                from != nullptr && from->is_string() &&
                std::find(allowed.begin(), allowed.end(), std::string(from->as_string())) !=
                    allowed.end())
              replacement = *from;
        }
    }
    if (!replacement && example)
      if (const auto* from = FindByPointer(*example, pointer)) replacement = *from;
    if (!replacement) continue;
    // Walk to the parent object; only objects are edited.
    boost::json::value* parent = &*body;
    for (std::size_t i = 0; i + 1 < tokens.size() && parent != nullptr; ++i)
      parent = parent->is_object() ? parent->as_object().if_contains(tokens[i]) : nullptr;
    if (parent == nullptr || !parent->is_object()) continue;
    const std::string field = tokens.back();
    const auto* before = parent->as_object().if_contains(field);
    changes.push_back(
        before != nullptr
            ? StrCat(Code(field), ": ", Code(boost::json::serialize(*before)), " → ",
                     Code(boost::json::serialize(*replacement)))
            : StrCat(Code(field), ": added as ", Code(boost::json::serialize(*replacement))));
    parent->as_object()[field] = *replacement;
  }
  std::string message = StrCat(e.method, " ", PathOf(e.url), " HTTP/1.1\n");
  const bool auth_problem = e.status == 401 || e.status == 403;
  for (const auto& [name, value] : e.request_headers) {
    const std::string lower = ToLower(name);
    if (lower == "content-length" || lower == "host" || lower == "user-agent" ||
        lower == "accept-encoding")
      continue;
    if (lower == "authorization" && auth_problem) {
      const std::string scope =
          ChallengeParam(HeaderValue(e.response_headers, "www-authenticate"), "scope");
      const std::string wanted = !scope.empty()                         ? scope
                                 : op != nullptr && !op->scopes.empty() ? op->scopes.front()
                                                                        : "";
      message += wanted.empty()
                     ? "Authorization: Bearer <a valid token>\n"
                     : StrCat("Authorization: Bearer <a token with scope ", wanted, ">\n");
      continue;
    }
    StrAppend(&message, name, ": ", value, "\n");
  }
  if (auth_problem && HeaderValue(e.request_headers, "authorization").empty() && op != nullptr &&
      !op->scopes.empty())
    StrAppend(&message, "Authorization: Bearer <a token with scope ", op->scopes.front(), ">\n");
  if (body) StrAppend(&message, "\n", boost::json::serialize(*body), "\n");
  return message;
}

void WriteStatusMeaning(Writer& w, const Failure& f, const Operation* op) {
  const Exchange& e = f.exchange();
  if (auto meaning = ExplainStatus(e.status))
    w.Line(StrCat("- **", e.status, "** means: ", meaning->meaning, " (", meaning->source, ")"));
  const std::string challenge = HeaderValue(e.response_headers, "www-authenticate");
  if (auto bearer = ExplainBearerError(ChallengeParam(challenge, "error"))) {
    const std::string scope = ChallengeParam(challenge, "scope");
    w.Line(StrCat("- The server's challenge says ", Code(ChallengeParam(challenge, "error")), ": ",
                  bearer->meaning,
                  scope.empty() ? "" : StrCat(" It asks for scope ", Code(scope), "."), " (",
                  bearer->source, ")"));
  }
  if (e.status == 429 || e.status == 503) {
    const std::string retry = HeaderValue(e.response_headers, "retry-after");
    if (!retry.empty()) w.Line(StrCat("- It said to retry after ", Code(retry), " (Retry-After)."));
  }
  if (op != nullptr && !op->scopes.empty() && (e.status == 401 || e.status == 403)) {
    std::string scopes;
    for (const auto& s : op->scopes) StrAppend(&scopes, scopes.empty() ? "" : ", ", Code(s));
    w.Line(StrCat("- The spec: ", Code(op->id), " needs scope ", scopes,
                  w.Cite(OperationCitation(*op))));
  }
}

void WriteFailure(Writer& w, Answer& answer, const Failure& f, const Grounding& g,
                  bool explain_first) {
  const Exchange& e = f.exchange();
  const Operation* op = FindOperation(g, f.operation_id());
  if (f.c != nullptr) {
    const FailedCase& c = *f.c;
    w.Line(StrCat("**", Code(c.case_id),
                  c.operation_id.empty() ? "" : StrCat(" on ", Code(c.operation_id)), " ",
                  c.verdict == "warning"      ? "warned"
                  : c.verdict == "not_set_up" ? "could not be set up"
                                              : "failed",
                  c.environment.empty() ? "" : StrCat(" in ", c.environment), "**",
                  w.Cite({"case", StrCat(c.run_id, "/", c.position),
                          c.title.empty() ? c.case_id : c.title, CaseLink(c)})));
    w.Blank();
    if (!c.reason.empty()) w.Line(StrCat("- Why: ", Quote(c.reason), "."));
  } else {
    const TraceEvidence& t = *f.t;
    w.Line(StrCat("**Your call ", Code(StrCat(e.method, " ", PathOf(e.url))),
                  t.environment.empty() ? "" : StrCat(" in ", t.environment),
                  e.status == 0 ? " got no answer" : StrCat(" was answered ", e.status), "**",
                  w.Cite({"trace", t.id, StrCat(e.method, " ", PathOf(e.url), " → ", e.status),
                          TraceLink(t)})));
    w.Blank();
  }
  if (!e.method.empty() && f.c != nullptr)
    w.Line(StrCat(
        "- Sent ", Code(StrCat(e.method, " ", PathOf(e.url))),
        e.status == 0 ? StrCat(", no answer: ", Quote(e.error)) : StrCat(", answered ", e.status)));
  const ProblemText problem = ReadProblem(e.response_body);
  if (!problem.detail.empty() || !problem.title.empty())
    w.Line(StrCat("- The answer said: ",
                  Quote(problem.detail.empty() ? problem.title : problem.detail)));
  if (explain_first) WriteStatusMeaning(w, f, op);
  for (const auto& v : ViolationsOf(f)) {
    w.Line(StrCat("- The contract: ", v.side == "request" ? "your request" : "the API's response",
                  " at ", Code(v.location), ": ", Quote(v.message)));
    if (auto k = ExplainKeyword(v.keyword)) w.Line(StrCat("  - ", k->meaning));
  }
  if (!explain_first) WriteStatusMeaning(w, f, op);
  for (const auto& note_id : f.note_ids()) {
    const Note* note = FindNote(g, note_id);
    if (note == nullptr) continue;
    w.Line(StrCat("- The vendor's note (", note->kind, "): ", Quote(note->message),
                  w.Cite(NoteCitation(*note))));
  }
  // What to change.
  std::vector<std::string> fixes;
  for (const auto& v : ViolationsOf(f))
    if (v.side == "request")
      if (auto k = ExplainKeyword(v.keyword)) fixes.push_back(k->fix);
  if (const auto bearer = ExplainBearerError(BearerError(f)))
    fixes.push_back(bearer->fix);
  else if (auto meaning = ExplainStatus(e.status); meaning && fixes.empty() && e.status >= 400)
    fixes.push_back(meaning->fix);
  bool vendor_side = false;
  for (const auto& v : ViolationsOf(f)) vendor_side = vendor_side || v.side == "response";
  if (vendor_side && fixes.empty())
    fixes.push_back(
        "The API's answer broke its own contract: nothing to change in your request; "
        "the vendor's notes above say whether it is a known issue of this environment.");
  std::vector<std::string> changes;
  answer.snippet = CorrectedRequest(f, op, changes);
  // A request to send again only when something in it changes.
  if (changes.empty() && e.status != 401 && e.status != 403) answer.snippet.clear();
  if (!fixes.empty() || !changes.empty()) {
    w.Blank();
    w.Line("**What to change**");
    for (const auto& fix : fixes) w.Line(StrCat("- ", fix));
    for (const auto& change : changes) w.Line(StrCat("- ", change));
    if (!answer.snippet.empty())
      w.Line("- The request, corrected where the evidence shows how, is below.");
  }
}

void WriteNextSteps(Writer& w, const Grounding& g) {
  std::vector<const PlanItem*> open;
  for (const auto& item : g.plan)
    if (item.status != "done") open.push_back(&item);
  if (open.empty() && g.cases.empty() && g.traces.empty()) {
    w.Line("Nothing is open on your plan and no recent failure is on record.");
    return;
  }
  if (!open.empty()) {
    const std::string& phase = open.front()->phase;
    w.Line(StrCat("**You are in “", phase, "”.** Open there:"));
    int shown = 0;
    for (const PlanItem* item : open) {
      if (item->phase != phase || shown == 6) continue;
      ++shown;
      w.Line(StrCat(
          "- ", item->title, " (", item->owner_side == "vendor" ? "the vendor's" : "yours", ")",
          item->evidence_summary.empty() ? "" : StrCat(": ", Quote(item->evidence_summary)),
          w.Cite({"plan_item", item->id, item->title, StrCat("plan#item-", item->id)})));
    }
  }
  if (!g.cases.empty() || !g.traces.empty()) {
    w.Blank();
    w.Line("**Latest evidence to act on**");
    if (!g.cases.empty()) {
      const FailedCase& c = g.cases.front();
      w.Line(StrCat("- ", Code(c.case_id), " ", c.verdict,
                    c.environment.empty() ? "" : StrCat(" in ", c.environment),
                    c.reason.empty() ? "" : StrCat(": ", Quote(c.reason)),
                    w.Cite({"case", StrCat(c.run_id, "/", c.position), c.title, CaseLink(c)})));
    }
    if (!g.traces.empty()) {
      const TraceEvidence& t = g.traces.front();
      w.Line(StrCat(
          "- Your call ", Code(StrCat(t.exchange.method, " ", PathOf(t.exchange.url))),
          " answered ", t.exchange.status,
          t.violations.empty() ? "" : StrCat(", ", t.violations.size(), " contract violation(s)"),
          w.Cite({"trace", t.id, StrCat(t.exchange.method, " ", PathOf(t.exchange.url)),
                  TraceLink(t)})));
    }
  }
}

void WriteGeneral(Writer& w, const ReadQuestion& read) {
  for (int status : read.statuses)
    if (auto meaning = ExplainStatus(status))
      w.Line(StrCat("- **", status, "**: ", meaning->meaning, " ", meaning->fix, " (",
                    meaning->source, ")"));
  for (const auto& keyword : read.keywords) {
    auto k = ExplainBearerError(keyword);
    if (!k) k = ExplainKeyword(keyword);
    if (k) w.Line(StrCat("- ", Code(keyword), ": ", k->meaning, " ", k->fix, " (", k->source, ")"));
  }
}

bool WritePassages(Writer& w, const Grounding& g, std::size_t most) {
  std::size_t shown = 0;
  for (const auto& passage : g.passages) {
    if (shown == most) break;
    ++shown;
    std::string link;
    if (passage.kind == "operation")
      link = StrCat("docs/", passage.ref);
    else if (passage.kind == "annotation") {
      const Note* note = FindNote(g, passage.ref);
      link = note != nullptr ? StrCat("docs/", note->operation_id, "#note-", note->id) : "";
    }
    w.Line(StrCat("- **", passage.title, "**: ", Quote(passage.text),
                  w.Cite({passage.kind == "annotation"  ? "annotation"
                          : passage.kind == "operation" ? "operation"
                                                        : "passage",
                          passage.ref, passage.title, link})));
  }
  return shown > 0;
}

}  // namespace

std::string CaseLink(const FailedCase& c) {
  return StrCat("runs/", c.run_id, "?case=", c.position);
}
std::string TraceLink(const TraceEvidence& t) { return StrCat("traces?trace=", t.id); }

std::vector<Citation> CitableEvidence(const Grounding& g) {
  std::vector<Citation> all;
  for (const auto& c : g.cases)
    all.push_back({"case", StrCat(c.run_id, "/", c.position), c.title.empty() ? c.case_id : c.title,
                   CaseLink(c)});
  for (const auto& t : g.traces)
    all.push_back({"trace", t.id,
                   StrCat(t.exchange.method, " ", PathOf(t.exchange.url), " → ", t.exchange.status),
                   TraceLink(t)});
  for (const auto& n : g.notes) all.push_back(NoteCitation(n));
  for (const auto& item : g.plan)
    all.push_back({"plan_item", item.id, item.title, StrCat("plan#item-", item.id)});
  for (const auto& op : g.operations) all.push_back(OperationCitation(op));
  for (const auto& p : g.passages)
    if (p.kind != "annotation" && p.kind != "operation")
      all.push_back({"passage", p.ref, p.title, ""});
  return all;
}

Answer AnswerWithoutModel(const Question& question, const Grounding& grounding) {
  Answer answer;
  const ReadQuestion read = ReadTheQuestion(question);
  answer.intent = read.intent;
  Writer w(answer);
  switch (read.intent) {
    case Intent::kWhyFailed:
    case Intent::kExplainError: {
      const bool explain = read.intent == Intent::kExplainError;
      if (explain && question.about_kind.empty() &&
          (!read.statuses.empty() || !read.keywords.empty())) {
        WriteGeneral(w, read);
        answer.grounded = !answer.markdown.empty();
      }
      if (auto failure = BestFailure(grounding, read, question)) {
        if (explain && !answer.markdown.empty()) {
          w.Blank();
          w.Line("**In your own evidence**");
          w.Blank();
        }
        WriteFailure(w, answer, *failure, grounding, explain);
        answer.grounded = true;
      } else if (!answer.grounded && WritePassages(w, grounding, 3)) {
        answer.markdown.insert(
            0, "No failure of yours matches the question; the closest passages:\n\n");
        answer.grounded = true;
      }
      break;
    }
    case Intent::kNextStep:
      WriteNextSteps(w, grounding);
      answer.grounded = !answer.citations.empty();
      break;
    case Intent::kFree:
      if (WritePassages(w, grounding, 4)) {
        answer.markdown.insert(0, "From the API's documentation and notes:\n\n");
        answer.grounded = true;
      }
      break;
  }
  if (!answer.grounded) {
    answer.markdown =
        "Nothing in your evidence, the spec or the vendor's notes matches this question. Try "
        "naming the operation, the status code or the error you got, or ask from a failed "
        "case or trace (Ask about this).\n";
    answer.citations.clear();
    answer.snippet.clear();
  }
  return answer;
}

}  // namespace icopilot::assistant
