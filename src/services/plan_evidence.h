// What the evidence says about a plan item with a rule: done, open again, or nothing yet.
// Read from the stored traces, runs and acknowledgements, never from what a person said.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "services/plan_template.h"
#include "store/plan_repository.h"

namespace icopilot::services {

struct EvidenceDecision {
  bool done = false;
  // {kind: trace|run|annotations, id, summary, at}: shown with the item and kept in its
  // history. `id` identifies the evidence: the same id again is not new evidence.
  boost::json::object evidence;
};

// nullopt while the evidence does not decide: no environment of that name, no call or
// run yet, fewer calls than the rule looks at. A first success stays a first success,
// and a failure stays until a full run passes.
absl::StatusOr<std::optional<EvidenceDecision>> DecideByEvidence(store::PlanRepository& facts,
                                                                 const std::string& project_id,
                                                                 const std::string& partner_org_id,
                                                                 const PlanRule& rule);

// How many of a partner's newest runs in one environment are read for a deciding one.
inline constexpr int kDecidingRunsRead = 50;

// Among a partner's finished runs in one environment, newest first, the one that decides
// whether every required category passes there: the first that failed, or else the first
// that covered the profile. nullopt when neither (no run, or only partial runs that passed).
std::optional<std::size_t> DecidingRun(const std::vector<store::PlanRepository::RunFact>& runs);

// Whether a finished run ran every required category (no single case, no category left
// out, no operation excluded): only such a run can show they all pass.
bool RunCoversProfile(const std::string& options_json, const std::string& summary_json);

}  // namespace icopilot::services
