// The golden suite's ten test categories, a closed set parsed once. They live in the spec
// layer because the blueprint decides from the spec alone which of them apply; the golden
// catalog files its cases under them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace icopilot::spec {

enum class TestCategory : std::uint8_t {
  kAuthentication,
  kAuthorization,
  kRequestValidation,
  kResponseConformance,
  kErrorHandling,
  kIdempotency,
  kRateLimiting,
  kPagination,
  kWebhooks,
  kPerformance,
};

// In report order.
inline constexpr std::array<TestCategory, 10> kTestCategories = {
    TestCategory::kAuthentication,    TestCategory::kAuthorization,
    TestCategory::kRequestValidation, TestCategory::kResponseConformance,
    TestCategory::kErrorHandling,     TestCategory::kIdempotency,
    TestCategory::kRateLimiting,      TestCategory::kPagination,
    TestCategory::kWebhooks,          TestCategory::kPerformance,
};

// "authentication", "request-validation": the names reports, profiles and options use.
std::string_view CategoryName(TestCategory category);
std::optional<TestCategory> ParseCategory(std::string_view name);
// "authentication, authorization, ...": for errors that list what is accepted.
std::string CategoryNames();

}  // namespace icopilot::spec
