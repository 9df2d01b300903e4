// Small pieces every route file uses.
#pragma once

#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

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

// 200 {"items": [...]}: each of `list` encoded, the shape of every unpaged list.
template <typename List, typename Encode>
net::Response ItemsResponse(const List& list, Encode encode) {
  boost::json::array items;
  for (const auto& one : list) items.push_back(encode(one));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

// A JSON operation of the API rate group; the route files' tables read best with one
// call per row.
inline Operation ApiOp(std::string method, std::string path, std::string id, std::string summary,
                       std::string tag, Access access, std::string request_schema, int status,
                       std::string response_schema, Handler handler,
                       std::vector<QueryParameter> query = {}, bool paginated = false) {
  return {std::move(method),
          std::move(path),
          std::move(id),
          std::move(summary),
          std::move(tag),
          access,
          RateGroup::kApi,
          std::move(request_schema),
          status,
          std::move(response_schema),
          "application/json",
          paginated,
          std::move(query),
          std::move(handler)};
}

}  // namespace icopilot::api
