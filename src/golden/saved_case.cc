#include "golden/saved_case.h"

#include <chrono>

#include <boost/json/serialize.hpp>

#include "contract/request_check.h"
#include "contract/response_check.h"
#include "core/json.h"
#include "core/json_pointer.h"
#include "core/strings.h"
#include "schema/json_equal.h"

namespace icopilot::golden {
namespace {

std::string Shown(const boost::json::value& value) {
  std::string text = boost::json::serialize(value);
  return text.size() > 200 ? StrCat(text.substr(0, 200), "…") : text;
}

// Why the answer's JSON body does not hold what the case expects, or "".
std::string FieldsProblem(const SavedCase& saved, std::string_view body) {
  if (saved.fields.empty()) return "";
  auto parsed = ParseJson(body);
  if (!parsed.ok()) return "the answer's body is not JSON, so its fields cannot be checked";
  for (const FieldExpectation& field : saved.fields) {
    const boost::json::value* found = FindByPointer(*parsed, field.pointer);
    if (found == nullptr) {
      return StrCat("the answer has no field ", field.pointer, " (expected ", Shown(field.equals),
                    ")");
    }
    if (!schema::JsonEqual(*found, field.equals)) {
      return StrCat(field.pointer, " is ", Shown(*found), ", expected ", Shown(field.equals));
    }
  }
  return "";
}

const spec::Operation* OperationOf(const spec::Spec& spec, std::string_view operation_id) {
  for (const auto& operation : spec.operations) {
    if (operation.operation_id == operation_id) return &operation;
  }
  return nullptr;
}

}  // namespace

SavedCaseResult RunSavedCase(const spec::Spec& spec, const contract::SpecSchemas& schemas,
                             Session& session, Credentials& credentials, const SavedCase& saved) {
  const auto started = std::chrono::steady_clock::now();
  SavedCaseResult result;
  result.saved = &saved;
  result.method = saved.request.method;
  auto end = [&](Verdict verdict, std::string reason) {
    result.status = verdict;
    result.reason = std::move(reason);
    result.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return result;
  };
  const spec::Operation* operation = OperationOf(spec, saved.operation_id);
  if (operation == nullptr) {
    return end(Verdict::kNotSetUp, StrCat("this spec version has no operation ", saved.operation_id,
                                          ": the case was saved for another"));
  }
  result.path = operation->path;
  net::Request request = saved.request;
  if (absl::Status added = credentials.AddValid(*operation, request, result.evidence);
      !added.ok()) {
    return end(Verdict::kNotSetUp, StrCat("no credentials for this operation: ", added.message()));
  }
  auto response = session.Send(request, result.evidence);
  if (!response.ok()) return end(Verdict::kError, StrCat("sending: ", response.status().message()));
  if (response->status != saved.expected_status) {
    return end(Verdict::kFailed,
               StrCat("expected ", saved.expected_status, ", got ", response->status));
  }
  if (saved.check_body_schema) {
    contract::ResponseCheck check = contract::CheckResponse(schemas, *operation, response->status,
                                                            response->headers, response->body);
    if (check.documented == nullptr) {
      result.notes.push_back(StrCat("the spec documents no ", response->status,
                                    " answer for this operation, so its body was not checked"));
    } else if (!check.content_type_problem.empty()) {
      return end(Verdict::kFailed, check.content_type_problem);
    } else if (!check.body.empty()) {
      const contract::Violation& first = check.body.front();
      return end(Verdict::kFailed,
                 StrCat("the answer's body breaks its documented schema: ",
                        contract::ViolationText(first.location, first.message),
                        check.body.size() > 1 ? StrCat(" (and ", check.body.size() - 1, " more)")
                                              : std::string()));
    }
  }
  if (std::string problem = FieldsProblem(saved, response->body); !problem.empty()) {
    return end(Verdict::kFailed, std::move(problem));
  }
  return end(Verdict::kPassed,
             StrCat("answered ", response->status,
                    saved.check_body_schema ? " with a body its schema takes" : "",
                    saved.fields.empty()
                        ? ""
                        : StrCat(", ", saved.fields.size(),
                                 saved.fields.size() == 1 ? " field" : " fields", " as expected")));
}

boost::json::object SavedCaseJson(const SavedCaseResult& result) {
  const SavedCase& saved = *result.saved;
  boost::json::array notes;
  for (const auto& note : result.notes) notes.emplace_back(note);
  boost::json::array evidence;
  for (const auto& exchange : result.evidence) evidence.push_back(ExchangeJson(exchange));
  return {
      {"id", StrCat("saved:", saved.id)},
      {"category", kSavedCasesCategory},
      {"title", saved.name},
      {"status", VerdictName(result.status)},
      {"required", saved.required},
      {"reason", result.reason},
      {"rule", "contract"},
      {"basis", saved.required ? "a case the vendor set for every partner"
                               : "a case you saved from the playground"},
      {"duration_ms", result.duration_ms},
      {"operation",
       {{"operation_id", saved.operation_id}, {"method", result.method}, {"path", result.path}}},
      {"notes", std::move(notes)},
      {"evidence", std::move(evidence)}};
}

}  // namespace icopilot::golden
