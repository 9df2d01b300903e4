#include "assistant/model_answer.h"

#include <optional>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/strings.h"

namespace icopilot::assistant {

namespace {

constexpr std::string_view kSystemPrompt =
    "You are the integration assistant of an API vendor. You answer a partner developer's "
    "question about integrating with the vendor's API, using ONLY the evidence given: the "
    "partner's failed test cases and calls, the vendor's notes, the plan and the spec. "
    "Cite each claim with the tag of the evidence it rests on, exactly as given, in square "
    "brackets, for example [trace:trc_123] or [annotation:ann_9]. Never invent a tag. If "
    "the evidence does not answer the question, say so. Answer in Markdown, briefly: what "
    "happened, why, and what to change.";

std::string Block(const std::string& tag, const std::string& text) {
  return StrCat("[", tag, "]\n", text.substr(0, 2000), "\n\n");
}

std::string ExchangeText(const Exchange& e) {
  std::string text = StrCat("sent ", e.method, " ", e.url, "\n");
  if (!e.request_body.empty())
    text += StrCat("request body: ", e.request_body.substr(0, 600), "\n");
  text +=
      e.status == 0 ? StrCat("no answer: ", e.error, "\n") : StrCat("answered ", e.status, "\n");
  for (const auto& [name, value] : e.response_headers)
    if (ToLower(name) == "www-authenticate" || ToLower(name) == "retry-after")
      text += StrCat(name, ": ", value, "\n");
  if (!e.response_body.empty())
    text += StrCat("response body: ", e.response_body.substr(0, 600), "\n");
  return text;
}

std::string GroundingText(const Grounding& g) {
  std::string text;
  auto add = [&text](const std::string& block) {
    if (text.size() + block.size() <= kMaxPromptBytes) text += block;
  };
  for (const auto& c : g.cases)
    add(Block(
        StrCat("case:", c.run_id, "/", c.position),
        StrCat("golden case ", c.case_id, " (", c.category, ") ", c.verdict, " in ", c.environment,
               ": ", c.reason, "\n", c.exchange.method.empty() ? "" : ExchangeText(c.exchange))));
  for (const auto& t : g.traces) {
    std::string violations;
    for (const auto& v : t.violations)
      violations +=
          StrCat("contract violation (", v.side, ") at ", v.location, ": ", v.message, "\n");
    add(Block(StrCat("trace:", t.id), StrCat("a call in ", t.environment, " to ", t.operation_id,
                                             "\n", ExchangeText(t.exchange), violations)));
  }
  for (const auto& n : g.notes)
    add(Block(StrCat("annotation:", n.id),
              StrCat("the vendor's note (", n.kind, ") on ", n.operation_id, " ", n.pointer, ": ",
                     n.message)));
  for (const auto& item : g.plan)
    if (item.status != "done")
      add(Block(StrCat("plan_item:", item.id),
                StrCat("open plan item in phase ", item.phase, ": ", item.title, " (",
                       item.owner_side, ") ", item.evidence_summary)));
  for (const auto& op : g.operations) {
    std::string scopes;
    for (const auto& s : op.scopes) scopes += s + " ";
    add(Block(StrCat("operation:", op.id),
              StrCat(op.method, " ", op.path, ": ", op.summary,
                     scopes.empty() ? "" : StrCat("\nscopes: ", scopes),
                     op.example_body.empty() ? "" : StrCat("\nexample body: ", op.example_body))));
  }
  for (const auto& p : g.passages)
    if (p.kind != "annotation" && p.kind != "operation")
      add(Block(StrCat("passage:", p.ref), StrCat(p.title, ": ", p.text)));
  return text;
}

}  // namespace

std::string ChatRequest(const std::string& model, const Question& question,
                        const Grounding& grounding, const Answer& draft, bool stream) {
  std::string user = StrCat("Evidence:\n\n", GroundingText(grounding));
  if (!question.about_kind.empty())
    user +=
        StrCat("The question is about [", question.about_kind, ":", question.about_id, "].\n\n");
  user += StrCat("A draft answer made by rules (cites by number; cite by tag instead):\n",
                 draft.markdown.substr(0, 3000), "\n\nQuestion: ", question.text);
  boost::json::array messages{boost::json::object{{"role", "system"}, {"content", kSystemPrompt}},
                              boost::json::object{{"role", "user"}, {"content", user}}};
  return boost::json::serialize(boost::json::object{{"model", model},
                                                    {"messages", std::move(messages)},
                                                    {"stream", stream},
                                                    {"temperature", 0.2}});
}

namespace {

// choices[0].<member>.content of a reply or of one streamed event.
std::optional<std::string> ContentOf(const boost::json::value& json, std::string_view member) {
  if (!json.is_object()) return std::nullopt;
  const auto* choices = json.as_object().if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->as_array().empty() ||
      !choices->as_array()[0].is_object())
    return std::nullopt;
  const auto* part = choices->as_array()[0].as_object().if_contains(member);
  if (part == nullptr || !part->is_object()) return std::nullopt;
  const auto* content = part->as_object().if_contains("content");
  if (content == nullptr) return std::nullopt;
  if (content->is_null()) return std::string();
  if (!content->is_string()) return std::nullopt;
  return std::string(content->as_string());
}

// The JSON of a server-sent `data:` line; nullopt for other lines, "[DONE]" for the end.
std::optional<std::string_view> EventData(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.starts_with("data:")) return std::nullopt;
  line.remove_prefix(5);
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return line;
}

// `text` cut at `limit` bytes, backed off to the start of a UTF-8 character.
std::size_t CutAt(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text.size();
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

absl::StatusOr<std::string> ReadChatReply(const std::string& body, bool streamed) {
  if (!streamed) {
    auto json = ParseJson(body);
    if (!json.ok()) return absl::InvalidArgumentError("the model's reply is not JSON");
    auto content = ContentOf(*json, "message");
    if (!content)
      return absl::InvalidArgumentError("the model's reply has no choices[0].message.content");
    return *content;
  }
  std::string text;
  bool any = false;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    auto line = EventData(std::string_view(body.data() + start, end - start));
    start = end + 1;
    if (!line) continue;
    if (*line == "[DONE]") break;
    auto json = ParseJson(*line);
    if (!json.ok()) return absl::InvalidArgumentError("an event of the model's stream is not JSON");
    if (auto delta = ContentOf(*json, "delta")) {
      text += *delta;
      any = true;
      if (text.size() > 4 * kMaxModelAnswer) break;  // enough: the rest is cut anyway
    }
  }
  if (!any) return absl::InvalidArgumentError("the model's stream has no choices[0].delta.content");
  return text;
}

ModelAnswer GroundModelText(const std::string& text, const Question& question,
                            const Grounding& grounding) {
  ModelAnswer out;
  out.answer.intent = ReadTheQuestion(question).intent;
  const auto citable = CitableEvidence(grounding);
  std::string kept = text.substr(0, CutAt(text, kMaxModelAnswer));
  if (text.size() > kMaxModelAnswer) kept += "…";
  std::string markdown;
  std::size_t at = 0;
  while (at < kept.size()) {
    const std::size_t open = kept.find('[', at);
    if (open == std::string::npos) {
      markdown.append(kept, at);
      break;
    }
    markdown.append(kept, at, open - at);
    const std::size_t close = kept.find(']', open);
    const std::size_t colon = kept.find(':', open);
    // A tag: [kind:id] with a known kind; anything else in brackets stays as written.
    if (close == std::string::npos || colon == std::string::npos || colon > close ||
        close - open > 120) {
      markdown += '[';
      at = open + 1;
      continue;
    }
    const std::string kind = kept.substr(open + 1, colon - open - 1);
    const std::string id = kept.substr(colon + 1, close - colon - 1);
    static constexpr std::string_view kKinds[] = {"case",      "trace",     "annotation",
                                                  "plan_item", "operation", "passage"};
    bool known_kind = false;
    for (auto k : kKinds) known_kind = known_kind || kind == k;
    if (!known_kind) {
      markdown += '[';
      at = open + 1;
      continue;
    }
    const Citation* found = nullptr;
    for (const auto& c : citable)
      if (c.kind == kind && c.id == id) found = &c;
    if (found == nullptr) {
      ++out.dropped_citations;  // cites nothing we gave: dropped, not shown as evidence
    } else {
      std::size_t n = 0;
      for (std::size_t i = 0; i < out.answer.citations.size() && n == 0; ++i)
        if (out.answer.citations[i].kind == kind && out.answer.citations[i].id == id) n = i + 1;
      if (n == 0) {
        out.answer.citations.push_back(*found);
        n = out.answer.citations.size();
      }
      markdown += StrCat("[", n, "]");
    }
    at = close + 1;
  }
  out.answer.markdown = std::move(markdown);
  out.answer.grounded = !out.answer.citations.empty();
  return out;
}

std::string StreamedAnswer::Feed(std::string_view bytes) {
  if (done_) return {};
  line_.append(bytes);
  std::size_t start = 0;
  for (std::size_t end; (end = line_.find('\n', start)) != std::string::npos; start = end + 1) {
    auto data = EventData(std::string_view(line_).substr(start, end - start));
    if (!data) continue;
    if (*data == "[DONE]" || text_.size() > 4 * kMaxModelAnswer) {
      done_ = true;
      break;
    }
    auto json = ParseJson(*data);
    if (!json.ok()) continue;  // the whole reply is judged when it has come
    if (auto delta = ContentOf(*json, "delta")) text_ += *delta;
  }
  line_.erase(0, start);
  if (line_.size() > 64 * 1024) line_.clear();  // no line of a sane stream is this long
  // Settled: up to a '[' that has no ']' yet and may still become a citation.
  std::size_t settled = text_.size();
  if (std::size_t open = text_.rfind('['); open != std::string::npos &&
                                           text_.find(']', open) == std::string::npos &&
                                           text_.size() - open <= 120)
    settled = open;
  std::string markdown =
      GroundModelText(text_.substr(0, settled), question_, grounding_).answer.markdown;
  if (markdown.size() <= sent_) return {};
  std::string added = markdown.substr(sent_);
  sent_ = markdown.size();
  return added;
}

}  // namespace icopilot::assistant
