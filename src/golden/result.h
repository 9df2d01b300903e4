// What a run found: one result per planned row (a case against an operation, or once for
// the API), with a reason a partner understands and the exchanges as evidence.
//
// The levels, from best to worst for a certificate:
//   passed          the API did what the case's basis asks
//   warning         a departure from a convention (a lenient media type, no rate-limit
//                   headers): worth fixing, never a reason to block a partner
//   failed          a breach of a contract rule: the spec's words or an RFC's MUST
//   error           the case could not finish (the target did not answer, a token
//                   endpoint refused)
//   not_set_up      the runner could not set the case up (no valid request could be
//                   built, no success answer to check, no id of the right shape): a gap
//                   in the certificate, counted apart from what a user chose to skip
//   skipped         left out by the run's options or for a stated reason of the API's
//                   (a server that issues no narrower token)
//   not_applicable  the case does not apply to this operation or API
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "golden/catalog.h"
#include "golden/evidence.h"

namespace icopilot::golden {

enum class Verdict { kPassed, kWarning, kFailed, kError, kNotSetUp, kSkipped, kNotApplicable };
// passed, warning, failed, error, not_set_up, skipped, not_applicable
std::string_view VerdictName(Verdict verdict);

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
  std::size_t passed = 0, warnings = 0, failed = 0, errors = 0, not_set_up = 0, skipped = 0,
              not_applicable = 0;
};

struct RunReport {
  std::vector<CaseResult> cases;  // in plan order
  RunSummary summary;
  double duration_ms = 0;
  std::size_t requests = 0;
  // The run's verdict: no required case failed, errored or could not be set up. Warnings
  // do not block; a required case that could not be set up does, since nothing was
  // checked in its place.
  bool Passed() const;
};

RunSummary Summarize(const std::vector<CaseResult>& cases);
// Adds one verdict to its count.
void Count(Verdict verdict, RunSummary& summary);

}  // namespace icopilot::golden
