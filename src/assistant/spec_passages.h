// What the assistant reads from a spec: each operation as a fragment an answer quotes
// (scopes, required fields, allowed values, a valid example body) and as passages for
// retrieval (operations and schemas with their descriptions).
#pragma once

#include <string>
#include <vector>

#include "assistant/grounding.h"
#include "contract/spec_schemas.h"
#include "spec/model.h"

namespace icopilot::assistant {

Operation OperationFragment(const spec::Spec& spec, const contract::SpecSchemas& schemas,
                            const spec::Operation& op);

struct IndexedText {
  std::string kind;  // operation, schema, doc
  std::string ref;   // the operation id, the schema name, "api"
  std::string title;
  std::string body;
};

// Every operation and component schema of the spec as a passage, and the API's own
// description; bounded per passage.
std::vector<IndexedText> SpecPassages(const spec::Spec& spec, const std::string& description);

}  // namespace icopilot::assistant
