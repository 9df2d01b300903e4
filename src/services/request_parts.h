// A request as a person types it in the playground, and as a saved case keeps it: values
// by name for the path, the query and the headers, the body as text. Checked (no header
// that smuggles a line or sets the connection), assembled into what is sent, and kept as
// JSON ({"path": {...}, "query": {...}, "headers": {...}, "body": "..."}).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::services {

struct RequestParts {
  std::vector<std::pair<std::string, std::string>> path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Headers a person may type: RFC 9110 field names, values without CR, LF or NUL (which
// would smuggle a second header or request), and none of those the server sets for the
// connection it opens (Host, Content-Length, Transfer-Encoding, Connection).
// InvalidArgument naming the header.
absl::Status CheckHeaders(const RequestParts& parts);

// The request the parts make for `operation`: the path template filled in (values
// percent-encoded; a parameter with no value keeps its `{name}`), the query in the order
// given, a Content-Type for a body that has none. The path is the spec's (without the
// server's base path).
net::Request Assemble(const spec::Operation& operation, const RequestParts& parts);

// The same under the spec's first server path, as golden::Session sends it.
net::Request AssembleUnderServer(const spec::Spec& spec, const spec::Operation& operation,
                                 const RequestParts& parts);

// The path parameters that have a value, for the request validator.
std::vector<std::pair<std::string, std::string>> PathParams(const RequestParts& parts);

const spec::Operation* FindOperation(const spec::Spec& spec, std::string_view operation_id);

// Members are objects of strings or lists of strings, the body a string; each is optional.
// InvalidArgument naming the member at fault ("query.limit: a string or a list of strings").
absl::StatusOr<RequestParts> RequestPartsFromJson(const boost::json::object& json);
boost::json::object RequestPartsToJson(const RequestParts& parts);

}  // namespace icopilot::services
