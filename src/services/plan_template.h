// A project's plan template (plan-board.md): the phases and items every partner's board
// is seeded with, and the evidence rules that decide items without anyone ticking them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "absl/status/statusor.h"

namespace icopilot::services {

// What evidence decides an item.
enum class PlanRuleKind {
  kFirstSuccess,             // the partner's first 2xx call in the environment (traces)
  kGoldenPassing,            // every required category passing there (runs)
  kNoViolations,             // none of the partner's last `last` calls violates the contract
  kAnnotationsAcknowledged,  // the partner acknowledged every note of the vendor
};
std::string_view PlanRuleKindName(PlanRuleKind kind);

struct PlanRule {
  PlanRuleKind kind = PlanRuleKind::kFirstSuccess;
  std::string environment;  // an environment's name, or "mock"; "" for every one (violations)
  int last = 20;            // kNoViolations: how many of the newest calls
};

struct PlanTemplateItem {
  std::string key;  // unique in the template: [a-z0-9-]
  std::string title;
  std::string description;
  std::string owner_side = "partner";  // vendor, partner
  std::optional<PlanRule> rule;
  std::optional<int> due_days;  // after the partner was invited
};

struct PlanTemplatePhase {
  std::string name;
  std::vector<PlanTemplateItem> items;
};

struct PlanTemplate {
  std::vector<PlanTemplatePhase> phases;
};

inline constexpr std::size_t kMaxPlanPhases = 10;
inline constexpr std::size_t kMaxPlanItemsPerPhase = 30;
inline constexpr std::size_t kMaxPlanTitle = 200;
inline constexpr std::size_t kMaxPlanDescription = 4000;

// Five phases: access and setup; build against the mock; sandbox certification; UAT
// certification; go-live. Evidence items name the environments "Sandbox" and "UAT".
const PlanTemplate& DefaultPlanTemplate();

// InvalidArgument naming the place ("phases[1].items[0].rule.kind: ...").
absl::StatusOr<PlanTemplate> ReadPlanTemplate(const boost::json::value& json);
boost::json::object PlanTemplateJson(const PlanTemplate& plan);

absl::StatusOr<PlanRule> ReadPlanRule(const boost::json::value& json, std::string_view where);
boost::json::object PlanRuleJson(const PlanRule& rule);

}  // namespace icopilot::services
