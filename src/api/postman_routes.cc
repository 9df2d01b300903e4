// .../specs/{spec_version_id}/postman/collection and .../postman/environment: the version
// as files that Postman imports and newman runs (docs/postman.md).
#include <cctype>

#include "api/handler_util.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/postman_export.h"

namespace icopilot::api {
namespace {

// "Acme Payments API" -> "acme-payments-api": a file name for Content-Disposition.
std::string FileStem(std::string_view title) {
  std::string stem;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      stem += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
    if (stem.size() >= 60) break;
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem.empty() ? "api" : stem;
}

net::Response Download(const boost::json::object& body, std::string_view name,
                       std::string_view kind) {
  net::Response response = JsonResponse(200, body);
  response.headers.Set("content-disposition",
                       StrCat("attachment; filename=\"", FileStem(name), ".", kind, ".json\""));
  return response;
}

}  // namespace

void AddPostmanRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string base = "/api/v1/projects/{project_id}/specs/{spec_version_id}/postman";
  ops.push_back(ApiOp(
      "GET", base + "/collection", "exportPostmanCollection",
      "The spec version as a Postman collection (v2.1): each operation's example request with "
      "a test of its status, and the caller's saved cases with theirs",
      "playground", Access::kAnyUser, "", 200, "PostmanCollection",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto collection, d.postman.Collection(c.actor(), Param(c, "project_id"),
                                                               Param(c, "spec_version_id")));
        const std::string name(collection.at("info").at("name").as_string());
        return Download(collection, name, "postman_collection");
      })));
  ops.push_back(ApiOp(
      "GET", base + "/environment", "exportPostmanEnvironment",
      "A Postman environment for the hosted mock or one of the project's environments: its "
      "base URL, and the credential variables left empty",
      "playground", Access::kAnyUser, "", 200, "PostmanEnvironment",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             ASSIGN_OR_RETURN(auto environment,
                              d.postman.Environment(
                                  c.actor(), Param(c, "project_id"), Param(c, "spec_version_id"),
                                  c.request.QueryParam("environment_id").value_or("mock")));
             const std::string name(environment.at("name").as_string());
             return Download(environment, name, "postman_environment");
           }),
      {{"environment_id", "string", "An environment of the project, or \"mock\" (the default)"}}));
}

}  // namespace icopilot::api
