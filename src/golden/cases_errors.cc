// error-handling.*: unknown ids and paths, undocumented methods, bad input without 5xx.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_join.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"
#include "schema/compiled_schema.h"
#include "schema/generator.h"
#include "schema/node_lookup.h"

namespace icopilot::golden {
namespace {

void UnknownResource(CaseContext& context) {
  const std::string parameter = ItemParameter(context.op().path);
  const spec::Parameter* p = nullptr;
  for (const auto& candidate : context.op().parameters) {
    if (candidate.in == spec::ParameterIn::kPath && candidate.name == parameter) p = &candidate;
  }
  if (p == nullptr) return context.NotApplicable("the path's last segment is not a parameter");
  // `{FileServicesName}` with `enum: [default]` names a fixed part, not an id the API
  // issues: no value it takes is unknown.
  if (auto compiled = context.run.schemas.Get(p->schema); compiled.ok()) {
    const schema::Node& root = schema::RefTarget(*(*compiled)->compiled().root);
    if (root.enum_values != nullptr || root.const_value != nullptr)
      return context.NotApplicable(StrCat("'", parameter,
                                          "' takes only the values its schema lists, each a "
                                          "fixed name rather than an id the API issues"));
  }
  auto id = context.FreshId(context.op(), parameter);
  if (!id)
    return context.NotSetUp(StrCat("no id of the shape '", parameter, "' takes could be made"));
  auto request = context.ValidWithPath({{parameter, *id}});
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  auto response = context.Send(*request);
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (response->status == 404 || response->status == 410) return context.Pass(Got(*response));
  context.Fail(StrCat("expected 404 for ", parameter, " '", *id, "', which the API never issued, ",
                      Got(*response)));
}

// Credentials for a request that belongs to no operation: what the API asks for globally.
void AddGlobalCredentials(CaseContext& context, net::Request& request) {
  for (std::size_t i = 0; i < context.run.spec.operations.size(); ++i) {
    const auto& op = context.run.spec.operations[i];
    if (op.security_declared) continue;
    (void)context.run.credentials.AddValid(op, request, context.result.evidence);
    return;
  }
}

void UnknownPath(CaseContext& context) {
  net::Request request;
  request.method = "GET";
  std::string url = context.run.session.UrlForPath(StrCat("/icopilot-unknown-", RandomToken(6)));
  AddGlobalCredentials(context, request);
  net::ClientRequest out{.method = "GET", .url = url};
  for (const auto& [name, value] : context.run.session.target().headers)
    out.headers.emplace_back(name, value);
  for (const auto& field : request.headers.fields()) out.headers.push_back(field);
  auto response = context.run.session.SendTo(out, context.result.evidence);
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (response->status == 404 || response->status == 410) return context.Pass(Got(*response));
  if (response->status == 401 || response->status == 403) {
    context.Note("credentials are checked before the path is; 404 could not be seen");
    return context.Pass(Got(*response));
  }
  context.Fail(StrCat("expected 404 for a path the API does not document, ", Got(*response)));
}

void MethodNotAllowed(CaseContext& context) {
  // A path that documents GET but not some other method; the least harmful method first.
  std::map<std::string, std::set<spec::Method>> methods;
  for (const auto& op : context.run.spec.operations) methods[op.path].insert(op.method);
  for (const auto& op : context.run.spec.operations) {
    if (op.method != spec::Method::kGet) continue;
    const auto& documented = methods[op.path];
    for (spec::Method method :
         {spec::Method::kPatch, spec::Method::kPut, spec::Method::kDelete, spec::Method::kPost}) {
      if (documented.contains(method)) continue;
      std::size_t index = &op - context.run.spec.operations.data();
      auto request = context.ValidFor(index);
      if (!request.ok()) break;
      request->method = spec::MethodToken(method);
      auto response = context.Send(*request);
      if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
      const std::string what = StrCat(request->method, " ", op.path);
      if (response->status == 405) return context.Pass(StrCat(what, ": 405"));
      if (response->status == 404 || response->status == 501) {
        context.Note(
            StrCat(what, ": ", response->status, " where 405 with Allow is the standard answer"));
        return context.Pass(StrCat(what, ": ", response->status));
      }
      if (response->status == 401 || response->status == 403) {
        context.Note(StrCat(what, ": credentials are checked before the method is"));
        return context.Pass(StrCat(what, ": ", response->status));
      }
      return context.Fail(StrCat("expected 405 for ", what, ", which the path does not document, ",
                                 Got(*response)));
    }
  }
  context.NotApplicable("no GET path lacks a method to try");
}

void NoServerErrorOnBadInput(CaseContext& context) {
  std::string why_none;
  auto invalid = InvalidRequests(context, std::nullopt, 2, why_none);
  if (invalid.empty()) return EndWithoutInvalid(context, why_none);
  std::vector<std::string> failures;
  for (const InvalidRequest& item : invalid) {
    auto response = context.Send(item.request);
    if (!response.ok()) {
      if (absl::IsResourceExhausted(response.status()))
        return context.ErrorFrom(response.status(), "sending");
      failures.push_back(
          StrCat(item.description, ": no answer (", std::string(response.status().message()), ")"));
    } else if (response->status >= 500) {
      failures.push_back(StrCat(item.description, ": ", Got(*response)));
    }
  }
  if (!failures.empty())
    return context.Fail(StrCat("a server error for bad input: ", absl::StrJoin(failures, "; ")));
  context.Pass(StrCat(invalid.size(), " invalid requests, no 5xx"));
}

bool IsItemPath(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  std::string_view last = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  return last.size() > 2 && last.front() == '{' && last.back() == '}';
}

bool ReadsAnItem(const Subject& subject, std::string& why_not) {
  const spec::Operation& op = subject.op();
  if (op.method != spec::Method::kGet || !IsItemPath(op.path)) {
    why_not = "not a read of an item (GET on a path ending in a parameter)";
    return false;
  }
  // `/stops/{stop_id}` under a documented `/stops` names a resource; a parameter at the
  // end of any path may be a search term or a type code, where any value answers 200.
  const std::string_view parent = ParentPath(op.path);
  const auto& operations = subject.spec.operations;
  if (std::none_of(operations.begin(), operations.end(),
                   [&](const auto& other) { return other.path == parent; })) {
    why_not =
        "the item's collection path is not documented, so the parameter may not name a "
        "resource";
    return false;
  }
  return true;
}

bool Always(const Subject&, std::string&) { return true; }

bool SomePathLacksAMethod(const Subject& subject, std::string& why_not) {
  std::map<std::string, std::size_t> methods;
  for (const auto& op : subject.spec.operations) ++methods[op.path];
  if (std::none_of(methods.begin(), methods.end(),
                   [](const auto& entry) { return entry.second < 5; })) {
    why_not = "every path documents every method";
    return false;
  }
  return true;
}

bool TakesAnyInput(const Subject& subject, std::string& why_not) {
  if (TakesInput(subject.op())) return true;
  why_not = "it takes no input";
  return false;
}

}  // namespace

std::vector<Case> ErrorHandlingCases() {
  constexpr auto kCategory = TestCategory::kErrorHandling;
  return {
      {"error-handling.unknown-resource", kCategory, "An unknown id is 404",
       "a read of an item with an id the API never issued", "404, not 200 or 500",
       "GET operations on an item of a documented collection (`/orders/{id}` beside `/orders`) "
       "whose id parameter does not list its values (`enum`, `const`)",
       kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "RFC 9110 §15.5.5 (404 Not Found)", ReadsAnItem, UnknownResource},
      {"error-handling.unknown-path", kCategory, "An unknown path is 404",
       "GET on a path the API does not document", "404", "every API", kExchangeEvidence,
       Scope::kApi, false, Rule::kConvention,
       "RFC 9110 §15.5.5 (404 Not Found); an undocumented path may still exist", Always,
       UnknownPath},
      {"error-handling.method-not-allowed", kCategory, "An undocumented method is refused",
       "a method the path does not document", "405 (404 is accepted with a note), never 2xx or 5xx",
       "APIs with a path that does not document every method", kExchangeEvidence, Scope::kApi, true,
       Rule::kConvention, "RFC 9110 §15.5.6 (405 Method Not Allowed)", SomePathLacksAMethod,
       MethodNotAllowed},
      {"error-handling.no-server-error-on-bad-input", kCategory,
       "Bad input never causes a server error", "the invalid requests of request-validation",
       "no 5xx", "operations that take parameters or a body", kExchangeEvidence, Scope::kOperation,
       false, Rule::kContract,
       "RFC 9110 §15.6: 5xx means the server failed; bad input is the client's error (4xx)",
       TakesAnyInput, NoServerErrorOnBadInput},
  };
}

}  // namespace icopilot::golden
