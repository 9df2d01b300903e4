// /api/v1/projects/{project_id}/saved-cases: requests saved from the playground with what
// their answers must be, run with the golden suite (docs/saved-cases.md).
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/saved_case_service.h"

namespace icopilot::api {
namespace {

boost::json::value OrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

// A partner sees who saved its own cases, not which vendor user saved the project's, nor
// which other partner a promoted case came from.
boost::json::object EncodeSavedCase(const services::SavedCaseView& view,
                                    const store::Scope& viewer) {
  const store::SavedCaseRecord& r = view.record;
  const bool shows_creator = !viewer.is_partner() || r.partner_org_id == viewer.org_id;
  boost::json::array fields;
  for (const auto& field : view.fields)
    fields.push_back({{"pointer", field.pointer}, {"equals", field.equals}});
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"partner_id", OrNull(r.partner_org_id)},
          {"promoted_from", !viewer.is_partner() || r.promoted_from == viewer.org_id
                                ? OrNull(r.promoted_from)
                                : nullptr},
          {"operation_id", r.operation_id},
          {"name", r.name},
          {"request", services::RequestPartsToJson(view.request)},
          {"expected_status", r.expected_status},
          {"checks", {{"body_schema", view.check_body_schema}, {"fields", std::move(fields)}}},
          {"created_by", shows_creator ? OrNull(r.created_by) : nullptr},
          {"created_at", FormatTimestamp(r.created_at)}};
}

absl::Status ReadChecks(const boost::json::object& body, services::SavedCaseInput& input) {
  const auto* checks = body.if_contains("checks");
  if (checks == nullptr || checks->is_null()) return absl::OkStatus();
  if (!checks->is_object()) return absl::InvalidArgumentError("checks: must be an object");
  const auto& object = checks->as_object();
  RETURN_IF_ERROR(OnlyFields(object, {"body_schema", "fields"}));
  if (const auto* schema = object.if_contains("body_schema"); schema != nullptr) {
    if (!schema->is_bool()) return absl::InvalidArgumentError("checks.body_schema: true or false");
    input.check_body_schema = schema->as_bool();
  }
  const auto* fields = object.if_contains("fields");
  if (fields == nullptr) return absl::OkStatus();
  if (!fields->is_array()) return absl::InvalidArgumentError("checks.fields: must be a list");
  for (std::size_t i = 0; i < fields->as_array().size(); ++i) {
    const auto& field = fields->as_array()[i];
    const auto* pointer = field.is_object() ? field.as_object().if_contains("pointer") : nullptr;
    const auto* equals = field.is_object() ? field.as_object().if_contains("equals") : nullptr;
    if (pointer == nullptr || !pointer->is_string() || equals == nullptr) {
      return absl::InvalidArgumentError(
          StrCat("checks.fields[", i, "]: {\"pointer\": \"/status\", \"equals\": value}"));
    }
    input.fields.push_back({std::string(pointer->as_string()), *equals});
  }
  return absl::OkStatus();
}

absl::StatusOr<services::SavedCaseInput> ReadSavedCaseInput(const net::Request& request) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(OnlyFields(
      body, {"name", "operation_id", "spec_version_id", "request", "expected_status", "checks"}));
  services::SavedCaseInput input;
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto operation_id, StringField(body, "operation_id", true));
  ASSIGN_OR_RETURN(auto version, StringField(body, "spec_version_id", false));
  ASSIGN_OR_RETURN(auto status, IntField(body, "expected_status"));
  if (!status) return absl::InvalidArgumentError("expected_status: required");
  input.name = *name;
  input.operation_id = *operation_id;
  input.spec_version_id = version.value_or("");
  input.expected_status = static_cast<int>(std::clamp<std::int64_t>(*status, 0, 1000));
  if (const auto* parts = body.if_contains("request"); parts != nullptr && !parts->is_null()) {
    if (!parts->is_object()) return absl::InvalidArgumentError("request: must be an object");
    RETURN_IF_ERROR(OnlyFields(parts->as_object(), {"path", "query", "headers", "body"}));
    auto read = services::RequestPartsFromJson(parts->as_object());
    if (!read.ok()) return absl::InvalidArgumentError(StrCat("request.", read.status().message()));
    input.request = std::move(*read);
  }
  RETURN_IF_ERROR(ReadChecks(body, input));
  return input;
}

}  // namespace

void AddSavedCaseRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string cases = "/api/v1/projects/{project_id}/saved-cases";
  const std::string one = cases + "/{case_id}";
  ops.push_back(ApiOp(
      "POST", cases, "createSavedCase",
      "Save a request as a test case with the status and checks its answer must meet; a "
      "partner's case runs in that partner's runs, a vendor's in every partner's",
      "saved cases", Access::kAnyUser, "SavedCaseCreate", 201, "SavedCase",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto input, ReadSavedCaseInput(c.request));
        std::string project_id = Param(c, "project_id");
        ASSIGN_OR_RETURN(auto view, d.saved_cases.Create(c.actor(), project_id, input));
        auto response = JsonResponse(201, EncodeSavedCase(view, c.actor().scope));
        response.headers.Set(
            "location", StrCat("/api/v1/projects/", project_id, "/saved-cases/", view.record.id));
        return response;
      })));
  ops.push_back(ApiOp(
      "GET", cases, "listSavedCases",
      "List the saved cases the caller's runs include (a vendor sees every partner's), newest "
      "first",
      "saved cases", Access::kAnyUser, "", 200, "SavedCaseList",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
             ASSIGN_OR_RETURN(auto page,
                              d.saved_cases.List(c.actor(), Param(c, "project_id"),
                                                 c.request.QueryParam("operation_id").value_or(""),
                                                 page_request));
             return JsonResponse(200, ListBody(page, [&](const services::SavedCaseView& view) {
                                   return EncodeSavedCase(view, c.actor().scope);
                                 }));
           }),
      {{"operation_id", "string", "Only the cases of this operation"}}, true));
  ops.push_back(ApiOp(
      "GET", one, "getSavedCase", "Read one saved case", "saved cases", Access::kAnyUser, "", 200,
      "SavedCase", Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto view,
                         d.saved_cases.Get(c.actor(), Param(c, "project_id"), Param(c, "case_id")));
        return JsonResponse(200, EncodeSavedCase(view, c.actor().scope));
      })));
  ops.push_back(
      ApiOp("DELETE", one, "deleteSavedCase",
            "Delete a saved case: a partner its own, the vendor any of the project's",
            "saved cases", Access::kAnyUser, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(
                  d.saved_cases.Delete(c.actor(), Param(c, "project_id"), Param(c, "case_id")));
              return NoContent();
            })));
  ops.push_back(ApiOp(
      "POST", one + "/promote", "promoteSavedCase",
      "Make a partner's case one that every partner of the project runs (it then blocks a run "
      "when it fails)",
      "saved cases", Access::kVendor, "", 200, "SavedCase",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto view, d.saved_cases.Promote(c.actor(), Param(c, "project_id"),
                                                          Param(c, "case_id")));
        return JsonResponse(200, EncodeSavedCase(view, c.actor().scope));
      })));
}

}  // namespace icopilot::api
