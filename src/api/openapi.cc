#include "api/openapi.h"

#include <boost/json/array.hpp>

#include "core/strings.h"

namespace icopilot::api {
namespace {

boost::json::object Ref(std::string_view schema) {
  return {{"$ref", StrCat("#/components/schemas/", schema)}};
}

boost::json::object Parameter(std::string_view name, std::string_view in, std::string_view type,
                              std::string_view description, bool required) {
  return {{"name", name},
          {"in", in},
          {"required", required},
          {"description", description},
          {"schema", {{"type", type}}}};
}

boost::json::array Parameters(const Operation& op) {
  boost::json::array parameters;
  std::string_view path = op.path;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    std::size_t close = path.find('}', open);
    parameters.push_back(
        Parameter(path.substr(open + 1, close - open - 1), "path", "string", "", true));
  }
  if (op.paginated) {
    parameters.push_back(
        Parameter("limit", "query", "integer", "Items per page, 1-200 (default 50)", false));
    parameters.push_back(
        Parameter("cursor", "query", "string", "next_cursor of the previous page", false));
  }
  for (const QueryParameter& query : op.query) {
    parameters.push_back(Parameter(query.name, "query", query.type, query.description, false));
  }
  if (op.method == "POST") {
    parameters.push_back(
        Parameter("Idempotency-Key", "header", "string",
                  "Retries with the same key get the first answer instead of acting again", false));
  }
  return parameters;
}

boost::json::object ErrorResponse(std::string_view description) {
  return {{"description", description},
          {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
}

boost::json::object Responses(const Operation& op) {
  boost::json::object responses;
  boost::json::object success{{"description", "Success"}};
  if (!op.response_media_type.empty()) {
    boost::json::object media;
    if (!op.response_schema.empty())
      media["schema"] = Ref(op.response_schema);
    else
      media["schema"] = {{"type", "string"}};
    success["content"] = {{op.response_media_type, media}};
  }
  responses[std::to_string(op.success_status)] = success;
  if (op.path == "/readyz")
    responses["503"] = {{"description", "Not ready"},
                        {"content", {{"application/json", {{"schema", Ref("Health")}}}}}};
  if (op.rate_group != RateGroup::kOps) {
    if (!op.request_schema.empty()) {
      responses["400"] = ErrorResponse("Malformed JSON (the detail names the byte offset)");
      responses["415"] = ErrorResponse("Content-Type is not application/json");
    }
    responses["422"] = ErrorResponse("A field or parameter is invalid");
    responses["429"] = ErrorResponse("Rate limited; see Retry-After");
    if (op.access != Access::kPublic) {
      responses["401"] = ErrorResponse("Missing, unknown, expired or revoked credentials");
      responses["403"] = ErrorResponse("The caller's role may not do this");
    } else if (op.path == "/api/v1/session") {
      responses["401"] = ErrorResponse("Wrong email or password");
    } else if (op.operation_id == "ingestTraces") {
      responses["400"] =
          ErrorResponse("The body cannot be read as JSON (the detail names the position)");
      responses["401"] = ErrorResponse(
          "Unknown environment, or a missing, malformed, stale (over 5 minutes), wrong or replayed "
          "signature");
    } else {
      responses["403"] = ErrorResponse("Signup is disabled on this server");
    }
    if (op.path.find('{') != std::string::npos)
      responses["404"] = ErrorResponse("Not found (or not visible to the caller)");
    if (op.method == "POST" || op.method == "PATCH") responses["409"] = ErrorResponse("Conflict");
  }
  return responses;
}

boost::json::object OperationObject(const Operation& op) {
  boost::json::object object{{"operationId", op.operation_id},
                             {"summary", op.summary},
                             {"tags", boost::json::array{boost::json::value(op.tag)}},
                             {"x-icopilot-access", AccessName(op.access)},
                             {"parameters", Parameters(op)},
                             {"responses", Responses(op)}};
  if (op.access == Access::kPublic) {
    object["security"] = boost::json::array();
  }
  if (!op.request_schema.empty()) {
    object["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", Ref(op.request_schema)}}}}}};
  }
  return object;
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kAnyUser:
      return "any-user";
    case Access::kVendor:
      return "vendor";
    case Access::kVendorAdmin:
      return "vendor-admin";
    case Access::kOrgAdmin:
      return "org-admin";
  }
  return "any-user";
}

boost::json::object BuildOpenApiDocument(const std::vector<Operation>& operations,
                                         std::string_view version) {
  boost::json::object paths;
  for (const Operation& op : operations) {
    if (!paths.contains(op.path)) paths[op.path] = boost::json::object();
    paths[op.path].as_object()[ToLower(op.method)] = OperationObject(op);
  }
  boost::json::object security_schemes{
      {"apiKey",
       {{"type", "http"},
        {"scheme", "bearer"},
        {"description", "An API key: 'Authorization: Bearer icp_...'"}}},
      {"session",
       {{"type", "apiKey"},
        {"in", "cookie"},
        {"name", "icp_session"},
        {"description", "The cookie set by POST /api/v1/session; writes also need X-CSRF-Token"}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Integration Copilot API"},
            {"version", version},
            {"description",
             "Errors are application/problem+json (RFC 9457) with a stable type per kind of error. "
             "Lists are paginated with cursors. POST honours Idempotency-Key."}}},
          {"jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema"},
          {"security", boost::json::array{boost::json::object{{"apiKey", boost::json::array()}},
                                          boost::json::object{{"session", boost::json::array()}}}},
          {"paths", paths},
          {"components", {{"schemas", ComponentSchemas()}, {"securitySchemes", security_schemes}}}};
}

}  // namespace icopilot::api
