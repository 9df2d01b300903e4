#include "golden/profile.h"

#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/strings.h"
#include "golden/catalog.h"
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

const CategoryProfile* Profile::Find(std::string_view id) const {
  for (const auto& category : categories) {
    if (category.id == id) return &category;
  }
  return nullptr;
}

Profile DetectProfile(const spec::Blueprint& blueprint) {
  Profile profile;
  for (std::string_view id : Categories()) {
    CategoryProfile category{std::string(id), false, "", Requirement::kNotApplicable, false};
    for (const auto& found : blueprint.categories) {
      if (found.id != id) continue;
      category.applicable = found.applicable;
      category.reason = found.reason;
    }
    if (category.applicable) {
      // Timing depends on where the run happens: worth knowing, rarely a gate.
      category.requirement = id == "performance" ? Requirement::kOptional : Requirement::kRequired;
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
    CategoryProfile* category = nullptr;
    for (auto& c : profile.categories) {
      if (c.id == key) category = &c;
    }
    if (category == nullptr) {
      std::string known;
      for (std::string_view id : Categories()) known += StrCat(known.empty() ? "" : ", ", id);
      return absl::InvalidArgumentError(
          StrCat(key, ": not a category (the categories: ", known, ")"));
    }
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
    categories.push_back({{"category", c.id},
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
