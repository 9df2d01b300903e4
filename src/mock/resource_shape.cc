#include "mock/resource_shape.h"

#include "core/strings.h"
#include "schema/generator.h"
#include "schema/node_lookup.h"

namespace icopilot::mock {
using schema::ForEachPart;
using schema::PropertyNode;

namespace {

const schema::Node& Target(const schema::Node& node) { return schema::RefTarget(node); }

}  // namespace

std::optional<ListShape> FindListShape(const schema::Node& node) {
  const schema::Node& target = Target(node);
  if (target.types & schema::kArray) {
    if (target.items == nullptr) return std::nullopt;
    return ListShape{target.items, ""};
  }
  // The one array property; of several, the one array of objects (Google's lists carry
  // `unreachable`, an array of strings, beside their items).
  std::optional<ListShape> found, of_objects;
  int arrays = 0, arrays_of_objects = 0;
  ForEachPart(node, [&](const schema::Node& part) {
    for (const auto& [name, property] : part.properties) {
      // Through `$ref` and `allOf: [{$ref: List}, {description}]` (AWS's lists).
      const schema::Node* items = schema::ItemsOf(property);
      if (!(schema::TypesOf(property) & schema::kArray) || items == nullptr) continue;
      ++arrays;
      found = ListShape{items, name};
      if (schema::TypesOf(items) & schema::kObject) {
        ++arrays_of_objects;
        of_objects = ListShape{items, name};
      }
    }
  });
  if (arrays == 1) return found;
  if (arrays_of_objects == 1) return of_objects;
  return std::nullopt;
}

std::optional<boost::json::object> Shape(const schema::Schema& schema, const schema::Node& node,
                                         const boost::json::object& source, std::uint64_t seed,
                                         std::vector<std::string>* dropped) {
  auto made = schema::GenerateValidAt(schema, node,
                                      {.seed = seed, .direction = schema::Direction::kResponse});
  if (!made.ok() || !made->value.is_object()) return std::nullopt;
  const boost::json::object generated = made->value.as_object();
  auto accepts = [&](const boost::json::object& o) {
    return schema::NodeAccepts(schema.compiled(), node, boost::json::value(o),
                               schema::Direction::kResponse);
  };
  std::vector<std::string_view> fields;
  for (const auto& field : source) {
    const schema::Node* property = PropertyNode(node, field.key());
    if (property != nullptr && !property->write_only) fields.push_back(field.key());
  }
  boost::json::object all = generated;
  for (std::string_view field : fields) all[field] = source.at(field);
  if (accepts(all)) return all;
  boost::json::object some = generated;
  for (std::string_view field : fields) {
    boost::json::object tried = some;
    tried[field] = source.at(field);
    if (accepts(tried)) {
      some = std::move(tried);
    } else if (dropped != nullptr) {
      dropped->emplace_back(field);
    }
  }
  return some;
}

boost::json::object WithoutWriteOnly(const schema::Node& node, boost::json::object resource) {
  ForEachPart(node, [&](const schema::Node& part) {
    for (const auto& [name, property] : part.properties) {
      if (Target(*property).write_only || property->write_only) resource.erase(name);
    }
  });
  return resource;
}

void StampTimes(const schema::Node& node, boost::json::object& resource, std::string_view now,
                bool creating) {
  ForEachPart(node, [&](const schema::Node& part) {
    for (const auto& [name, property] : part.properties) {
      if (Target(*property).format != schema::Format::kDateTime) continue;
      std::string lower = ToLower(name);
      bool created = lower.find("created") != std::string::npos;
      bool modified = lower.find("updated") != std::string::npos ||
                      lower.find("modified") != std::string::npos ||
                      lower.find("changed") != std::string::npos;
      if (modified || (created && creating)) resource[name] = now;
    }
  });
}

}  // namespace icopilot::mock
