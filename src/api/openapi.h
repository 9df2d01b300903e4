// The server's own OpenAPI 3.1 document, generated from the route table.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "api/operation.h"

namespace icopilot::api {

boost::json::object BuildOpenApiDocument(const std::vector<Operation>& operations, std::string_view version);

// The component schemas (Project, ApiKey, Problem, ...), parsed once.
const boost::json::object& ComponentSchemas();

}  // namespace icopilot::api
