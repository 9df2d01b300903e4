// How a stateful mock fits what it stores into what the spec documents: which property
// holds the id, where a list response keeps its items, and a body a schema accepts made
// from a stored resource (its fields where the schema defines them, generated values for
// the rest). Reads the schema engine's compiled graph; knows nothing of HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "schema/compiled_schema.h"
#include "schema/schema.h"

namespace icopilot::mock {

// Where a list response keeps its items: a bare array, or the one array property of an
// object (an envelope, whose other properties are cursors, totals and the like).
struct ListShape {
  const schema::Node* items = nullptr;  // the schema of one item
  std::string array_property;           // "" for a bare array
};
std::optional<ListShape> FindListShape(const schema::Node& node);

// A value `node` accepts built from `source`: the generated instance for `seed` with the
// fields of `source` the schema defines laid over it (write-only ones left out), one by
// one when together they do not fit. `dropped` names the fields that did not fit.
// nullopt when the schema does not describe an object or nothing valid was made.
std::optional<boost::json::object> Shape(const schema::Schema& schema, const schema::Node& node,
                                         const boost::json::object& source, std::uint64_t seed,
                                         std::vector<std::string>* dropped);

// `resource` without the properties `node` marks writeOnly (kept, never returned).
boost::json::object WithoutWriteOnly(const schema::Node& node, boost::json::object resource);

// Sets date-time properties named like creation or modification times (created_at,
// updatedAt, modified, ...) to `now`: creation ones only when `creating`.
void StampTimes(const schema::Node& node, boost::json::object& resource, std::string_view now,
                bool creating);

}  // namespace icopilot::mock
