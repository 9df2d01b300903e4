// Spec drift (docs/spec-drift.md): a version's impact on the partners, a document's before
// it is stored, and the project's use of each operation (what `icopilot spec diff
// --partners-from` reads in a vendor's CI).
#include "api/encode.h"
#include "api/handler_util.h"
#include "core/status_macros.h"
#include "services/spec_drift.h"

namespace icopilot::api {

void AddDriftRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string specs = "/api/v1/projects/{project_id}/specs";
  ops.push_back(
      ApiOp("GET", specs + "/{spec_version_id}/impact", "getSpecImpact",
            "What this version changed from the one before it, breaking or not, and for each "
            "breaking change the partners whose recent traces, saved cases or certified runs use "
            "the operation, with the evidence; 404 for a project's first version",
            "specs", Access::kVendor, "", 200, "SpecImpact",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto report, d.drift.Impact(c.actor(), Param(c, "project_id"),
                                                           Param(c, "spec_version_id")));
              return JsonResponse(200, report);
            })));
  ops.push_back(
      ApiOp("POST", specs + "/impact", "previewSpecImpact",
            "The same report for a document not stored yet, against the project's newest version: "
            "what uploading it would break, and for whom",
            "specs", Access::kVendor, "SpecImpactPreview", 200, "SpecImpact",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
              RETURN_IF_ERROR(OnlyFields(body, {"document"}));
              ASSIGN_OR_RETURN(auto document, StringField(body, "document", true));
              ASSIGN_OR_RETURN(auto report,
                               d.drift.Preview(c.actor(), Param(c, "project_id"), *document));
              return JsonResponse(200, services::DriftJson(report));
            })));
  ops.push_back(
      ApiOp("GET", "/api/v1/projects/{project_id}/operation-usage", "getOperationUsage",
            "Each operation of the newest version with the partners that use it: their traces of "
            "the last 30 days, their saved cases, the runs their current certificates rest on",
            "specs", Access::kVendor, "", 200, "OperationUsage",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto usage, d.drift.Usage(c.actor(), Param(c, "project_id")));
              return JsonResponse(200, usage);
            })));
}

}  // namespace icopilot::api
