#include "services/plan_evidence.h"

#include "absl/strings/str_join.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

boost::json::object TraceEvidence(const store::PlanRepository::TraceFact& trace,
                                  std::string summary) {
  return {{"kind", "trace"},
          {"id", trace.id},
          {"summary", std::move(summary)},
          {"at", trace.created_at}};
}

std::string Call(const store::PlanRepository::TraceFact& trace) {
  return StrCat(trace.method, " ",
                trace.operation_id.empty() ? "(no operation)" : trace.operation_id, " answered ",
                trace.status);
}

std::string Where(const PlanRule& rule) {
  return rule.environment.empty() ? std::string("any environment") : rule.environment;
}

absl::StatusOr<std::optional<EvidenceDecision>> FirstSuccess(store::PlanRepository& facts,
                                                             const std::string& project_id,
                                                             const std::string& partner,
                                                             const std::string& environment_id,
                                                             const PlanRule& rule) {
  ASSIGN_OR_RETURN(auto first, facts.FirstSuccessfulTrace(project_id, partner, environment_id));
  if (!first) return std::optional<EvidenceDecision>();
  return EvidenceDecision{
      true,
      TraceEvidence(*first, StrCat("First successful call in ", Where(rule), ": ", Call(*first),
                                   " at ", FormatTimestamp(first->created_at)))};
}

absl::StatusOr<std::optional<EvidenceDecision>> GoldenPassing(store::PlanRepository& facts,
                                                              const std::string& project_id,
                                                              const std::string& partner,
                                                              const std::string& environment_id,
                                                              const PlanRule& rule) {
  ASSIGN_OR_RETURN(auto runs,
                   facts.FinishedRuns(project_id, partner, environment_id, kDecidingRunsRead));
  const std::optional<std::size_t> deciding = DecidingRun(runs);
  if (!deciding) return std::optional<EvidenceDecision>();
  const auto& run = runs[*deciding];
  boost::json::object evidence{{"kind", "run"}, {"id", run.id}, {"at", run.finished_at}};
  if (run.passed) {
    evidence["summary"] =
        StrCat("Run ", run.id, " in ", Where(rule), ": every required category passed");
    return EvidenceDecision{true, std::move(evidence)};
  }
  boost::json::array categories;
  for (const auto& category : run.failed_categories) categories.emplace_back(category);
  evidence["summary"] =
      StrCat("Run ", run.id, " in ", Where(rule), " failed required ",
             run.failed_categories.empty() ? std::string("cases")
                                           : absl::StrJoin(run.failed_categories, ", "));
  evidence["categories"] = std::move(categories);
  return EvidenceDecision{false, std::move(evidence)};
}

absl::StatusOr<std::optional<EvidenceDecision>> NoViolations(store::PlanRepository& facts,
                                                             const std::string& project_id,
                                                             const std::string& partner,
                                                             const std::string& environment_id,
                                                             const PlanRule& rule) {
  ASSIGN_OR_RETURN(auto traces, facts.LatestTraces(project_id, partner, environment_id, rule.last));
  for (const auto& trace : traces) {
    if (trace.violation_count > 0) {
      return EvidenceDecision{
          false,
          TraceEvidence(trace,
                        StrCat(Call(trace), " with ", trace.violation_count, " contract violation",
                               trace.violation_count == 1 ? "" : "s", " in ", Where(rule)))};
    }
  }
  if (traces.empty() || static_cast<int>(traces.size()) < rule.last)
    return std::optional<EvidenceDecision>();
  return EvidenceDecision{
      true, TraceEvidence(traces.front(), StrCat("The last ", rule.last, " calls in ", Where(rule),
                                                 " kept to the contract"))};
}

absl::StatusOr<std::optional<EvidenceDecision>> Acknowledged(store::PlanRepository& facts,
                                                             const std::string& project_id,
                                                             const std::string& partner) {
  ASSIGN_OR_RETURN(auto counts, facts.AnnotationAcks(project_id, partner));
  const auto [total, acknowledged] = counts;
  boost::json::object evidence{{"kind", "annotations"},
                               {"id", StrCat("acknowledged:", acknowledged, "/", total)},
                               {"at", nullptr}};
  if (total == 0) {
    evidence["summary"] = "The vendor has no notes to acknowledge";
  } else {
    evidence["summary"] = StrCat(acknowledged, " of ", total, " notes acknowledged");
  }
  return EvidenceDecision{acknowledged >= total, std::move(evidence)};
}

}  // namespace

std::optional<std::size_t> DecidingRun(const std::vector<store::PlanRepository::RunFact>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].passed || RunCoversProfile(runs[i].options, runs[i].summary)) return i;
  }
  return std::nullopt;
}

bool RunCoversProfile(const std::string& options_json, const std::string& summary_json) {
  if (auto summary = ParseJson(summary_json); summary.ok() && summary->is_object()) {
    if (const auto* covers = summary->as_object().if_contains("covers_profile");
        covers != nullptr && covers->is_bool())
      return covers->as_bool();
  }
  // Runs from before the summary said so: only an unfiltered run covers the profile.
  auto options = ParseJson(options_json);
  if (!options.ok() || !options->is_object()) return false;
  for (std::string_view filter : {"categories", "case", "exclude_operations"}) {
    const auto* value = options->as_object().if_contains(filter);
    if (value == nullptr || value->is_null()) continue;
    if (value->is_array() && value->as_array().empty()) continue;
    return false;
  }
  return true;
}

absl::StatusOr<std::optional<EvidenceDecision>> DecideByEvidence(store::PlanRepository& facts,
                                                                 const std::string& project_id,
                                                                 const std::string& partner_org_id,
                                                                 const PlanRule& rule) {
  if (rule.kind == PlanRuleKind::kAnnotationsAcknowledged)
    return Acknowledged(facts, project_id, partner_org_id);
  std::string environment_id;
  if (!rule.environment.empty()) {
    ASSIGN_OR_RETURN(auto found, facts.EnvironmentIdByName(project_id, rule.environment));
    if (!found) return std::optional<EvidenceDecision>();
    environment_id = *found;
  }
  switch (rule.kind) {
    case PlanRuleKind::kFirstSuccess:
      return FirstSuccess(facts, project_id, partner_org_id, environment_id, rule);
    case PlanRuleKind::kGoldenPassing:
      return GoldenPassing(facts, project_id, partner_org_id, environment_id, rule);
    case PlanRuleKind::kNoViolations:
      return NoViolations(facts, project_id, partner_org_id, environment_id, rule);
    case PlanRuleKind::kAnnotationsAcknowledged:
      break;
  }
  return std::optional<EvidenceDecision>();
}

}  // namespace icopilot::services
