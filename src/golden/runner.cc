#include "golden/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "contract/request_builder.h"
#include "core/strings.h"
#include "golden/case_context.h"

namespace icopilot::golden {
namespace {

using Clock = std::chrono::steady_clock;

enum class Phase { kParallel, kPagination, kPerformance, kRateLimiting };

// Pages are followed one list at a time (a list filled for one case is read by the
// next), timings are taken alone, and the rate-limit probe spends the budget, so last.
Phase PhaseOf(const Case& c) {
  switch (c.category) {
    case TestCategory::kPagination:
      return Phase::kPagination;
    case TestCategory::kPerformance:
      return Phase::kPerformance;
    case TestCategory::kRateLimiting:
      return Phase::kRateLimiting;
    default:
      return Phase::kParallel;
  }
}

// Deletes what the run created, where the spec offers a DELETE on the item's path.
void CleanUp(RunContext& run) {
  for (const Created& created : run.fixtures.TakeAll()) {
    const spec::Operation& item = run.spec.operations[created.item_operation];
    auto remover = FindOperation(run.spec, spec::Method::kDelete, item.path);
    if (!remover) continue;
    auto built = contract::BuildValidRequest(
        run.spec, run.schemas, run.spec.operations[*remover],
        {.credentials = std::nullopt, .path_values = {{created.parameter, created.id}}});
    if (!built.ok()) continue;
    std::vector<Exchange> ignored;
    if (!run.credentials.AddValid(run.spec.operations[*remover], built->request, ignored).ok())
      continue;
    (void)run.session.Send(built->request, ignored, {.record = false});
  }
}

}  // namespace

RunReport RunSuite(const RunSetup& setup, const Target& target, const RunLimits& limits,
                   const ProgressFn& progress) {
  const auto started = Clock::now();
  Session session(setup.spec, target, limits, setup.stop);
  Credentials credentials(setup.spec, session);
  Fixtures fixtures;
  RunContext run{setup.spec,  setup.blueprint, setup.schemas,  session,
                 credentials, fixtures,        setup.read_only};

  RunReport report;
  report.cases.resize(setup.plan.size());
  std::vector<std::size_t> by_phase[4];
  for (std::size_t i = 0; i < setup.plan.size(); ++i) {
    const PlannedCase& row = setup.plan[i];
    CaseResult& result = report.cases[i];
    result.c = row.c;
    result.operation_id = row.operation_id;
    result.method = row.method;
    result.path = row.path;
    result.required = row.requirement == Requirement::kRequired;
    if (row.status == PlanStatus::kPlanned) {
      by_phase[static_cast<int>(PhaseOf(*row.c))].push_back(i);
    } else {
      result.status =
          row.status == PlanStatus::kSkipped ? Verdict::kSkipped : Verdict::kNotApplicable;
      result.reason = row.reason;
    }
  }

  std::mutex progress_mutex;
  std::size_t done = 0;
  const std::size_t total = setup.plan.size();
  auto finish = [&](std::size_t i) {
    std::lock_guard lock(progress_mutex);
    ++done;
    if (progress) progress(report.cases[i], done, total);
  };
  for (std::size_t i = 0; i < total; ++i) {
    if (setup.plan[i].status != PlanStatus::kPlanned) finish(i);
  }
  auto run_rows = [&](const std::vector<std::size_t>& rows, int workers) {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t k = next.fetch_add(1); k < rows.size(); k = next.fetch_add(1)) {
        const std::size_t i = rows[k];
        CaseResult& result = report.cases[i];
        const auto case_started = Clock::now();
        const PlannedCase& row = setup.plan[i];
        CaseContext context(run, row, result);
        if (session.OutOfTime()) {
          context.Error("not run: the run reached its time limit (--max-duration)");
        } else {
          result.status = Verdict::kError;
          result.reason = "the case ended without a verdict";
          row.c->run(context);
        }
        result.duration_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - case_started).count();
        finish(i);
      }
    };
    std::vector<std::jthread> threads;
    for (int t = 1; t < std::min<int>(workers, static_cast<int>(rows.size())); ++t)
      threads.emplace_back(work);
    work();
  };
  run_rows(by_phase[static_cast<int>(Phase::kParallel)], std::max(1, limits.concurrency));
  run_rows(by_phase[static_cast<int>(Phase::kPagination)], 1);
  run_rows(by_phase[static_cast<int>(Phase::kPerformance)], 1);
  if (!setup.read_only) CleanUp(run);
  // In catalog order, one at a time: the catalog puts the case that reads a normal answer
  // before the probe that spends the budget.
  run_rows(by_phase[static_cast<int>(Phase::kRateLimiting)], 1);

  report.summary = Summarize(report.cases);
  report.requests = session.requests_sent();
  report.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return report;
}

}  // namespace icopilot::golden
