// Answers without a language model: deterministic, and every claim cited. The question is
// read for its intent and subject; the subject is found among the partner's failed cases
// and traces (by the words, statuses and keywords they share with the question, newest
// first on a tie); the answer says what was sent and received, what the contract and the
// status say about it, the vendor's notes that apply, and what to change, with the
// request corrected where the evidence shows how.
#pragma once

#include <string>
#include <vector>

#include "assistant/grounding.h"
#include "assistant/question.h"

namespace icopilot::assistant {

struct Answer {
  Intent intent = Intent::kFree;
  // Markdown; a claim ends with [n], n counting `citations` from 1.
  std::string markdown;
  std::vector<Citation> citations;
  std::string snippet;  // the corrected request as an HTTP message; "" when none
  // False when nothing in the evidence or the passages matched the question: the answer
  // then says so rather than guessing.
  bool grounded = false;
};

Answer AnswerWithoutModel(const Question& question, const Grounding& grounding);

// Portal links of citations are relative to the project's page in the reader's portal:
// "runs/run_…?case=3", "traces?trace=trc_…", "docs/createRefund", "plan".
std::string CaseLink(const FailedCase& c);
// Everything in the grounding an answer may cite, as the rules' answer cites it.
std::vector<Citation> CitableEvidence(const Grounding& grounding);
std::string TraceLink(const TraceEvidence& t);

}  // namespace icopilot::assistant
