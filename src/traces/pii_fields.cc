#include "traces/pii_fields.h"

#include <algorithm>
#include <set>

#include "core/strings.h"

namespace icopilot::traces {
namespace {

constexpr int kMaxDepth = 64;

bool Marked(const boost::json::object& schema) {
  const auto* format = schema.if_contains("format");
  const auto* pii = schema.if_contains("x-pii");
  return (format != nullptr && format->is_string() && format->as_string() == "password") ||
         (pii != nullptr && pii->is_bool() && pii->as_bool());
}

class Walker {
 public:
  Walker(const spec::Spec& spec, std::set<std::string>& out) : spec_(spec), out_(out) {}

  void Walk(const boost::json::value* schema, int depth) {
    if (schema == nullptr || !schema->is_object() || depth > kMaxDepth) return;
    const auto& object = schema->as_object();
    if (const auto* ref = object.if_contains("$ref"); ref != nullptr && ref->is_string()) {
      constexpr std::string_view kPrefix = "#/components/schemas/";
      std::string_view target = ref->as_string();
      if (target.starts_with(kPrefix) && spec_.schemas != nullptr &&
          visited_.insert(std::string(target)).second) {
        Walk(spec_.schemas->if_contains(target.substr(kPrefix.size())), depth + 1);
      }
      return;
    }
    if (const auto* properties = object.if_contains("properties");
        properties != nullptr && properties->is_object()) {
      for (const auto& [name, property] : properties->as_object()) {
        if (property.is_object() && Marked(property.as_object())) out_.insert(ToLower(name));
        Walk(&property, depth + 1);
      }
    }
    for (std::string_view key : {"items", "additionalProperties", "not"})
      Walk(object.if_contains(key), depth + 1);
    for (std::string_view key : {"allOf", "anyOf", "oneOf", "prefixItems"}) {
      if (const auto* list = object.if_contains(key); list != nullptr && list->is_array()) {
        for (const auto& item : list->as_array()) Walk(&item, depth + 1);
      }
    }
  }

 private:
  const spec::Spec& spec_;
  std::set<std::string>& out_;
  std::set<std::string> visited_;
};

}  // namespace

PiiFields::PiiFields(const spec::Spec& spec) {
  for (const spec::Operation& op : spec.operations) {
    std::set<std::string> names;
    Walker walker(spec, names);
    for (const auto& parameter : op.parameters) {
      if (parameter.schema != nullptr && parameter.schema->is_object() &&
          Marked(parameter.schema->as_object()))
        names.insert(ToLower(parameter.name));
    }
    if (op.request_body) {
      for (const auto& media : op.request_body->content) walker.Walk(media.schema, 0);
    }
    for (const auto& response : op.responses) {
      for (const auto& media : response.content) walker.Walk(media.schema, 0);
    }
    if (!names.empty()) by_operation_[op.operation_id].assign(names.begin(), names.end());
  }
}

const std::vector<std::string>& PiiFields::For(std::string_view operation_id) const {
  static const std::vector<std::string> none;
  auto found = by_operation_.find(operation_id);
  return found == by_operation_.end() ? none : found->second;
}

}  // namespace icopilot::traces
