// response-conformance.*: what the API answers matches what it documents.
#include "absl/strings/str_join.h"
#include "contract/response_check.h"
#include "core/strings.h"
#include "golden/case_context.h"

namespace icopilot::golden {
namespace {

std::string Listed(const std::vector<contract::Violation>& violations) {
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < violations.size() && i < 5; ++i)
    messages.push_back(violations[i].message);
  std::string more = violations.size() > 5 ? StrCat(" (and ", violations.size() - 5, " more)") : "";
  return StrCat(absl::StrJoin(messages, "; "), more);
}

// A body that fits only when the spec's overlapping `oneOf` is read as `anyOf` warns: the
// defect is the spec's, and no API could answer better.
void PassOrWarn(CaseContext& context, const contract::ResponseCheck& check, int status) {
  if (!check.body_warnings.empty())
    return context.Warn(StrCat(
        "the ", status, " body matches its schema only leniently: ", Listed(check.body_warnings)));
  context.Pass(StrCat("the ", status, " body matches its schema"));
}

contract::ResponseCheck Check(CaseContext& context, const net::ClientResponse& response) {
  return contract::CheckResponse(context.run.schemas, context.op(), response.status,
                                 response.headers, response.body);
}

void ErrorBodySchema(CaseContext& context) {
  std::string why_none;
  auto invalid = InvalidRequests(context, "", 1, why_none);
  if (invalid.empty()) return EndWithoutInvalid(context, why_none);
  for (const InvalidRequest& item : invalid) {
    auto response = context.Send(item.request);
    if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
    if (response->status / 100 != 4 || response->status == 401 || response->status == 403)
      continue;  // accepted, or refused for other reasons: request-validation says so
    contract::ResponseCheck check = Check(context, *response);
    if (check.documented == nullptr || check.documented->content.empty()) {
      return context.Skip(StrCat("the API refused a request ", item.description, " with ",
                                 response->status, ", for which no body is documented"));
    }
    if (!check.content_type_problem.empty()) return context.Fail(check.content_type_problem);
    if (!check.body.empty())
      return context.Fail(StrCat("the ", response->status, " answer ", item.description,
                                 " does not match its schema: ", Listed(check.body)));
    if (!check.body_checked)
      return context.Skip(StrCat("the ", response->status, " answer has no JSON schema to check"));
    return PassOrWarn(context, check, response->status);
  }
  context.Skip("no invalid request was refused with a 4xx (see request-validation)");
}

}  // namespace

void RunResponseConformanceCase(CaseContext& context) {
  const std::string_view id = context.row.c->id;
  if (id == "response-conformance.error-body-schema") return ErrorBodySchema(context);
  auto request = context.Valid();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  auto response = context.Send(*request);
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (context.Unfounded(*response)) {
    return context.NotSetUp(StrCat("no resource could be made for ", context.op().path,
                                   ", and the made-up id got ", response->status,
                                   "; give a real one with --set (or the environment's values)"));
  }
  contract::ResponseCheck check = Check(context, *response);
  if (id == "response-conformance.status-documented") {
    if (check.documented == nullptr)
      return context.Fail(StrCat(Got(*response), ", which the operation does not document (",
                                 contract::DocumentedStatuses(context.op()), ")"));
    return context.Pass(Got(*response));
  }
  if (check.documented == nullptr)
    return context.Skip(StrCat(Got(*response), ", an undocumented status (see status-documented)"));
  if (id == "response-conformance.required-headers") {
    if (!check.headers.empty()) return context.Fail(Listed(check.headers));
    return context.Pass(StrCat("the documented headers of ", response->status, " are present"));
  }
  if (id == "response-conformance.content-type") {
    if (!check.content_type_problem.empty()) return context.Fail(check.content_type_problem);
    if (response->body.empty())
      return context.Skip(StrCat(Got(*response), " without a body: no Content-Type to check"));
    return context.Pass(std::string(response->headers.Find("content-type").value_or("")));
  }
  if (id == "response-conformance.body-schema") {
    if (response->status / 100 != 2)
      return context.NotSetUp(StrCat("no success answer to check: ", Got(*response)));
    if (!check.content_type_problem.empty())
      return context.Skip(StrCat("the body's media type is not documented (see content-type)"));
    if (!check.body.empty()) return context.Fail(Listed(check.body));
    if (!check.body_checked) {
      if (response->body.empty() && !check.documented->content.empty() && response->status != 204)
        return context.Fail(StrCat(Got(*response), " with an empty body where one is documented"));
      return context.Skip(StrCat(Got(*response), " whose body has no JSON schema to check"));
    }
    return PassOrWarn(context, check, response->status);
  }
  context.Error(StrCat("unknown case ", id));
}

}  // namespace icopilot::golden
