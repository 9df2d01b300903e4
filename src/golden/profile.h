// A test profile: for each of the ten categories, whether it applies to an API (detected
// from the spec engine's blueprint, with the reason) and whether it is required,
// optional or not applicable (the vendor's call; the default follows detection).
#pragma once

#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "spec/blueprint.h"
#include "spec/test_category.h"

namespace icopilot::golden {

enum class Requirement { kRequired, kOptional, kNotApplicable };
std::string_view RequirementName(Requirement requirement);  // required, optional, not_applicable

struct CategoryProfile {
  spec::TestCategory id = spec::TestCategory::kAuthentication;
  bool applicable = false;  // what detection found
  std::string reason;       // why, in a partner's words
  Requirement requirement = Requirement::kNotApplicable;
  bool overridden = false;  // the vendor's choice, not the default
};

struct Profile {
  std::vector<CategoryProfile> categories;  // in spec::kTestCategories order
  const CategoryProfile& Find(spec::TestCategory id) const {
    return categories[static_cast<std::size_t>(id)];
  }
};

// Applicable categories are required (performance optional), the others not applicable.
Profile DetectProfile(const spec::Blueprint& blueprint);

// `overrides` maps category ids to "required", "optional" or "not_applicable".
// InvalidArgument naming the key for an unknown category or value.
absl::Status ApplyOverrides(const boost::json::value& overrides, Profile& profile);

// The detected profile with stored overrides (JSON object text) applied; overrides that
// no longer apply are ignored, as they were checked when stored.
Profile ProfileWithOverrides(const spec::Blueprint& blueprint, std::string_view overrides_json);

// The profile for reports and the API: [{category, applicable, requirement, overridden,
// reason}] in category order.
boost::json::array ProfileJson(const Profile& profile);

// Reads an overrides file, YAML or JSON.
absl::StatusOr<boost::json::value> ReadOverridesFile(const std::string& path);

}  // namespace icopilot::golden
