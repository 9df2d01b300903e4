// `icopilot spec diff --partners-from URL`: the project's use of each operation, read from
// a running server (GET {URL}/operation-usage with the key in ICOPILOT_API_KEY), so that a
// vendor's CI sees which partners each breaking change touches (docs/spec-drift.md).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace icopilot::cli {

struct PartnerUser {
  std::string id;
  std::string name;
  bool certified = false;
  std::vector<std::string> evidence;  // "trace trc_… 2026-12-01T…", "saved_case …"
};

// By operation as the diff names it: "POST /payments".
using PartnerUsage = std::map<std::string, std::vector<PartnerUser>>;

// `project_url`: https://copilot.example.com/api/v1/projects/prj_…  Unavailable when the
// server cannot be reached or refuses (with what it said), InvalidArgument for a URL that
// is not one.
absl::StatusOr<PartnerUsage> FetchPartnerUsage(std::string_view project_url);

}  // namespace icopilot::cli
