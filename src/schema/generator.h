// Instances for a schema: one valid instance that looks real (for mock responses and
// valid requests), and, per constraint, an instance that breaks exactly that constraint
// (for the request-validation suite and "try a bad request"). Deterministic for a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "schema/schema.h"

namespace icopilot::schema {

struct Node;

struct GenerateOptions {
  std::uint64_t seed = 1;
  // Request: readOnly properties are left out; response: writeOnly ones.
  Direction direction = Direction::kResponse;
  // Optional properties are filled down to this depth; below it only required ones.
  int optional_depth = 4;
  // Examples, defaults and enums before invented values.
  bool prefer_examples = true;
};

struct Generated {
  boost::json::value value;
  // False when a `pattern` on the way could not be checked (RE2 cannot run it), so the
  // value is the sampler's best effort.
  bool verified = true;
  // True when no value fits the schema's `oneOf` strictly (its branches overlap) and this
  // one fits several of them: the best any API could answer (ValidateOptions::strict_one_of).
  bool overlapping_one_of = false;
};

// InvalidArgument naming why when the schema is unsatisfiable (`false`, contradictory
// `allOf` branches, minimum above maximum, ...) or no valid instance was found.
absl::StatusOr<Generated> GenerateValid(const Schema& schema, const GenerateOptions& options = {});

// The same for one node of the compiled schema (an array's items, a property): the mock
// shapes stored resources into the parts of a response.
absl::StatusOr<Generated> GenerateValidAt(const Schema& schema, const Node& node,
                                          const GenerateOptions& options = {});

struct Negative {
  boost::json::value value;
  std::string keyword;        // the constraint broken: "required", "maxLength", ...
  std::string instance_path;  // where in the instance
  std::string schema_path;    // the keyword's location in the schema document
  std::string description;    // "omits required 'name'"
};

// Instances that each break one constraint of the schema, starting from a valid one.
// Constraints that cannot be broken alone (or at all, like `true`) yield nothing.
absl::StatusOr<std::vector<Negative>> GenerateInvalid(const Schema& schema,
                                                      const GenerateOptions& options = {});

}  // namespace icopilot::schema
