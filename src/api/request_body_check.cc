#include "api/request_body_check.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/json_io.h"
#include "core/json_pointer.h"
#include "core/log.h"
#include "core/strings.h"
#include "net/problem.h"
#include "schema/schema.h"

namespace icopilot::api {
namespace {

// A form names the field itself: a missing member is reported at its object
// ("'name' is required"), so it moves to the member's own pointer. The validator's
// "where: " prefix is dropped, as the pointer says where.
boost::json::object FieldError(const schema::Problem& problem) {
  std::string pointer = problem.instance_path;
  std::string detail = problem.message;
  if (const auto colon = detail.find(": "); colon != std::string::npos) detail.erase(0, colon + 2);
  if (problem.schema_path.ends_with("/required") && detail.starts_with("'")) {
    const auto end = detail.find('\'', 1);
    if (end != std::string::npos) {
      AppendPointerToken(pointer, detail.substr(1, end - 1));
      detail = "required";
    }
  }
  return {{"pointer", pointer}, {"detail", detail}};
}

}  // namespace

RequestBodyCheck::RequestBodyCheck(boost::json::value document,
                                   const std::vector<Operation>& operations)
    : document_(std::move(document)) {
  schema::CompileOptions options;
  options.dialect = schema::Dialect::kDraft202012;
  for (const Operation& op : operations) {
    if (op.request_schema.empty() || op.own_body_reader) continue;
    auto compiled = schema::Schema::Compile(
        document_, StrCat("/components/schemas/", op.request_schema), options);
    if (!compiled.ok()) {
      // The document is ours: a schema that does not compile is a bug the tests catch
      // (OpenApiTest.EveryRequestSchemaCompiles); the handler's checks still run.
      log::Event(
          "error", "request schema does not compile",
          {{"schema", op.request_schema}, {"error", std::string(compiled.status().message())}});
      continue;
    }
    schemas_.emplace(&op, std::make_unique<schema::Schema>(std::move(*compiled)));
  }
}

RequestBodyCheck::~RequestBodyCheck() = default;

std::optional<net::Response> RequestBodyCheck::Check(const Operation& op,
                                                     const net::Request& request) const {
  const auto found = schemas_.find(&op);
  if (found == schemas_.end()) return std::nullopt;
  // The same reading the handler does: its 415, 400 or 422 answer, given here first.
  auto body = ReadJsonObject(request);
  if (!body.ok()) return ProblemFromStatus(body.status());
  schema::ValidateOptions validate;
  validate.direction = schema::Direction::kRequest;
  const schema::ValidationResult result =
      found->second->Validate(boost::json::value(std::move(*body)), validate);
  if (result.valid) return std::nullopt;
  boost::json::array errors;
  for (const auto& problem : result.errors) errors.push_back(FieldError(problem));
  boost::json::object extra{{"errors", std::move(errors)}};
  return net::MakeProblem(422, "invalid-request", "The request is not valid",
                          result.errors.front().message, &extra);
}

}  // namespace icopilot::api
