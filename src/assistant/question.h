// What a question asks and what it is about: the intent (why did this fail, explain this
// error, what next, or anything else), the status codes, keywords and words it names, so
// that the evidence it is about can be found among the partner's.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace icopilot::assistant {

enum class Intent { kWhyFailed, kExplainError, kNextStep, kFree };
std::string_view IntentName(Intent intent);  // why_failed, explain_error, next_step, free

struct Question {
  std::string text;
  // What the portal asked about ("case" with "run_…/3", "trace" with "trc_…"), or empty
  // for a question typed in the panel.
  std::string about_kind;
  std::string about_id;
};

struct ReadQuestion {
  Intent intent = Intent::kFree;
  std::vector<int> statuses;          // HTTP statuses named ("422", "a 429")
  std::vector<std::string> keywords;  // contract keywords and RFC 6750 errors named
  std::set<std::string> words;        // lower-case word stems, stop words left out
};

ReadQuestion ReadTheQuestion(const Question& question);

// Lower-case stems of the words of `text`, camelCase and snake_case split ("createRefund"
// gives create, refund), plurals folded ("refunds" gives refund), stop words left out.
std::set<std::string> Stems(std::string_view text);

}  // namespace icopilot::assistant
