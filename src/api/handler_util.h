// Small pieces every route file uses.
#pragma once

#include <string>

#include "api/api_context.h"
#include "api/json_io.h"

namespace icopilot::api {

// A path parameter; the router guarantees it is present and non-empty.
inline std::string Param(const Context& context, std::string_view name) {
  return std::string(context.request.PathParam(name).value_or(""));
}

// Adapts a step returning StatusOr<Response> to a Handler: errors become problems.
template <typename Fn>
Handler Wrap(ApiDependencies& deps, Fn fn) {
  return [&deps, fn](Context& context) -> net::Response {
    absl::StatusOr<net::Response> result = fn(deps, context);
    return result.ok() ? *std::move(result) : ProblemFromStatus(result.status());
  };
}

}  // namespace icopilot::api
