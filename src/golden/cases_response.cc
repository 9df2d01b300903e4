// response-conformance.*: what the API answers matches what it documents.
#include <algorithm>
#include <optional>

#include "absl/strings/str_join.h"
#include "contract/response_check.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"

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
  auto invalid = InvalidRequests(context, std::nullopt, 1, why_none);
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

// A valid request's answer and its check against the contract; nullopt with the case
// ended when there is none to judge.
struct Answer {
  net::ClientResponse response;
  contract::ResponseCheck check;
};

std::optional<Answer> ValidAnswer(CaseContext& context) {
  auto request = context.Valid();
  if (!request.ok()) {
    context.ErrorFrom(request.status(), "building");
    return std::nullopt;
  }
  auto response = context.Send(*request);
  if (!response.ok()) {
    context.ErrorFrom(response.status(), "sending");
    return std::nullopt;
  }
  if (context.Unfounded(*response)) {
    context.NotSetUp(StrCat("no resource could be made for ", context.op().path,
                            ", and the made-up id got ", response->status,
                            "; give a real one with --set (or the environment's values)"));
    return std::nullopt;
  }
  contract::ResponseCheck check = Check(context, *response);
  return Answer{std::move(*response), std::move(check)};
}

// The same, for the cases that judge a documented answer: status-documented judges the rest.
std::optional<Answer> DocumentedAnswer(CaseContext& context) {
  auto answer = ValidAnswer(context);
  if (answer && answer->check.documented == nullptr) {
    context.Skip(StrCat(Got(answer->response), ", an undocumented status (see status-documented)"));
    return std::nullopt;
  }
  return answer;
}

void StatusDocumented(CaseContext& context) {
  auto answer = ValidAnswer(context);
  if (!answer) return;
  if (answer->check.documented == nullptr)
    return context.Fail(StrCat(Got(answer->response), ", which the operation does not document (",
                               contract::DocumentedStatuses(context.op()), ")"));
  context.Pass(Got(answer->response));
}

void RequiredHeaders(CaseContext& context) {
  auto answer = DocumentedAnswer(context);
  if (!answer) return;
  if (!answer->check.headers.empty()) return context.Fail(Listed(answer->check.headers));
  context.Pass(StrCat("the documented headers of ", answer->response.status, " are present"));
}

void ContentType(CaseContext& context) {
  auto answer = DocumentedAnswer(context);
  if (!answer) return;
  if (!answer->check.content_type_problem.empty())
    return context.Fail(answer->check.content_type_problem);
  if (answer->response.body.empty())
    return context.Skip(StrCat(Got(answer->response), " without a body: no Content-Type to check"));
  context.Pass(std::string(answer->response.headers.Find("content-type").value_or("")));
}

void BodySchema(CaseContext& context) {
  auto answer = DocumentedAnswer(context);
  if (!answer) return;
  const net::ClientResponse& response = answer->response;
  const contract::ResponseCheck& check = answer->check;
  if (response.status / 100 != 2)
    return context.NotSetUp(StrCat("no success answer to check: ", Got(response)));
  if (!check.content_type_problem.empty())
    return context.Skip(StrCat("the body's media type is not documented (see content-type)"));
  if (!check.body.empty()) return context.Fail(Listed(check.body));
  if (!check.body_checked) {
    if (response.body.empty() && !check.documented->content.empty() && response.status != 204)
      return context.Fail(StrCat(Got(response), " with an empty body where one is documented"));
    return context.Skip(StrCat(Got(response), " whose body has no JSON schema to check"));
  }
  PassOrWarn(context, check, response.status);
}

bool Always(const Subject&, std::string&) { return true; }

bool DocumentsSuccessBody(const Subject& subject, std::string& why_not) {
  const auto& responses = subject.op().responses;
  const bool content = std::any_of(responses.begin(), responses.end(), [](const auto& r) {
    return !r.content.empty() && (r.status.starts_with('2') || r.status == "default");
  });
  if (!content) why_not = "no success response documents a body";
  return content;
}

bool DocumentsRequiredHeaders(const Subject& subject, std::string& why_not) {
  const auto& responses = subject.op().responses;
  const bool headers = std::any_of(responses.begin(), responses.end(), [](const auto& r) {
    return std::any_of(r.headers.begin(), r.headers.end(),
                       [](const auto& h) { return h.required; });
  });
  if (!headers) why_not = "no response documents a required header";
  return headers;
}

bool DocumentsErrorBodyAndTakesInput(const Subject& subject, std::string& why_not) {
  const auto& responses = subject.op().responses;
  const bool documented = std::any_of(responses.begin(), responses.end(), [](const auto& r) {
    return (r.status.starts_with('4') || r.status == "default") && !r.content.empty();
  });
  if (!documented) {
    why_not = "no error response documents a body";
    return false;
  }
  if (!TakesInput(subject.op())) {
    why_not = "the operation takes no input to make invalid";
    return false;
  }
  return true;
}

}  // namespace

std::vector<Case> ResponseConformanceCases() {
  constexpr auto kCategory = TestCategory::kResponseConformance;
  constexpr std::string_view kSchemaErrors =
      "the exchange and each validation error with its location";
  return {
      {"response-conformance.status-documented", kCategory, "Answers use documented statuses",
       "a valid request", "a status the operation documents (or its range, or default)",
       "every operation", kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "the operation's responses in the spec", Always, StatusDocumented},
      {"response-conformance.body-schema", kCategory, "Success bodies match their schema",
       "a valid request",
       "a body that validates against the documented schema (one that fits only when an "
       "overlapping oneOf is read as anyOf warns: the spec's defect)",
       "operations whose success response documents a schema", kSchemaErrors, Scope::kOperation,
       false, Rule::kContract, "the response's schema in the spec", DocumentsSuccessBody,
       BodySchema},
      {"response-conformance.content-type", kCategory, "Answers declare a documented media type",
       "a valid request", "Content-Type is one the response documents",
       "operations whose responses document content", kExchangeEvidence, Scope::kOperation, false,
       Rule::kContract, "the response's content media types in the spec", DocumentsSuccessBody,
       ContentType},
      {"response-conformance.required-headers", kCategory, "Documented required headers are sent",
       "a valid request", "every response header the answer documents as required, valid",
       "operations whose responses document required headers", kExchangeEvidence, Scope::kOperation,
       false, Rule::kContract, "the response headers marked required: true in the spec",
       DocumentsRequiredHeaders, RequiredHeaders},
      {"response-conformance.error-body-schema", kCategory, "Error bodies match their schema",
       "an invalid request (as request-validation sends)",
       "the error body validates against the documented error schema",
       "operations that document an error response with a schema and take input", kSchemaErrors,
       Scope::kOperation, false, Rule::kContract, "the error response's schema in the spec",
       DocumentsErrorBodyAndTakesInput, ErrorBodySchema},
  };
}

}  // namespace icopilot::golden
