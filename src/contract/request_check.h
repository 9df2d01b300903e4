// Checks one request against its operation: path, query, header and cookie parameters
// (their text read as the schema's type: "42" is an integer) and the body, by media
// type, with the schema engine in the request direction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

struct Violation {
  std::string location;  // "query.limit", "path.id", "header.x-request-id", "body/name"
  std::string message;
  std::string keyword;  // the schema keyword, or "required", "content-type", "json"
};

struct RequestCheck {
  std::vector<Violation> violations;
  // The body's media type is not one the operation takes (answer 415).
  bool unsupported_media_type = false;
  std::vector<std::string> warnings;  // readOnly properties sent, and the like
};

RequestCheck CheckRequest(const SpecSchemas& schemas, const spec::Operation& operation,
                          const net::Request& request,
                          const std::vector<std::pair<std::string, std::string>>& path_params);

// The body as the object its schema describes: a JSON object, or form fields
// (urlencoded or multipart) read as their properties' types. Nullopt for other bodies.
std::optional<boost::json::object> RequestBodyObject(const SpecSchemas& schemas,
                                                     const spec::Operation& operation,
                                                     const net::Request& request);

// The operation's media type that serves `content_type` ("application/json; charset=utf-8"
// matches "application/json"; "application/*" and "*/*" match anything of theirs).
const spec::MediaType* MatchMediaType(const std::vector<spec::MediaType>& content,
                                      std::string_view content_type);

bool IsJsonMediaType(std::string_view media_type);

// A validator message placed in a message part: ("body", "name: too long") -> "body.name:
// too long"; ("query.limit", "the value: not an integer") -> "query.limit: not an integer".
std::string ViolationText(std::string_view where, std::string_view message);

// Text as a schema's type (TypeBit set) reads it: "42" is an integer for an integer
// schema. Text that does not parse stays a string, so the validator reports the type
// with the value the client sent.
boost::json::value ReadAsType(std::string_view text, std::uint8_t types);

// What a request sends for `name` in the query (decoded), the headers or a cookie, in
// order; empty when nothing. Path parameters come from the route match instead.
std::vector<std::string> ValuesSent(const net::Request& request, spec::ParameterIn in,
                                    std::string_view name);

}  // namespace icopilot::contract
