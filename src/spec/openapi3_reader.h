// OpenAPI 3.0.x and 3.1.x into the model.
#pragma once

#include "spec/model.h"
#include "spec/normalize_context.h"

namespace icopilot::spec {

void ReadOpenApi3(NormalizeContext& context, const Located& root, Spec& spec);

}  // namespace icopilot::spec
