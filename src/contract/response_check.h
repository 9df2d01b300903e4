// Checks one response against its operation: whether its status is documented (its own
// code, its range like 2XX, or default), whether its Content-Type is one the response
// documents, its JSON body against the documented schema (response direction), and the
// headers the response documents as required.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "contract/request_check.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

// The documented response a status answers for: the exact code, its range, or default.
// Null when none.
const spec::Response* DocumentedResponse(const spec::Operation& op, int status);

struct ResponseCheck {
  const spec::Response* documented = nullptr;  // null: the status is not documented
  // Empty when the Content-Type fits (or there is no body, or no content is documented).
  std::string content_type_problem;
  bool body_checked = false;  // a JSON body was validated against a documented schema
  std::vector<Violation> body;
  // What the spec, not the answer, gets wrong: the body fits several branches of a `oneOf`
  // whose branches overlap (schema::ValidateOptions::strict_one_of).
  std::vector<Violation> body_warnings;
  std::vector<Violation> headers;  // required headers missing or invalid
};

ResponseCheck CheckResponse(const SpecSchemas& schemas, const spec::Operation& op, int status,
                            const net::Headers& headers, std::string_view body);

// The documented statuses, for messages: "200, 404, default".
std::string DocumentedStatuses(const spec::Operation& op);

}  // namespace icopilot::contract
