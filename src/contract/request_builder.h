// Requests for an operation as a client would build them from the spec: path and
// required parameters generated valid by the schema engine, a JSON, form or multipart
// body, and credentials where the operation's first security alternative wants them.
// The mock's corpus test and the golden runner send these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

// What to send for each kind of scheme.
struct SentCredentials {
  std::string api_key = "test-key";  // in the header, query or cookie the scheme names
  std::string bearer = "test-token";
  std::string basic = "user:pass";
};

struct BuiltRequest {
  net::Request request;  // method, path (under the base path), query, headers, body
  const schema::Schema* body_schema = nullptr;  // null without a body
};

struct BuildOptions {
  // What to send where the operation's first security alternative asks; nullopt: none.
  std::optional<SentCredentials> credentials = SentCredentials{};
  std::uint64_t seed = 3;  // the generators' seed
  // Path parameters given rather than generated (a created resource's id), by name.
  std::vector<std::pair<std::string, std::string>> path_values = {};
  // Values the user fixed for a run (a sandbox's own merchant id; Schemathesis' --set-path),
  // by parameter name, in any location; an optional parameter named here is sent too.
  // path_values win over these.
  std::vector<std::pair<std::string, std::string>> fixed_values = {};
};

// OpenAPI 3 §4.8.12.1: a header parameter named Accept, Content-Type or Authorization is
// ignored (media types and security say what those carry).
bool IsIgnoredHeaderParameter(const spec::Parameter& p);

// FailedPrecondition saying why when no valid request can be built (a required
// parameter's schema is unsatisfiable, the body is binary, ...).
absl::StatusOr<BuiltRequest> BuildValidRequest(const spec::Spec& spec, const SpecSchemas& schemas,
                                               const spec::Operation& op,
                                               const BuildOptions& options = {});

// Adds what `requirement` (one security alternative) asks for to `request`: API keys in
// their header, query or cookie, HTTP basic, bearer tokens for bearer, OAuth2 and OpenID
// Connect schemes. Keeps `target` in step with the query.
void AddCredentials(const spec::Spec& spec, const spec::SecurityRequirement& requirement,
                    const SentCredentials& credentials, net::Request& request);

// Writes `value` as the body in `media_type` (JSON, form-urlencoded or multipart) with
// its Content-Type. False when a form cannot carry it (not an object, nested objects).
bool EncodeBody(std::string_view media_type, const boost::json::value& value,
                net::Request& request);

// A value as text in a parameter: strings as they are, arrays comma-separated.
std::string ParameterText(const boost::json::value& value);

}  // namespace icopilot::contract
