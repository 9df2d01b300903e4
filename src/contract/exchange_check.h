// Checks one exchange against a spec: which operation the request is for (method, path
// template, server base path), then the partner's request and the vendor's response, each
// violation with its location and the side it is on. Traces and the validation proxy
// check what really passed between a partner and an API with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "contract/operation_index.h"
#include "contract/request_check.h"
#include "contract/response_check.h"
#include "contract/spec_schemas.h"
#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

struct ExchangeViolation {
  std::string side;  // "request" (the partner's) or "response" (the vendor's)
  std::string location;
  std::string message;
  std::string keyword;
};

struct ExchangeCheck {
  std::string operation_id;  // "" when the request matches no operation
  std::vector<ExchangeViolation> violations;
};

// `response_status` 0 means no answer (only the request is checked).
ExchangeCheck CheckExchange(const spec::Spec& spec, const OperationIndex& index,
                            const SpecSchemas& schemas, const net::Request& request,
                            int response_status, const net::Headers& response_headers,
                            std::string_view response_body);

}  // namespace icopilot::contract
