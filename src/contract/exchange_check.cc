#include "contract/exchange_check.h"

#include "core/strings.h"

namespace icopilot::contract {

ExchangeCheck CheckExchange(const spec::Spec& spec, const OperationIndex& index,
                            const SpecSchemas& schemas, const net::Request& request,
                            int response_status, const net::Headers& response_headers,
                            std::string_view response_body) {
  ExchangeCheck check;
  RouteMatch match = index.Match(request.method, request.path, request.query, &request.headers);
  if (match.kind == RouteMatch::kNoPath) {
    check.violations.push_back(
        {"request", "path",
         StrCat(request.method, " ", request.path, ": no operation of the spec has this path"),
         "operation"});
    return check;
  }
  if (match.kind == RouteMatch::kWrongMethod) {
    std::string allowed;
    for (const auto& method : match.allowed_methods)
      allowed += StrCat(allowed.empty() ? "" : ", ", method);
    check.violations.push_back({"request", "method",
                                StrCat(request.method, " is not documented for ", request.path,
                                       " (documented: ", allowed, ")"),
                                "operation"});
    return check;
  }
  const spec::Operation& op = spec.operations[match.operation];
  check.operation_id = op.operation_id;
  RequestCheck request_check = CheckRequest(schemas, op, request, match.path_params);
  for (auto& v : request_check.violations)
    check.violations.push_back(
        {"request", std::move(v.location), std::move(v.message), std::move(v.keyword)});
  if (response_status == 0) return check;
  ResponseCheck response_check =
      CheckResponse(schemas, op, response_status, response_headers, response_body);
  if (response_check.documented == nullptr) {
    check.violations.push_back(
        {"response", "status",
         StrCat("status ", response_status, " is not documented (", DocumentedStatuses(op), ")"),
         "status"});
    return check;
  }
  if (!response_check.content_type_problem.empty())
    check.violations.push_back(
        {"response", "header.content-type", response_check.content_type_problem, "content-type"});
  for (auto* list : {&response_check.headers, &response_check.body}) {
    for (auto& v : *list)
      check.violations.push_back(
          {"response", std::move(v.location), std::move(v.message), std::move(v.keyword)});
  }
  return check;
}

}  // namespace icopilot::contract
