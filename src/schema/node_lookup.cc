#include "schema/node_lookup.h"

namespace icopilot::schema {

const Node& RefTarget(const Node& node) {
  const Node* at = &node;
  for (int hops = 0; at->ref != nullptr && hops < 32; ++hops) at = at->ref;
  return *at;
}

const Node* PropertyNode(const Node& node, std::string_view name) {
  const Node* found = nullptr;
  ForEachPart(node, [&](const Node& part) {
    if (found != nullptr) return;
    auto it = part.property_index.find(name);
    if (it != part.property_index.end()) found = &RefTarget(*it->second);
  });
  return found;
}

std::uint8_t TypesOf(const Node* node) {
  for (int hops = 0; node != nullptr && hops < 16; ++hops) {
    if (node->types != 0) return node->types;
    if (node->ref != nullptr) {
      node = node->ref;
    } else if (!node->all_of.empty()) {
      node = node->all_of.front();
    } else {
      break;
    }
  }
  return 0;
}

const Node* ItemsOf(const Node* node) {
  for (int hops = 0; node != nullptr && hops < 16; ++hops) {
    if (node->items != nullptr) return node->items;
    // `allOf: [{$ref: List}, {description: ...}]`: a reference with words beside it.
    if (node->ref == nullptr && !node->all_of.empty()) {
      for (const Node* branch : node->all_of) {
        if (branch->ref != nullptr && branch->ref->items != nullptr) return branch->ref->items;
        if (branch->items != nullptr) return branch->items;
      }
    }
    node =
        node->ref != nullptr ? node->ref : (node->all_of.empty() ? nullptr : node->all_of.front());
  }
  return nullptr;
}

}  // namespace icopilot::schema
