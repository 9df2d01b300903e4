// Form bodies as the schema engine reads them: application/x-www-form-urlencoded and
// multipart/form-data (RFC 7578) parsed into fields, then into the object the body's
// schema describes (text read as each property's type, repeated names as arrays).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "schema/compiled_schema.h"

namespace icopilot::contract {

struct FormField {
  std::string name;
  std::string value;
  bool file = false;  // a multipart part with a filename
};

// name=value pairs separated by '&', '+' for space, percent-decoded (a '%' without two
// hex digits stays as sent, brackets in names too). InvalidArgument past 1,000 fields.
absl::StatusOr<std::vector<FormField>> ParseUrlEncodedForm(std::string_view body);

// The parts between the boundary named in `content_type`. InvalidArgument when there is
// no boundary, a part has no name, or the closing boundary is missing. At most 1,000
// parts.
absl::StatusOr<std::vector<FormField>> ParseMultipartForm(std::string_view body,
                                                          std::string_view content_type);

// The fields as the object `root` describes: values read as their property's type; a
// name sent several times, or a property of array type, becomes an array.
boost::json::object FormToObject(const std::vector<FormField>& fields, const schema::Node* root);

}  // namespace icopilot::contract
