// /api/v1/projects/{project_id}/annotations (a vendor's notes on operations) and the
// playground's request check, .../specs/{spec_version_id}/operations/{operation_id}/check.
#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "golden/evidence.h"
#include "services/annotation_service.h"
#include "services/playground_service.h"

namespace icopilot::api {
namespace {

absl::StatusOr<services::AnnotationInput> ReadAnnotationInput(const net::Request& request,
                                                              bool creating) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(
      OnlyFields(body, {"operation_id", "pointer", "kind", "message", "link", "condition"}));
  services::AnnotationInput input;
  ASSIGN_OR_RETURN(input.operation_id, StringField(body, "operation_id", creating));
  ASSIGN_OR_RETURN(input.pointer, StringField(body, "pointer", false));
  ASSIGN_OR_RETURN(input.kind, StringField(body, "kind", creating));
  ASSIGN_OR_RETURN(input.message, StringField(body, "message", creating));
  // null clears the link and the condition.
  for (auto [name, slot] : {std::pair{"link", &input.link}, {"condition", &input.condition}}) {
    if (const auto* value = body.if_contains(name); value != nullptr && value->is_null()) {
      *slot = "";
    } else {
      ASSIGN_OR_RETURN(*slot, StringField(body, name, false));
    }
  }
  return input;
}

absl::StatusOr<services::RequestParts> ReadPlaygroundRequest(const net::Request& request) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(OnlyFields(body, {"path", "query", "headers", "body"}));
  return services::RequestPartsFromJson(body);
}

absl::StatusOr<net::Response> SendPlaygroundRequest(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"environment_id", "path", "query", "headers", "body"}));
  ASSIGN_OR_RETURN(auto environment_id, StringField(body, "environment_id", true));
  ASSIGN_OR_RETURN(auto parts, services::RequestPartsFromJson(body));
  ASSIGN_OR_RETURN(auto sent,
                   deps.playground.Send(context.actor(), Param(context, "project_id"),
                                        Param(context, "spec_version_id"),
                                        Param(context, "operation_id"), *environment_id, parts));
  boost::json::array exchanges;
  for (const auto& exchange : sent.exchanges) exchanges.push_back(golden::ExchangeJson(exchange));
  boost::json::array violations;
  for (const auto& violation : sent.violations) {
    violations.push_back({{"side", violation.side},
                          {"location", violation.location},
                          {"message", violation.message},
                          {"keyword", violation.keyword}});
  }
  return JsonResponse(200, boost::json::object{{"exchanges", std::move(exchanges)},
                                               {"violations", std::move(violations)},
                                               {"traced", sent.traced}});
}

boost::json::object EncodeCheck(const services::PlaygroundCheck& check) {
  boost::json::array problems;
  for (const auto& problem : check.problems) {
    problems.push_back(
        {{"pointer", problem.pointer}, {"message", problem.message}, {"keyword", problem.keyword}});
  }
  boost::json::array warnings;
  for (const auto& warning : check.warnings) warnings.emplace_back(warning);
  return {{"valid", check.problems.empty()},
          {"method", check.method},
          {"path", check.path},
          {"content_type", check.content_type},
          {"problems", std::move(problems)},
          {"warnings", std::move(warnings)},
          {"matched_annotations", EncodeAnnotations(check.annotations.matched)},
          {"other_annotations", EncodeAnnotations(check.annotations.other)}};
}

absl::StatusOr<net::Response> PreviewCondition(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"spec_version_id", "operation_id", "condition"}));
  ASSIGN_OR_RETURN(auto version, StringField(body, "spec_version_id", false));
  ASSIGN_OR_RETURN(auto operation_id, StringField(body, "operation_id", true));
  ASSIGN_OR_RETURN(auto condition, StringField(body, "condition", true));
  ASSIGN_OR_RETURN(auto preview,
                   deps.annotations.Preview(context.actor(), Param(context, "project_id"),
                                            version.value_or(""), *operation_id, *condition));
  boost::json::array examples;
  for (auto& example : preview.examples) {
    examples.push_back({{"name", example.name},
                        {"matched", example.matched},
                        {"request", std::move(example.request)}});
  }
  return JsonResponse(200, boost::json::object{{"examples", std::move(examples)}});
}

}  // namespace

void AddAnnotationRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string annotations = "/api/v1/projects/{project_id}/annotations";
  const std::string annotation = annotations + "/{annotation_id}";
  ops.push_back(ApiOp(
      "POST", annotations, "createAnnotation",
      "Attach a note to an operation, a parameter or a body field, optionally with a condition "
      "on the request",
      "annotations", Access::kVendor, "AnnotationCreate", 201, "Annotation",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto input, ReadAnnotationInput(c.request, true));
        std::string project_id = Param(c, "project_id");
        ASSIGN_OR_RETURN(auto view, d.annotations.Create(c.actor(), project_id, input));
        auto response = JsonResponse(201, EncodeAnnotation(view));
        response.headers.Set(
            "location", StrCat("/api/v1/projects/", project_id, "/annotations/", view.record.id));
        return response;
      })));
  ops.push_back(ApiOp(
      "GET", annotations, "listAnnotations",
      "List the project's annotations, newest first, each with whether the spec version still "
      "has its target",
      "annotations", Access::kAnyUser, "", 200, "AnnotationList",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
             ASSIGN_OR_RETURN(
                 auto page, d.annotations.List(c.actor(), Param(c, "project_id"),
                                               c.request.QueryParam("operation_id").value_or(""),
                                               c.request.QueryParam("spec_version_id").value_or(""),
                                               page_request));
             return JsonResponse(200, ListBody(page, EncodeAnnotation));
           }),
      {{"operation_id", "string", "Only the annotations on this operation"},
       {"spec_version_id", "string",
        "The version whose targets are checked (default: the newest)"}},
      true));
  ops.push_back(
      ApiOp("GET", annotation, "getAnnotation", "Read one annotation", "annotations",
            Access::kAnyUser, "", 200, "Annotation",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto view, d.annotations.Get(c.actor(), Param(c, "project_id"),
                                                            Param(c, "annotation_id")));
              return JsonResponse(200, EncodeAnnotation(view));
            })));
  ops.push_back(ApiOp(
      "PATCH", annotation, "updateAnnotation",
      "Change an annotation (fields left out keep their value; null clears link and condition)",
      "annotations", Access::kVendor, "AnnotationUpdate", 200, "Annotation",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto input, ReadAnnotationInput(c.request, false));
        ASSIGN_OR_RETURN(auto view, d.annotations.Update(c.actor(), Param(c, "project_id"),
                                                         Param(c, "annotation_id"), input));
        return JsonResponse(200, EncodeAnnotation(view));
      })));
  ops.push_back(
      ApiOp("DELETE", annotation, "deleteAnnotation", "Delete an annotation", "annotations",
            Access::kVendor, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.annotations.Delete(c.actor(), Param(c, "project_id"),
                                                   Param(c, "annotation_id")));
              return NoContent();
            })));
  ops.push_back(
      ApiOp("POST", annotations + "/preview", "previewAnnotationCondition",
            "Which of an operation's examples (the document's and a generated one) a condition "
            "matches",
            "annotations", Access::kVendor, "ConditionPreviewRequest", 200, "ConditionPreview",
            Wrap(deps, PreviewCondition)));
  ops.push_back(
      ApiOp("POST",
            "/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/check",
            "checkPlaygroundRequest",
            "Check a request as it is typed: the validator's verdicts with their pointers, and the "
            "annotations whose condition it meets",
            "playground", Access::kAnyUser, "PlaygroundRequest", 200, "PlaygroundCheck",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto parts, ReadPlaygroundRequest(c.request));
              ASSIGN_OR_RETURN(auto check, d.playground.Check(c.actor(), Param(c, "project_id"),
                                                              Param(c, "spec_version_id"),
                                                              Param(c, "operation_id"), parts));
              return JsonResponse(200, EncodeCheck(check));
            })));
  ops.push_back(ApiOp(
      "GET",
      "/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/"
      "bad-examples",
      "listBadExamples",
      "Bodies that each break one constraint of the operation's schema, to see how the API "
      "answers a mistake",
      "playground", Access::kAnyUser, "", 200, "BadExamples",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto examples, d.playground.BadExamples(c.actor(), Param(c, "project_id"),
                                                                 Param(c, "spec_version_id"),
                                                                 Param(c, "operation_id")));
        boost::json::array items;
        for (const auto& example : examples) {
          items.push_back({{"description", example.description},
                           {"keyword", example.keyword},
                           {"pointer", example.pointer},
                           {"body", example.body}});
        }
        return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
      })));
  ops.push_back(
      ApiOp("POST",
            "/api/v1/projects/{project_id}/specs/{spec_version_id}/operations/{operation_id}/send",
            "sendPlaygroundRequest",
            "Send a request to one of the project's environments (or \"mock\") with the caller's "
            "stored credentials; the answer, checked against the contract, is kept as a trace",
            "playground", Access::kAnyUser, "PlaygroundSend", 200, "PlaygroundSent",
            Wrap(deps, SendPlaygroundRequest)));
}

}  // namespace icopilot::api
