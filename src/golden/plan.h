// What a run would do, before it sends anything: each case of the catalog against each
// operation it applies to, under a profile and the run's limits (read-only, operations
// left out, one case, some categories). `icopilot test --list` prints it; the runner
// executes the planned rows.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "golden/catalog.h"
#include "golden/profile.h"
#include "spec/blueprint.h"
#include "spec/model.h"

namespace icopilot::golden {

struct PlanOptions {
  bool read_only = false;                       // only GET, HEAD and OPTIONS may be sent
  std::vector<std::string> exclude_operations;  // operationIds left out
  std::string only_case;                        // "" for all
  std::vector<spec::TestCategory> categories;   // empty for all
};

enum class PlanStatus { kPlanned, kSkipped, kNotApplicable };
std::string_view PlanStatusName(PlanStatus status);  // planned, skipped, not_applicable

struct PlannedCase {
  const Case* c = nullptr;
  std::string operation_id;         // "" for cases checked once for the API
  std::size_t operation_index = 0;  // into Spec::operations, when operation_id is set
  std::string method;               // upper case
  std::string path;
  PlanStatus status = PlanStatus::kPlanned;
  std::string reason;  // why skipped or not applicable
  Requirement requirement = Requirement::kRequired;
};

// Rows in catalog order, then operation order. A per-operation case that applies to no
// operation is one not-applicable row saying why.
std::vector<PlannedCase> PlanRun(const spec::Spec& spec, const spec::Blueprint& blueprint,
                                 const Profile& profile, const PlanOptions& options);

}  // namespace icopilot::golden
