// Decoding request bodies and encoding responses, with the errors clients see.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "net/http.h"

namespace icopilot::api {

// Attaches the HTTP answer to a status, for errors the HTTP layer decides itself (415,
// 400 for malformed JSON). Services never use this: their codes map in ProblemFromStatus.
absl::Status WithProblem(absl::Status status, int http_status, std::string_view type);

// Reads the body as one JSON object: 415 unless the content type is JSON, 400 naming the
// byte offset when it does not parse, 422 when it is not an object.
absl::StatusOr<boost::json::object> ReadJsonObject(const net::Request& request);

// Member accessors: InvalidArgument naming the field when present with the wrong type,
// or absent when required.
absl::StatusOr<std::optional<std::string>> StringField(const boost::json::object& body,
                                                       std::string_view name, bool required);
absl::StatusOr<std::optional<std::int64_t>> IntField(const boost::json::object& body,
                                                     std::string_view name);
// A query parameter as an integer, `fallback` when absent; InvalidArgument naming it when
// it is not one.
absl::StatusOr<std::int64_t> IntQuery(const net::Request& request, std::string_view name,
                                      std::int64_t fallback);
// Rejects members other than `allowed`, so typos do not pass silently.
absl::Status OnlyFields(const boost::json::object& body,
                        std::initializer_list<std::string_view> allowed);

net::Response JsonResponse(int status, const boost::json::value& body);
net::Response NoContent();
// 202 with no body: the work is queued.
net::Response Accepted();

// The one place statuses become HTTP problems. Internal errors keep their message out of
// the answer (it goes to the log).
net::Response ProblemFromStatus(const absl::Status& status);

}  // namespace icopilot::api
