// JSON shapes of the engine's results, for `icopilot spec` and, later, the API.
// Documented by docs/cli/spec-inspect.schema.json.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "spec/blueprint.h"
#include "spec/diagnostic.h"
#include "spec/model.h"

namespace icopilot::spec {

boost::json::array DiagnosticsJson(const Diagnostics& diagnostics);
// The `spec inspect --format json` document, serialized.
std::string InspectJsonText(const Spec& spec, const Blueprint& blueprint, const Diagnostics& diagnostics);

}  // namespace icopilot::spec
