#include "golden/profile.h"

#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/strings.h"
#include "spec/source_document.h"

namespace icopilot::golden {

std::string_view RequirementName(Requirement requirement) {
  switch (requirement) {
    case Requirement::kRequired:
      return "required";
    case Requirement::kOptional:
      return "optional";
    case Requirement::kNotApplicable:
      return "not_applicable";
  }
  return "not_applicable";
}

Profile DetectProfile(const spec::Blueprint& blueprint) {
  Profile profile;
  for (spec::TestCategory id : spec::kTestCategories) {
    const spec::Category& found = blueprint.Find(id);
    CategoryProfile category{id, found.applicable, found.reason, Requirement::kNotApplicable,
                             false};
    if (category.applicable) {
      // Timing depends on where the run happens: worth knowing, rarely a gate.
      category.requirement =
          id == spec::TestCategory::kPerformance ? Requirement::kOptional : Requirement::kRequired;
    }
    profile.categories.push_back(std::move(category));
  }
  return profile;
}

absl::Status ApplyOverrides(const boost::json::value& overrides, Profile& profile) {
  const auto* object = overrides.if_object();
  if (object == nullptr)
    return absl::InvalidArgumentError(
        "a profile maps categories to required, optional or not_applicable");
  for (const auto& entry : *object) {
    std::string_view key = entry.key();
    const auto id = spec::ParseCategory(key);
    if (!id) {
      return absl::InvalidArgumentError(
          StrCat(key, ": not a category (the categories: ", spec::CategoryNames(), ")"));
    }
    CategoryProfile* category = &profile.categories[static_cast<std::size_t>(*id)];
    const auto* value = entry.value().if_string();
    Requirement requirement;
    if (value != nullptr && *value == "required") {
      requirement = Requirement::kRequired;
    } else if (value != nullptr && *value == "optional") {
      requirement = Requirement::kOptional;
    } else if (value != nullptr && *value == "not_applicable") {
      requirement = Requirement::kNotApplicable;
    } else {
      return absl::InvalidArgumentError(StrCat(key, ": ", boost::json::serialize(entry.value()),
                                               " should be required, optional or not_applicable"));
    }
    category->requirement = requirement;
    category->overridden = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<boost::json::value> ReadOverridesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  spec::Diagnostics ignored;
  auto document = spec::SourceDocument::Parse(path, text.str(), {}, ignored);
  if (!document.ok())
    return absl::InvalidArgumentError(StrCat(path, ": ", document.status().message()));
  return (*document)->root();
}

boost::json::array ProfileJson(const Profile& profile) {
  boost::json::array categories;
  for (const auto& c : profile.categories) {
    categories.push_back({{"category", spec::CategoryName(c.id)},
                          {"applicable", c.applicable},
                          {"requirement", RequirementName(c.requirement)},
                          {"overridden", c.overridden},
                          {"reason", c.reason}});
  }
  return categories;
}

Profile ProfileWithOverrides(const spec::Blueprint& blueprint, std::string_view overrides_json) {
  Profile profile = DetectProfile(blueprint);
  if (auto overrides = ParseJson(overrides_json); overrides.ok())
    (void)ApplyOverrides(*overrides, profile);
  return profile;
}

}  // namespace icopilot::golden
