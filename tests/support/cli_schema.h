// Checks a command's JSON output against its documented shape in docs/cli/, with the
// product's own schema engine: the documentation cannot drift from the output.
#pragma once

#include <string>
#include <string_view>

namespace icopilot::testing {

// "" when `json_text` (one JSON document) conforms to docs/cli/<name>.schema.json;
// otherwise the validation errors, one per line.
std::string CliSchemaErrors(std::string_view name, std::string_view json_text);

}  // namespace icopilot::testing
