#include "services/plan_template.h"

#include <set>

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

constexpr std::pair<PlanRuleKind, std::string_view> kRuleNames[] = {
    {PlanRuleKind::kFirstSuccess, "first_success"},
    {PlanRuleKind::kGoldenPassing, "golden_passing"},
    {PlanRuleKind::kNoViolations, "no_violations"},
    {PlanRuleKind::kAnnotationsAcknowledged, "annotations_acknowledged"},
};

absl::Status Invalid(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(StrCat(where, ": ", what));
}

absl::Status CheckMembers(const boost::json::object& object, std::string_view where,
                          std::initializer_list<std::string_view> allowed) {
  for (const auto& member : object) {
    bool known = false;
    for (std::string_view name : allowed) known = known || member.key() == name;
    if (!known) return Invalid(StrCat(where, ".", std::string_view(member.key())), "unknown field");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Text(const boost::json::object& object, std::string_view where,
                                 std::string_view name, bool required, std::size_t max) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (required) return Invalid(StrCat(where, ".", name), "required");
    return std::string();
  }
  if (!value->is_string()) return Invalid(StrCat(where, ".", name), "must be a string");
  std::string text(value->as_string());
  if (required && text.empty()) return Invalid(StrCat(where, ".", name), "must not be empty");
  if (text.size() > max)
    return Invalid(StrCat(where, ".", name), StrCat("at most ", max, " characters"));
  return text;
}

bool IsKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

PlanTemplateItem Item(std::string key, std::string title, std::string description,
                      std::string owner, std::optional<PlanRule> rule, int due_days) {
  return {std::move(key),   std::move(title), std::move(description),
          std::move(owner), std::move(rule),  due_days};
}

}  // namespace

std::string_view PlanRuleKindName(PlanRuleKind kind) {
  for (const auto& [k, name] : kRuleNames)
    if (k == kind) return name;
  return "first_success";
}

const PlanTemplate& DefaultPlanTemplate() {
  static const PlanTemplate plan{{
      {"Access and setup",
       {Item("sandbox-access", "Issue Sandbox access",
             "Invite the partner's developers and give them Sandbox credentials.", "vendor",
             std::nullopt, 2),
        Item("read-notes", "Read the vendor's notes on the API",
             "Acknowledge each note in the API reference: they say what the spec cannot.",
             "partner", PlanRule{PlanRuleKind::kAnnotationsAcknowledged, "", 20}, 7)}},
      {"Build against the mock",
       {Item("mock-suite", "The golden suite passes against the mock",
             "Run the golden suite against the hosted mock until every required category "
             "passes.",
             "partner", PlanRule{PlanRuleKind::kGoldenPassing, "mock", 20}, 14)}},
      {"Sandbox certification",
       {Item("sandbox-first-success", "First successful call in the Sandbox",
             "A 2xx answer to one of your calls, seen in the Sandbox's traces.", "partner",
             PlanRule{PlanRuleKind::kFirstSuccess, "Sandbox", 20}, 3),
        Item("sandbox-suite", "Every required golden category passes in the Sandbox",
             "A full run of the golden suite in the Sandbox with no required case failing.",
             "partner", PlanRule{PlanRuleKind::kGoldenPassing, "Sandbox", 20}, 21),
        Item("sandbox-clean-traffic", "No contract violation in your last 20 Sandbox calls",
             "Your own traffic, checked against the contract as it is traced.", "partner",
             PlanRule{PlanRuleKind::kNoViolations, "Sandbox", 20}, 21)}},
      {"UAT certification",
       {Item("uat-suite", "Every required golden category passes in UAT",
             "A full run of the golden suite in UAT with no required case failing.", "partner",
             PlanRule{PlanRuleKind::kGoldenPassing, "UAT", 20}, 35),
        Item("uat-review", "Review the UAT evidence",
             "The vendor reads the readiness report and agrees the partner may go live.", "vendor",
             std::nullopt, 42)}},
      {"Go-live",
       {Item("production-credentials", "Issue production credentials", "", "vendor", std::nullopt,
             49),
        Item("go-live-date", "Agree the go-live date", "", "partner", std::nullopt, 49)}},
  }};
  return plan;
}

absl::StatusOr<PlanRule> ReadPlanRule(const boost::json::value& json, std::string_view where) {
  if (!json.is_object()) return Invalid(where, "must be an object");
  const auto& object = json.as_object();
  RETURN_IF_ERROR(CheckMembers(object, where, {"kind", "environment", "last"}));
  ASSIGN_OR_RETURN(std::string kind, Text(object, where, "kind", true, 64));
  PlanRule rule;
  bool known = false;
  for (const auto& [k, name] : kRuleNames) {
    if (name == kind) {
      rule.kind = k;
      known = true;
    }
  }
  if (!known) {
    return Invalid(StrCat(where, ".kind"),
                   "one of first_success, golden_passing, no_violations, "
                   "annotations_acknowledged");
  }
  ASSIGN_OR_RETURN(rule.environment, Text(object, where, "environment", false, 200));
  const bool needs_environment =
      rule.kind == PlanRuleKind::kFirstSuccess || rule.kind == PlanRuleKind::kGoldenPassing;
  if (needs_environment && rule.environment.empty())
    return Invalid(StrCat(where, ".environment"), "required: an environment's name, or \"mock\"");
  if (rule.kind == PlanRuleKind::kAnnotationsAcknowledged && !rule.environment.empty())
    return Invalid(StrCat(where, ".environment"), "annotations are not per environment");
  if (const auto* last = object.if_contains("last"); last != nullptr) {
    if (rule.kind != PlanRuleKind::kNoViolations)
      return Invalid(StrCat(where, ".last"), "only for no_violations");
    if (!last->is_int64() || last->as_int64() < 1 || last->as_int64() > 1000)
      return Invalid(StrCat(where, ".last"), "an integer from 1 to 1000");
    rule.last = static_cast<int>(last->as_int64());
  }
  return rule;
}

boost::json::object PlanRuleJson(const PlanRule& rule) {
  boost::json::object json{{"kind", PlanRuleKindName(rule.kind)}};
  if (!rule.environment.empty()) json["environment"] = rule.environment;
  if (rule.kind == PlanRuleKind::kNoViolations) json["last"] = rule.last;
  return json;
}

absl::StatusOr<PlanTemplate> ReadPlanTemplate(const boost::json::value& json) {
  if (!json.is_object()) return Invalid("template", "must be an object");
  RETURN_IF_ERROR(CheckMembers(json.as_object(), "template", {"phases"}));
  const auto* phases = json.as_object().if_contains("phases");
  if (phases == nullptr || !phases->is_array() || phases->as_array().empty())
    return Invalid("phases", "a list of at least one phase");
  if (phases->as_array().size() > kMaxPlanPhases)
    return Invalid("phases", StrCat("at most ", kMaxPlanPhases));
  PlanTemplate plan;
  std::set<std::string, std::less<>> keys;
  for (std::size_t p = 0; p < phases->as_array().size(); ++p) {
    const std::string where = StrCat("phases[", p, "]");
    const auto& phase_json = phases->as_array()[p];
    if (!phase_json.is_object()) return Invalid(where, "must be an object");
    RETURN_IF_ERROR(CheckMembers(phase_json.as_object(), where, {"name", "items"}));
    PlanTemplatePhase phase;
    ASSIGN_OR_RETURN(phase.name, Text(phase_json.as_object(), where, "name", true, kMaxPlanTitle));
    const auto* items = phase_json.as_object().if_contains("items");
    if (items != nullptr && !items->is_array()) return Invalid(where + ".items", "must be a list");
    const std::size_t count = items == nullptr ? 0 : items->as_array().size();
    if (count > kMaxPlanItemsPerPhase)
      return Invalid(where + ".items", StrCat("at most ", kMaxPlanItemsPerPhase));
    for (std::size_t i = 0; i < count; ++i) {
      const std::string at = StrCat(where, ".items[", i, "]");
      const auto& item_json = items->as_array()[i];
      if (!item_json.is_object()) return Invalid(at, "must be an object");
      const auto& object = item_json.as_object();
      RETURN_IF_ERROR(
          CheckMembers(object, at, {"key", "title", "description", "owner", "rule", "due_days"}));
      PlanTemplateItem item;
      ASSIGN_OR_RETURN(item.key, Text(object, at, "key", true, 64));
      if (!IsKey(item.key))
        return Invalid(at + ".key", "lower-case letters, digits and '-', at most 64");
      if (!keys.insert(item.key).second)
        return Invalid(at + ".key", StrCat("\"", item.key, "\" is used twice"));
      ASSIGN_OR_RETURN(item.title, Text(object, at, "title", true, kMaxPlanTitle));
      ASSIGN_OR_RETURN(item.description,
                       Text(object, at, "description", false, kMaxPlanDescription));
      ASSIGN_OR_RETURN(std::string owner, Text(object, at, "owner", false, 16));
      if (!owner.empty() && owner != "vendor" && owner != "partner")
        return Invalid(at + ".owner", "vendor or partner");
      if (!owner.empty()) item.owner_side = owner;
      if (const auto* rule = object.if_contains("rule"); rule != nullptr && !rule->is_null()) {
        ASSIGN_OR_RETURN(item.rule, ReadPlanRule(*rule, at + ".rule"));
        if (item.owner_side == "vendor")
          return Invalid(at + ".owner", "an item evidence decides is the partner's");
      }
      if (const auto* due = object.if_contains("due_days"); due != nullptr && !due->is_null()) {
        if (!due->is_int64() || due->as_int64() < 0 || due->as_int64() > 3650)
          return Invalid(at + ".due_days", "an integer from 0 to 3650");
        item.due_days = static_cast<int>(due->as_int64());
      }
      phase.items.push_back(std::move(item));
    }
    plan.phases.push_back(std::move(phase));
  }
  return plan;
}

boost::json::object PlanTemplateJson(const PlanTemplate& plan) {
  boost::json::array phases;
  for (const auto& phase : plan.phases) {
    boost::json::array items;
    for (const auto& item : phase.items) {
      boost::json::object json{
          {"key", item.key},          {"title", item.title}, {"description", item.description},
          {"owner", item.owner_side}, {"rule", nullptr},     {"due_days", nullptr}};
      if (item.rule) json["rule"] = PlanRuleJson(*item.rule);
      if (item.due_days) json["due_days"] = *item.due_days;
      items.push_back(std::move(json));
    }
    phases.push_back({{"name", phase.name}, {"items", std::move(items)}});
  }
  return {{"phases", std::move(phases)}};
}

}  // namespace icopilot::services
