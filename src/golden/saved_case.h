// A partner's own case, saved from the playground: one request to one operation and what
// its answer must be (a status, the documented body schema, chosen fields' values). They
// run after the catalog's cases, as their own group "saved_cases" of the report, through
// the run's session and credentials.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "contract/spec_schemas.h"
#include "golden/credentials.h"
#include "golden/evidence.h"
#include "golden/result.h"
#include "golden/session.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::golden {

inline constexpr std::string_view kSavedCasesCategory = "saved_cases";

// A field of the answer's JSON body and the value it must equal (JSON equality: 1 and
// 1.0 are equal numbers, "1" is not).
struct FieldExpectation {
  std::string pointer;  // RFC 6901, in the response body: "/status"
  boost::json::value equals;
};

struct SavedCase {
  std::string id;    // "case_..."
  std::string name;  // as the partner named it
  std::string operation_id;
  // Under the spec's server path, without credentials: the run's are added.
  net::Request request;
  int expected_status = 200;
  bool check_body_schema = true;  // the answer's body against the documented schema
  std::vector<FieldExpectation> fields;
  bool required = false;  // a case for every partner blocks the run; a partner's own does not
};

struct SavedCaseResult {
  const SavedCase* saved = nullptr;
  std::string method;
  std::string path;  // the operation's template
  Verdict status = Verdict::kPassed;
  std::string reason;
  std::vector<std::string> notes;
  std::vector<Exchange> evidence;
  double duration_ms = 0;
};

// Runs one case: sends it with the credentials its operation needs and judges the answer.
// A version without the operation leaves the case not set up; a transport failure is an
// error; a wrong status, a body the schema refuses or a field with another value fails.
SavedCaseResult RunSavedCase(const spec::Spec& spec, const contract::SpecSchemas& schemas,
                             Session& session, Credentials& credentials, const SavedCase& saved);

// As the report's other cases: id "saved:<id>", category "saved_cases", its name as title.
boost::json::object SavedCaseJson(const SavedCaseResult& result);

}  // namespace icopilot::golden
