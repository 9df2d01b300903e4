// What a run found: one result per planned row (a case against an operation, or once for
// the API), each passed, failed, error (it could not run), skipped or not applicable, with
// a reason a partner understands and the exchanges as evidence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "golden/catalog.h"
#include "golden/evidence.h"

namespace icopilot::golden {

enum class Verdict { kPassed, kFailed, kError, kSkipped, kNotApplicable };
std::string_view VerdictName(Verdict verdict);  // passed, failed, error, skipped, not_applicable

struct CaseResult {
  const Case* c = nullptr;
  std::string operation_id;  // "" for cases checked once for the API
  std::string method;
  std::string path;
  Verdict status = Verdict::kPassed;
  bool required = true;
  std::string reason;
  std::vector<std::string> notes;  // what passed but is worth knowing
  std::vector<Exchange> evidence;
  double duration_ms = 0;
};

struct RunSummary {
  std::size_t passed = 0, failed = 0, errors = 0, skipped = 0, not_applicable = 0;
};

struct RunReport {
  std::vector<CaseResult> cases;  // in plan order
  RunSummary summary;
  double duration_ms = 0;
  std::size_t requests = 0;
  // The run's verdict: every required case that ran passed (no required failure or error).
  bool Passed() const;
};

RunSummary Summarize(const std::vector<CaseResult>& cases);

}  // namespace icopilot::golden
