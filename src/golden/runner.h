// Runs a planned suite against a target: the cases that read and write in parallel
// (bounded by --concurrency), then pagination and performance alone, then deletes what the
// run created, then the rate-limiting cases last (they spend the API's budget). Every row
// of the plan ends with a verdict; planned rows that were not sent end skipped or not
// applicable as planned.
#pragma once

#include <functional>
#include <stop_token>
#include <vector>

#include "contract/spec_schemas.h"
#include "golden/plan.h"
#include "golden/result.h"
#include "golden/target.h"
#include "spec/blueprint.h"
#include "spec/model.h"

namespace icopilot::golden {

struct RunSetup {
  const spec::Spec& spec;
  const spec::Blueprint& blueprint;
  const contract::SpecSchemas& schemas;
  const std::vector<PlannedCase>& plan;
  bool read_only = false;
  std::stop_token stop = {};  // a shutting-down server ends the run early
};

// Called after each case ends, from the thread that ran it (serialized by the runner).
using ProgressFn =
    std::function<void(const CaseResult& result, std::size_t done, std::size_t total)>;

RunReport RunSuite(const RunSetup& setup, const Target& target, const RunLimits& limits,
                   const ProgressFn& progress = {});

}  // namespace icopilot::golden
