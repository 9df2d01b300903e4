// The summary other features read: per operation what kind it is (mutating, paginated,
// idempotency key, rate limits), and for each golden test category whether it applies
// and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"
#include "spec/paging.h"
#include "spec/test_category.h"

namespace icopilot::spec {

struct OperationTraits {
  bool mutating = false;
  std::optional<Pagination> pagination;
  std::string idempotency_header;  // "" when none
  bool rate_limit_documented = false;
  // The number of requests a minute the spec states for the operation: the schema of a
  // RateLimit-Limit or X-RateLimit-Limit response header gives it as const, example or
  // default. The golden suite's probe stops a little past it; the mock simulates it.
  std::optional<std::uint64_t> stated_rate_limit;
};

struct Category {
  TestCategory id = TestCategory::kAuthentication;
  bool applicable = false;
  std::string reason;
};

struct Blueprint {
  std::vector<OperationTraits> operations;  // parallel to Spec::operations
  std::vector<Category> categories;         // the ten golden categories, in order

  // A category not in `categories` (an empty blueprint) is not applicable.
  const Category& Find(TestCategory id) const;
};

Blueprint BuildBlueprint(const Spec& spec);

}  // namespace icopilot::spec
