// Swagger 2.0 converted into the model: body and formData parameters become request
// bodies, definitions component schemas, securityDefinitions security schemes,
// produces/consumes media types, host/basePath/schemes servers.
#pragma once

#include "spec/model.h"
#include "spec/normalize_context.h"

namespace icopilot::spec {

void ReadSwagger2(NormalizeContext& context, const Located& root, Spec& spec);

// A copy of a Swagger schema with #/definitions/ refs pointing at #/components/schemas/.
boost::json::value RewriteDefinitionRefs(const boost::json::value& schema);

}  // namespace icopilot::spec
