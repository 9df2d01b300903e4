#include "services/readiness.h"

#include <map>

#include "core/status_macros.h"
#include "core/strings.h"
#include "services/plan_evidence.h"
#include "services/plan_service.h"
#include "store/golden_repository.h"
#include "store/plan_repository.h"
#include "store/project_repository.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kDayMillis = 24 * 60 * 60 * 1000;

ReadinessCase CaseOf(const store::RunCaseRecord& record) {
  return {record.position,     record.case_id, record.category,
          record.operation_id, record.status,  record.reason};
}

// The categories in the order the run met them, each with its counts and verdict: a
// failure of a required case fails the category, else a gap, else a warning.
void ReadCases(const std::vector<store::RunCaseRecord>& cases, ReadinessEnvironment& env) {
  std::map<std::string, std::size_t> index;
  for (const auto& record : cases) {
    if (record.category.empty()) continue;  // saved cases have theirs: "saved_cases"
    auto [it, inserted] = index.emplace(record.category, env.categories.size());
    if (inserted) env.categories.push_back({record.category, false, "not_run", 0, 0, 0, 0});
    ReadinessCategory& category = env.categories[it->second];
    category.required = category.required || record.required;
    if (record.status == "passed") {
      ++category.passed;
    } else if (record.status == "failed" || record.status == "error") {
      ++category.failed;
      if (record.required) env.failures.push_back(CaseOf(record));
    } else if (record.status == "warning") {
      ++category.warnings;
      env.warnings.push_back(CaseOf(record));
    } else if (record.status == "not_set_up") {
      ++category.not_set_up;
      env.gaps.push_back(CaseOf(record));
      if (record.required) ++env.required_gaps;
    }
  }
  for (auto& category : env.categories) {
    if (category.failed > 0) {
      category.verdict = "failed";
    } else if (category.not_set_up > 0) {
      category.verdict = "not_set_up";
    } else if (category.warnings > 0) {
      category.verdict = "warning";
    } else if (category.passed > 0) {
      category.verdict = "passed";
    }
  }
}

}  // namespace

std::string BlockedBy(const ReadinessEnvironment& env) {
  const auto count = [](std::int64_t n, std::string_view what) {
    return StrCat(n, " required case", n == 1 ? "" : "s", " ", what);
  };
  if (!env.failures.empty()) return count(static_cast<std::int64_t>(env.failures.size()), "failed");
  return count(env.required_gaps, "could not be set up");
}

absl::StatusOr<ReadinessReport> ReadinessService::Report(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view partner_org_id) {
  // The board first: it checks the viewer may read this partner's evidence.
  ASSIGN_OR_RETURN(auto board, plans_.Board(actor, project_id, partner_org_id));
  ReadinessReport report;
  report.project_id = std::string(project_id);
  report.partner_org_id = std::string(partner_org_id);
  report.partner_name = board.partner_name;
  report.invited_at = board.invited_at;
  report.generated_at = clock_.NowMillis();
  for (auto& item : board.items) {
    if (item.status != "done") report.open_items.push_back(std::move(item));
  }
  ASSIGN_OR_RETURN(auto project, store::ProjectRepository(db_).Get(actor.scope, project_id));
  report.project_name = project.name;

  store::PlanRepository plan_facts(db_);
  store::GoldenRepository golden(db_);
  store::ReadinessRepository facts(db_);
  ASSIGN_OR_RETURN(auto environments, facts.Environments(project_id));
  for (auto& [id, name] : environments) {
    ReadinessEnvironment env{id, name, "no_run", std::nullopt, {}, {}, {}, {}};
    ASSIGN_OR_RETURN(auto runs,
                     plan_facts.FinishedRuns(project_id, partner_org_id, id, kDecidingRunsRead));
    std::optional<std::size_t> deciding = DecidingRun(runs);
    if (deciding) {
      env.verdict = runs[*deciding].passed ? "ready" : "blocked";
    } else if (!runs.empty()) {
      deciding = 0;
      env.verdict = "incomplete";
    }
    if (deciding) {
      ASSIGN_OR_RETURN(env.run, golden.GetRun(actor.scope, project_id, runs[*deciding].id));
      ASSIGN_OR_RETURN(auto cases, golden.ListRunCases(actor.scope, project_id, env.run->id));
      ReadCases(cases, env);
    }
    // The mock is listed only once the partner ran against it.
    if (id == "mock" && !env.run) continue;
    report.environments.push_back(std::move(env));
  }
  report.traffic_since = report.generated_at - kReadinessTrafficDays * kDayMillis;
  ASSIGN_OR_RETURN(report.traffic,
                   facts.TrafficByOperation(project_id, partner_org_id, report.traffic_since,
                                            kReadinessTrafficLines));
  ASSIGN_OR_RETURN(report.notes, facts.Notes(project_id, partner_org_id));
  return report;
}

}  // namespace icopilot::services
