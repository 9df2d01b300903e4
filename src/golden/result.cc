#include "golden/result.h"

namespace icopilot::golden {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kWarning:
      return "warning";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kError:
      return "error";
    case Verdict::kNotSetUp:
      return "not_set_up";
    case Verdict::kSkipped:
      return "skipped";
    case Verdict::kNotApplicable:
      return "not_applicable";
  }
  return "error";
}

void Count(Verdict verdict, RunSummary& summary) {
  switch (verdict) {
    case Verdict::kPassed:
      ++summary.passed;
      break;
    case Verdict::kWarning:
      ++summary.warnings;
      break;
    case Verdict::kFailed:
      ++summary.failed;
      break;
    case Verdict::kError:
      ++summary.errors;
      break;
    case Verdict::kNotSetUp:
      ++summary.not_set_up;
      break;
    case Verdict::kSkipped:
      ++summary.skipped;
      break;
    case Verdict::kNotApplicable:
      ++summary.not_applicable;
      break;
  }
}

RunSummary Summarize(const std::vector<CaseResult>& cases) {
  RunSummary summary;
  for (const auto& result : cases) Count(result.status, summary);
  return summary;
}

bool RunReport::Passed() const {
  for (const auto& result : cases) {
    if (result.required && (result.status == Verdict::kFailed || result.status == Verdict::kError ||
                            result.status == Verdict::kNotSetUp))
      return false;
  }
  return true;
}

}  // namespace icopilot::golden
