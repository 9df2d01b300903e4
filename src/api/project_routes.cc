// /api/v1/projects and the partners invited to them.
#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/status_macros.h"

namespace icopilot::api {
namespace {

absl::StatusOr<net::Response> CreateProject(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"name", "description"}));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto description, StringField(body, "description", false));
  ASSIGN_OR_RETURN(auto project,
                   deps.projects.Create(context.actor(), *name, description.value_or("")));
  auto response = JsonResponse(201, EncodeProject(project));
  response.headers.Set("location", "/api/v1/projects/" + project.id);
  return response;
}

absl::StatusOr<net::Response> ListProjects(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(context.request));
  bool include_archived =
      context.request.QueryParam("include_archived").value_or("false") == "true";
  ASSIGN_OR_RETURN(auto page, deps.projects.List(context.actor(), page_request, include_archived));
  return JsonResponse(200, ListBody(page, EncodeProject));
}

absl::StatusOr<net::Response> UpdateProject(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"name", "description", "archived"}));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", false));
  ASSIGN_OR_RETURN(auto description, StringField(body, "description", false));
  std::string id = Param(context, "project_id");
  auto archived = body.find("archived");
  if (archived != body.end() && !archived->value().is_bool()) {
    return absl::InvalidArgumentError("archived: must be a boolean");
  }
  ASSIGN_OR_RETURN(auto project, deps.projects.Update(context.actor(), id, name, description));
  if (archived != body.end() && archived->value().as_bool() != project.archived_at.has_value()) {
    ASSIGN_OR_RETURN(project,
                     deps.projects.SetArchived(context.actor(), id, archived->value().as_bool()));
  }
  return JsonResponse(200, EncodeProject(project));
}

absl::StatusOr<net::Response> InvitePartner(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"name", "admin_email"}));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto email, StringField(body, "admin_email", true));
  ASSIGN_OR_RETURN(auto created, deps.projects.InvitePartner(
                                     context.actor(), Param(context, "project_id"), *name, *email));
  return JsonResponse(201, EncodeNewOrg(created));
}

absl::StatusOr<net::Response> ListPartners(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(context.request));
  ASSIGN_OR_RETURN(auto page, deps.projects.ListPartners(
                                  context.actor(), Param(context, "project_id"), page_request));
  return JsonResponse(200, ListBody(page, EncodePartner));
}

}  // namespace

void AddProjectRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string item = "/api/v1/projects/{project_id}";
  ops.push_back({"POST",
                 "/api/v1/projects",
                 "createProject",
                 "Create a project",
                 "projects",
                 Access::kVendor,
                 RateGroup::kApi,
                 "ProjectCreate",
                 201,
                 "Project",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, CreateProject)});
  ops.push_back({"GET",
                 "/api/v1/projects",
                 "listProjects",
                 "List projects (a partner sees the projects it was invited to)",
                 "projects",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "ProjectList",
                 "application/json",
                 true,
                 {{"include_archived", "boolean", "Include archived projects"}},
                 Wrap(deps, ListProjects)});
  ops.push_back({"GET",
                 item,
                 "getProject",
                 "Get a project",
                 "projects",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "Project",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto project,
                                    d.projects.Get(c.actor(), Param(c, "project_id")));
                   return JsonResponse(200, EncodeProject(project));
                 })});
  ops.push_back({"PATCH",
                 item,
                 "updateProject",
                 "Rename, describe, archive or unarchive a project",
                 "projects",
                 Access::kVendor,
                 RateGroup::kApi,
                 "ProjectUpdate",
                 200,
                 "Project",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, UpdateProject)});
  ops.push_back({"POST",
                 item + "/archive",
                 "archiveProject",
                 "Archive a project",
                 "projects",
                 Access::kVendor,
                 RateGroup::kApi,
                 "",
                 200,
                 "Project",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto project, d.projects.SetArchived(
                                                      c.actor(), Param(c, "project_id"), true));
                   return JsonResponse(200, EncodeProject(project));
                 })});
  ops.push_back({"DELETE",
                 item,
                 "deleteProject",
                 "Delete a project and everything in it",
                 "projects",
                 Access::kVendorAdmin,
                 RateGroup::kApi,
                 "",
                 204,
                 "",
                 "",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   RETURN_IF_ERROR(d.projects.Delete(c.actor(), Param(c, "project_id")));
                   return NoContent();
                 })});
  ops.push_back({"POST",
                 item + "/partners",
                 "invitePartner",
                 "Invite a partner org to the project (creates the org and its partner-admin)",
                 "partners",
                 Access::kVendorAdmin,
                 RateGroup::kApi,
                 "PartnerInvite",
                 201,
                 "PartnerInvited",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, InvitePartner)});
  ops.push_back({"GET",
                 item + "/partners",
                 "listPartners",
                 "List the partner orgs invited to the project",
                 "partners",
                 Access::kVendor,
                 RateGroup::kApi,
                 "",
                 200,
                 "PartnerList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, ListPartners)});
  ops.push_back({"DELETE",
                 item + "/partners/{partner_org_id}",
                 "removePartner",
                 "Withdraw a partner org's access to the project",
                 "partners",
                 Access::kVendorAdmin,
                 RateGroup::kApi,
                 "",
                 204,
                 "",
                 "",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   RETURN_IF_ERROR(d.projects.RemovePartner(c.actor(), Param(c, "project_id"),
                                                            Param(c, "partner_org_id")));
                   return NoContent();
                 })});
  ops.push_back({"GET",
                 item + "/partners/{partner_org_id}/users",
                 "listPartnerUsers",
                 "List the users of a partner org on the project (who has access, and since when)",
                 "partners",
                 Access::kVendor,
                 RateGroup::kApi,
                 "",
                 200,
                 "UserList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page, d.projects.ListPartnerUsers(
                                                   c.actor(), Param(c, "project_id"),
                                                   Param(c, "partner_org_id"), page_request));
                   return JsonResponse(200, ListBody(page, EncodeUser));
                 })});
}

}  // namespace icopilot::api
