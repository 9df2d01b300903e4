// JSON shapes of the engine's results, for `icopilot spec` and, later, the API.
// Documented by docs/cli/spec-inspect.schema.json.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "spec/blueprint.h"
#include "spec/diagnostic.h"
#include "spec/model.h"

namespace icopilot::spec {

boost::json::array DiagnosticsJson(const Diagnostics& diagnostics);
// The `spec inspect --format json` document, handed to `sink` in pieces of about 64 KiB
// as it is written: on big specs (2 MB of text for GitHub's) a whole string would cost
// more in fresh memory and regrowth copies than the writing itself.
void WriteInspectJson(const Spec& spec, const Blueprint& blueprint, const Diagnostics& diagnostics,
                      const std::function<void(std::string_view)>& sink);

}  // namespace icopilot::spec
