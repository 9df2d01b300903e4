#include "spec/test_category.h"

namespace icopilot::spec {

std::string_view CategoryName(TestCategory category) {
  switch (category) {
    case TestCategory::kAuthentication:
      return "authentication";
    case TestCategory::kAuthorization:
      return "authorization";
    case TestCategory::kRequestValidation:
      return "request-validation";
    case TestCategory::kResponseConformance:
      return "response-conformance";
    case TestCategory::kErrorHandling:
      return "error-handling";
    case TestCategory::kIdempotency:
      return "idempotency";
    case TestCategory::kRateLimiting:
      return "rate-limiting";
    case TestCategory::kPagination:
      return "pagination";
    case TestCategory::kWebhooks:
      return "webhooks";
    case TestCategory::kPerformance:
      return "performance";
  }
  return "performance";
}

std::optional<TestCategory> ParseCategory(std::string_view name) {
  for (TestCategory category : kTestCategories) {
    if (CategoryName(category) == name) return category;
  }
  return std::nullopt;
}

std::string CategoryNames() {
  std::string names;
  for (TestCategory category : kTestCategories) {
    if (!names.empty()) names += ", ";
    names += CategoryName(category);
  }
  return names;
}

}  // namespace icopilot::spec
