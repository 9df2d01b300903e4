#include "golden/plan.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace icopilot::golden {
namespace {

template <typename T, typename U>
bool Contains(const std::vector<T>& list, const U& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::string_view PlanStatusName(PlanStatus status) {
  switch (status) {
    case PlanStatus::kPlanned:
      return "planned";
    case PlanStatus::kSkipped:
      return "skipped";
    case PlanStatus::kNotApplicable:
      return "not_applicable";
  }
  return "planned";
}

std::vector<PlannedCase> PlanRun(const spec::Spec& spec, const spec::Blueprint& blueprint,
                                 const Profile& profile, const PlanOptions& options) {
  std::vector<PlannedCase> plan;
  for (const Case& c : AllCases()) {
    if (!options.only_case.empty() && c.id != options.only_case) continue;
    if (!options.categories.empty() && !Contains(options.categories, c.category)) continue;
    const CategoryProfile& category = profile.Find(c.category);
    PlannedCase row;
    row.c = &c;
    row.requirement = category.requirement;
    if (row.requirement == Requirement::kNotApplicable) {
      row.status = PlanStatus::kNotApplicable;
      row.reason = category.overridden
                       ? std::string("the profile sets this category not applicable")
                       : category.reason;
      plan.push_back(std::move(row));
      continue;
    }
    auto decide = [&](PlannedCase& r, bool unsafe) {
      if (unsafe && options.read_only) {
        r.status = PlanStatus::kSkipped;
        r.reason = "it sends an unsafe method (POST, PUT, PATCH or DELETE); the run is read-only";
      }
    };
    if (c.scope == Scope::kApi) {
      std::string why_not;
      if (Applies(c, spec, blueprint, 0, why_not)) {
        decide(row, c.unsafe);
      } else {
        row.status = PlanStatus::kNotApplicable;
        row.reason = why_not;
      }
      plan.push_back(std::move(row));
      continue;
    }
    std::size_t added = 0;
    std::string first_why_not;
    for (std::size_t i = 0; i < spec.operations.size(); ++i) {
      const spec::Operation& op = spec.operations[i];
      if (Contains(options.exclude_operations, op.operation_id)) continue;
      std::string why_not;
      if (!Applies(c, spec, blueprint, i, why_not)) {
        if (first_why_not.empty()) first_why_not = StrCat(op.operation_id, ": ", why_not);
        continue;
      }
      PlannedCase per = row;
      per.operation_id = op.operation_id;
      per.operation_index = i;
      per.method = spec::MethodToken(op.method);
      per.path = op.path;
      // A case sends the operation's own method: unsafe where the operation is.
      if (op.method != spec::Method::kGet && op.method != spec::Method::kHead &&
          op.method != spec::Method::kOptions)
        decide(per, true);
      plan.push_back(std::move(per));
      ++added;
    }
    if (added == 0) {
      row.status = PlanStatus::kNotApplicable;
      row.reason = first_why_not.empty() ? "no operation to check"
                                         : StrCat("applies to no operation (", first_why_not, ")");
      plan.push_back(std::move(row));
    }
  }
  return plan;
}

}  // namespace icopilot::golden
