// /api/v1/projects/{project_id}/specs (spec versions) and .../mocks (hosted mocks).
#include <boost/json/serialize.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/problem.h"
#include "services/spec_check.h"

namespace icopilot::api {
namespace {

boost::json::object EncodeProblem(const services::SpecProblem& problem) {
  return {{"severity", problem.severity}, {"rule", problem.rule}, {"message", problem.message},
          {"pointer", problem.pointer},   {"line", problem.line}, {"column", problem.column}};
}

// An unusable document is a 422 whose `errors` point at the document's field, each with
// the line and column of the problem in the document's own text.
net::Response UnusableSpec(const services::SpecCheck& check) {
  boost::json::array errors;
  for (const auto& problem : check.problems) {
    if (problem.severity != "error") continue;
    boost::json::object error{
        {"pointer", "/document"},
        {"detail", problem.line > 0 ? StrCat("line ", problem.line, ", column ", problem.column,
                                             ": ", problem.message)
                                    : problem.message}};
    error["line"] = problem.line;
    error["column"] = problem.column;
    error["rule"] = problem.rule;
    errors.push_back(std::move(error));
  }
  if (errors.empty())
    errors.push_back({{"pointer", "/document"}, {"detail", check.unusable_reason}});
  boost::json::object extra{{"errors", std::move(errors)}};
  return net::MakeProblem(422, "invalid-request", "The request is not valid",
                          StrCat("document: the spec is unusable (", check.unusable_reason, ")"),
                          &extra);
}

absl::StatusOr<net::Response> AddSpecVersion(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"label", "document"}));
  ASSIGN_OR_RETURN(auto label, StringField(body, "label", true));
  const auto* document = body.if_contains("document");
  if (document == nullptr || !(document->is_string() || document->is_object()))
    return absl::InvalidArgumentError("document: required, the spec's text or its JSON");
  std::string text = document->is_string() ? std::string(document->as_string())
                                           : boost::json::serialize(*document);
  std::string project_id = Param(context, "project_id");
  ASSIGN_OR_RETURN(auto added,
                   deps.mocks.AddSpecVersion(context.actor(), project_id, *label, std::move(text)));
  if (!added.stored) return UnusableSpec(added.check);
  const store::SpecVersion& version = *added.stored;
  boost::json::object encoded = EncodeSpecVersion(version);
  boost::json::array problems;
  for (const auto& problem : added.check.problems) problems.push_back(EncodeProblem(problem));
  encoded["diagnostics"] = std::move(problems);
  auto response = JsonResponse(201, encoded);
  response.headers.Set("location", StrCat("/api/v1/projects/", project_id, "/specs/", version.id));
  return response;
}

// The settings as JSON text, or nullopt when the body has none.
absl::StatusOr<std::optional<std::string>> ConfigField(const boost::json::object& body) {
  const auto* config = body.if_contains("config");
  if (config == nullptr) return std::nullopt;
  if (!config->is_object()) return absl::InvalidArgumentError("config: must be an object");
  return boost::json::serialize(*config);
}

// nullopt when absent; a nullopt inside when null (no dedicated port).
absl::StatusOr<store::MockRepository::PortChange> PortField(const boost::json::object& body) {
  const auto* port = body.if_contains("port");
  if (port == nullptr) return std::nullopt;
  if (port->is_null()) return store::MockRepository::PortChange(std::optional<std::int64_t>());
  if (!port->is_int64()) return absl::InvalidArgumentError("port: must be an integer or null");
  return store::MockRepository::PortChange(port->as_int64());
}

absl::StatusOr<net::Response> CreateMock(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"spec_version_id", "name", "config", "port"}));
  ASSIGN_OR_RETURN(auto spec_version_id, StringField(body, "spec_version_id", true));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto config, ConfigField(body));
  ASSIGN_OR_RETURN(auto port, PortField(body));
  std::string project_id = Param(context, "project_id");
  ASSIGN_OR_RETURN(auto mock,
                   deps.mocks.Create(context.actor(), project_id, *spec_version_id, *name,
                                     config.value_or("{}"), port.value_or(std::nullopt)));
  auto response = JsonResponse(201, EncodeMock(mock));
  response.headers.Set("location",
                       StrCat("/api/v1/projects/", project_id, "/mocks/", mock.record.id));
  return response;
}

absl::StatusOr<net::Response> UpdateMock(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"spec_version_id", "name", "config", "port"}));
  ASSIGN_OR_RETURN(auto spec_version_id, StringField(body, "spec_version_id", false));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", false));
  ASSIGN_OR_RETURN(auto config, ConfigField(body));
  ASSIGN_OR_RETURN(auto port, PortField(body));
  ASSIGN_OR_RETURN(auto mock, deps.mocks.Update(context.actor(), Param(context, "project_id"),
                                                Param(context, "mock_id"),
                                                {spec_version_id, name, config, port}));
  return JsonResponse(200, EncodeMock(mock));
}

}  // namespace

void AddMockRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string specs = "/api/v1/projects/{project_id}/specs";
  const std::string mocks = "/api/v1/projects/{project_id}/mocks";
  const std::string mock = mocks + "/{mock_id}";
  ops.push_back({"POST",
                 specs,
                 "addSpecVersion",
                 "Upload a version of the project's API description (checked before it is kept)",
                 "specs",
                 Access::kVendor,
                 RateGroup::kApi,
                 "SpecVersionCreate",
                 201,
                 "SpecVersionCreated",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, AddSpecVersion)});
  ops.push_back({"GET",
                 specs,
                 "listSpecVersions",
                 "List the project's spec versions",
                 "specs",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "SpecVersionList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(
                       auto page,
                       d.mocks.ListSpecVersions(c.actor(), Param(c, "project_id"), page_request));
                   return JsonResponse(200, ListBody(page, EncodeSpecVersion));
                 })});
  ops.push_back({"GET",
                 specs + "/{spec_version_id}",
                 "getSpecVersion",
                 "Get a spec version",
                 "specs",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "SpecVersion",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto version,
                                    d.mocks.GetSpecVersion(c.actor(), Param(c, "project_id"),
                                                           Param(c, "spec_version_id")));
                   return JsonResponse(200, EncodeSpecVersion(version));
                 })});
  ops.push_back({"GET",
                 specs + "/{spec_version_id}/reference",
                 "getApiReference",
                 "The version's API reference: title, servers, security schemes, and its "
                 "operations and webhooks",
                 "specs",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "ApiReference",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto contents,
                                    d.mocks.ReferenceContents(c.actor(), Param(c, "project_id"),
                                                              Param(c, "spec_version_id")));
                   return JsonResponse(200, contents);
                 })});
  ops.push_back({"GET",
                 specs + "/{spec_version_id}/reference/{operation_id}",
                 "getOperationReference",
                 "One operation or webhook in full: description, parameters, bodies and "
                 "responses with examples, the schemas they use, a request a client would send",
                 "specs",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "OperationReference",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto reference,
                                    d.mocks.OperationReference(c.actor(), Param(c, "project_id"),
                                                               Param(c, "spec_version_id"),
                                                               Param(c, "operation_id")));
                   return JsonResponse(200, reference);
                 })});
  ops.push_back({"POST",
                 mocks,
                 "createMock",
                 "Create a hosted mock of a spec version, served at /mocks/{mock_id}",
                 "mocks",
                 Access::kVendor,
                 RateGroup::kApi,
                 "MockCreate",
                 201,
                 "Mock",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, CreateMock)});
  ops.push_back({"GET",
                 mocks,
                 "listMocks",
                 "List the project's mocks with health and traffic",
                 "mocks",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "MockList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page,
                                    d.mocks.List(c.actor(), Param(c, "project_id"), page_request));
                   return JsonResponse(200, ListBody(page, EncodeMock));
                 })});
  ops.push_back({"GET",
                 mock,
                 "getMock",
                 "Get a mock: settings, credentials, health, traffic",
                 "mocks",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "Mock",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto found, d.mocks.Get(c.actor(), Param(c, "project_id"),
                                                            Param(c, "mock_id")));
                   return JsonResponse(200, EncodeMock(found));
                 })});
  ops.push_back({"PATCH",
                 mock,
                 "updateMock",
                 "Rename a mock, move it to another spec version or change its settings (the next "
                 "request, on every instance, uses them)",
                 "mocks",
                 Access::kVendor,
                 RateGroup::kApi,
                 "MockUpdate",
                 200,
                 "Mock",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, UpdateMock)});
  ops.push_back({"DELETE",
                 mock,
                 "deleteMock",
                 "Delete a mock and its state",
                 "mocks",
                 Access::kVendor,
                 RateGroup::kApi,
                 "",
                 204,
                 "",
                 "",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   RETURN_IF_ERROR(
                       d.mocks.Delete(c.actor(), Param(c, "project_id"), Param(c, "mock_id")));
                   return NoContent();
                 })});
  ops.push_back({"POST",
                 mock + "/reset",
                 "resetMock",
                 "Clear a mock's stored resources, idempotency keys and journal",
                 "mocks",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "Mock",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto reset, d.mocks.Reset(c.actor(), Param(c, "project_id"),
                                                              Param(c, "mock_id")));
                   return JsonResponse(200, EncodeMock(reset));
                 })});
  ops.push_back(
      {"GET",
       mock + "/requests",
       "listMockRequests",
       "The mock's last requests, newest first, with what was wrong with them",
       "mocks",
       Access::kAnyUser,
       RateGroup::kApi,
       "",
       200,
       "MockJournal",
       "application/json",
       false,
       {},
       Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
         ASSIGN_OR_RETURN(auto entries,
                          d.mocks.Journal(c.actor(), Param(c, "project_id"), Param(c, "mock_id")));
         return ItemsResponse(entries, [](const auto& e) { return EncodeJournalEntry(e); });
       })});
}

}  // namespace icopilot::api
