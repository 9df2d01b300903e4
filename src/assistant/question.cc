#include "assistant/question.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/strings.h"

namespace icopilot::assistant {

namespace {

constexpr std::array<std::string_view, 64> kStopWords = {
    "a",      "an",    "the",     "is",    "are",  "was",    "were",    "be",       "to",
    "of",     "in",    "on",      "at",    "for",  "with",   "my",      "our",      "we",
    "i",      "me",    "you",     "it",    "this", "that",   "do",      "does",     "did",
    "why",    "what",  "how",     "when",  "and",  "or",     "not",     "get",      "got",
    "mean",   "means", "there",   "so",    "can",  "should", "from",    "have",     "has",
    "by",     "as",    "if",      "keep",  "call", "calls",  "request", "requests", "api",
    "please", "tell",  "explain", "about", "am",   "these",  "those",   "some"};

bool IsStopWord(std::string_view word) {
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

// Words that say a question is about a failure, not which one: every failure has them.
bool IsIntentWord(std::string_view stem) {
  constexpr std::array<std::string_view, 14> kIntent = {
      "fail",   "error",   "refus", "refuse", "reject", "wrong", "work",
      "broken", "problem", "issue", "happen", "denied", "deny",  "fix"};
  return std::find(kIntent.begin(), kIntent.end(), stem) != kIntent.end();
}

// "refunds" -> "refund", "currencies" -> "currency", "failing"/"failed" -> "fail".
std::string Stem(std::string word) {
  auto ends = [&](std::string_view suffix) {
    return word.size() > suffix.size() + 2 && word.ends_with(suffix);
  };
  if (ends("ies")) return word.substr(0, word.size() - 3) + "y";
  if (ends("ing")) return word.substr(0, word.size() - 3);
  if (ends("ed")) return word.substr(0, word.size() - 2);
  if (ends("es") && (word.ends_with("sses") || word.ends_with("xes")))
    return word.substr(0, word.size() - 2);
  if (ends("s") && !word.ends_with("ss") && !word.ends_with("us"))
    return word.substr(0, word.size() - 1);
  return word;
}

bool Contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

constexpr std::array<std::string_view, 24> kKeywords = {"type",
                                                        "required",
                                                        "enum",
                                                        "format",
                                                        "pattern",
                                                        "minimum",
                                                        "maximum",
                                                        "minlength",
                                                        "maxlength",
                                                        "additionalproperties",
                                                        "oneof",
                                                        "anyof",
                                                        "const",
                                                        "minitems",
                                                        "maxitems",
                                                        "insufficient_scope",
                                                        "invalid_token",
                                                        "invalid_request",
                                                        "content-type",
                                                        "status",
                                                        "exclusiveminimum",
                                                        "exclusivemaximum",
                                                        "operation",
                                                        "undocumented"};

}  // namespace

std::string_view IntentName(Intent intent) {
  switch (intent) {
    case Intent::kWhyFailed:
      return "why_failed";
    case Intent::kExplainError:
      return "explain_error";
    case Intent::kNextStep:
      return "next_step";
    case Intent::kFree:
      return "free";
  }
  return "free";
}

std::set<std::string> Stems(std::string_view text) {
  std::set<std::string> stems;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 2) {
      std::string lower = ToLower(word);
      if (!IsStopWord(lower)) {
        std::string stem = Stem(std::move(lower));
        if (!IsIntentWord(stem)) stems.insert(std::move(stem));
      }
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) == 0) {
      flush();
      continue;
    }
    // A capital after a lower-case letter starts a word of its own (createRefund).
    if (std::isupper(c) != 0 && !word.empty() &&
        std::islower(static_cast<unsigned char>(word.back())) != 0)
      flush();
    word.push_back(static_cast<char>(c));
  }
  flush();
  return stems;
}

ReadQuestion ReadTheQuestion(const Question& question) {
  ReadQuestion read;
  const std::string lower = ToLower(question.text);
  read.words = Stems(question.text);
  // Three-digit numbers from 100 to 599 standing alone are statuses.
  for (std::size_t i = 0; i + 3 <= lower.size(); ++i) {
    const bool starts = i == 0 || std::isdigit(static_cast<unsigned char>(lower[i - 1])) == 0;
    const bool ends =
        i + 3 == lower.size() || std::isdigit(static_cast<unsigned char>(lower[i + 3])) == 0;
    if (!starts || !ends) continue;
    if (lower[i] < '1' || lower[i] > '5' ||
        std::isdigit(static_cast<unsigned char>(lower[i + 1])) == 0 ||
        std::isdigit(static_cast<unsigned char>(lower[i + 2])) == 0)
      continue;
    const int status = (lower[i] - '0') * 100 + (lower[i + 1] - '0') * 10 + (lower[i + 2] - '0');
    if (std::find(read.statuses.begin(), read.statuses.end(), status) == read.statuses.end())
      read.statuses.push_back(status);
  }
  // Keywords count as whole words only: "formatted" does not name `format`.
  std::set<std::string> tokens;
  std::string token;
  for (char c : lower + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-') {
      token.push_back(c);
    } else if (!token.empty()) {
      tokens.insert(token);
      token.clear();
    }
  }
  for (std::string_view keyword : kKeywords)
    if (tokens.contains(std::string(keyword))) read.keywords.emplace_back(keyword);
  if ((Contains(lower, "rate limit") || Contains(lower, "too many") ||
       Contains(lower, "retry-after")) &&
      std::find(read.statuses.begin(), read.statuses.end(), 429) == read.statuses.end())
    read.statuses.push_back(429);
  if (Contains(lower, "scope") && std::find(read.keywords.begin(), read.keywords.end(),
                                            "insufficient_scope") == read.keywords.end())
    read.keywords.emplace_back("insufficient_scope");

  const bool next = Contains(lower, "next") || Contains(lower, "what now") ||
                    Contains(lower, "what's left") || Contains(lower, "what is left") ||
                    Contains(lower, "remaining") || Contains(lower, "go live") ||
                    Contains(lower, "go-live") || Contains(lower, "get certified") ||
                    Contains(lower, "blocking me") || Contains(lower, "blocks me") ||
                    Contains(lower, "to do");
  const bool why = Contains(lower, "why") || Contains(lower, "fail") || Contains(lower, "broken") ||
                   Contains(lower, "doesn't work") || Contains(lower, "does not work") ||
                   Contains(lower, "wrong") || Contains(lower, "reject") ||
                   Contains(lower, "refus") || Contains(lower, "what went") ||
                   Contains(lower, "fix") || Contains(lower, "not supported") ||
                   Contains(lower, "not accepted") || Contains(lower, "not allowed") ||
                   Contains(lower, "invalid") || Contains(lower, "denied") ||
                   Contains(lower, "forbidden") || Contains(lower, "error");
  const bool explain = Contains(lower, "what does") || Contains(lower, "what is") ||
                       Contains(lower, "meaning") || Contains(lower, "explain") ||
                       Contains(lower, "mean");
  if (question.about_kind == "case" || question.about_kind == "trace")
    read.intent = explain && !why ? Intent::kExplainError : Intent::kWhyFailed;
  else if (next && !why && read.statuses.empty() && read.keywords.empty())
    read.intent = Intent::kNextStep;
  else if (explain && (!read.statuses.empty() || !read.keywords.empty()) && !why)
    read.intent = Intent::kExplainError;
  else if (why || !read.statuses.empty() || !read.keywords.empty())
    read.intent = Intent::kWhyFailed;
  return read;
}

}  // namespace icopilot::assistant
