// The catalog's rows per category, each defined in cases_<category>.cc beside the code
// its rows' `applies` and `run` point to. Only catalog.cc gathers them.
#pragma once

#include <vector>

#include "golden/catalog.h"

namespace icopilot::golden {

std::vector<Case> AuthenticationCases();
std::vector<Case> AuthorizationCases();
std::vector<Case> RequestValidationCases();
std::vector<Case> ResponseConformanceCases();
std::vector<Case> ErrorHandlingCases();
std::vector<Case> IdempotencyCases();
std::vector<Case> RateLimitingCases();
std::vector<Case> PaginationCases();
std::vector<Case> WebhooksCases();
std::vector<Case> PerformanceCases();

}  // namespace icopilot::golden
