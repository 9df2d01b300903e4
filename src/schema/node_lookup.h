// Questions other engines ask of a compiled schema without validating: what type it
// wants, what a property's or an array item's schema is, through `$ref` and `allOf`.
// Read parameters and form fields as their type, shape stored resources.
#pragma once

#include <cstdint>
#include <string_view>

#include "schema/compiled_schema.h"

namespace icopilot::schema {

// The node a chain of `$ref`s ends at.
const Node& RefTarget(const Node& node);

// The schema of property `name` of an object schema, through `$ref` and `allOf`; null
// when the schema does not define it.
const Node* PropertyNode(const Node& node, std::string_view name);

// The TypeBit set the schema asks for, through `$ref` and `allOf`; 0 when it says none.
std::uint8_t TypesOf(const Node* node);

// The schema of an array's items, through `$ref` and `allOf`; null when there is none.
const Node* ItemsOf(const Node* node);

// Calls `visit` on the node (after `$ref`s) and on every `allOf` part below it.
template <typename Visit>
void ForEachPart(const Node& node, Visit&& visit, int depth = 0) {
  if (depth > 16) return;
  const Node& target = RefTarget(node);
  visit(target);
  for (const Node* part : target.all_of) ForEachPart(*part, visit, depth + 1);
}

}  // namespace icopilot::schema
