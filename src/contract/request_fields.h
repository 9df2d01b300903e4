// An operation's request seen as one JSON value, {"body", "headers", "query", "path"}:
// the shape annotation conditions read (condition.h) and annotation targets point into
// ("/query/limit", "/headers/x-region", "/body/items/0/sku").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

// The request as conditions read it: the body parsed (JSON, or form fields read as their
// properties' types; left out when it is neither or does not parse), header names in
// lower case, query and path values read as their parameters' types ("42" is 42 for an
// integer parameter; a repeated query parameter is an array; parameters the operation
// does not declare stay text).
boost::json::object ConditionInput(
    const SpecSchemas& schemas, const spec::Operation& operation, const net::Request& request,
    const std::vector<std::pair<std::string, std::string>>& path_params);

// The path parameters of a request whose path ends with the operation's template, read
// from the end: `/mocks/m1/v1/payments/p%201/refunds` under `/payments/{id}/refunds`
// gives id = "p 1", whatever base path the target put before it. Empty when the path has
// fewer segments than the template.
std::vector<std::pair<std::string, std::string>> PathParamsFromTail(
    const spec::Operation& operation, std::string_view path);

// Whether `pointer` names something the operation's request has: "" (the operation
// itself), "/path/NAME", "/query/NAME", "/headers/NAME", "/cookies/NAME" (a declared
// parameter), "/body" (its body) or "/body/..." (a property the body schema defines,
// through `$ref`, `allOf`, `anyOf` and `oneOf`; array items by index). InvalidArgument
// when the pointer is none of these shapes; NotFound, saying what is missing, otherwise.
absl::Status CheckRequestField(const SpecSchemas& schemas, const spec::Operation& operation,
                               std::string_view pointer);

// A request check's violation location ("query.limit", "header.x-id", "body/items/0")
// as a pointer of that shape ("/query/limit", "/headers/x-id", "/body/items/0").
std::string LocationPointer(std::string_view location);

}  // namespace icopilot::contract
