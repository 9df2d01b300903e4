// The compiled form of a schema (internal to src/schema): one Node per schema object,
// keywords already interpreted for the dialect, `$ref`s already resolved to nodes, so
// validation never looks at the schema's JSON again. Recursive schemas stay a graph.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "schema/formats.h"
#include "schema/schema.h"

namespace re2 {
class RE2;
}

namespace icopilot::schema {

enum TypeBit : std::uint8_t {
  kNull = 1,
  kBoolean = 2,
  kObject = 4,
  kArray = 8,
  kNumber = 16,
  kInteger = 32,
  kString = 64,
};

struct Node;

// Looked up by std::string_view without a temporary string (Debian's Abseil has its own
// string_view type, so its maps cannot take std::string_view keys).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Pattern {
  std::shared_ptr<const re2::RE2> regex;  // null: not supported on RE2, skipped
  std::string source;
};

// A schema resource (a document or an object with `$id`): what `$dynamicRef` looks up.
struct Resource {
  std::string uri;
  StringMap<const Node*> dynamic_anchors;
};

struct Node {
  std::string location;  // JSON pointer of this schema in its document
  const Resource* resource = nullptr;

  // Boolean schemas, and `false`-equivalents made by the compiler.
  bool is_boolean = false;
  bool boolean_value = true;

  std::uint8_t types = 0;  // TypeBit set; 0 when there is no `type`
  bool nullable = false;   // OpenAPI 3.0
  bool read_only = false;
  bool write_only = false;

  // Annotations the generator prefers to inventing a value.
  const boost::json::value* default_value = nullptr;
  const boost::json::value* example = nullptr;   // OpenAPI's `example`
  const boost::json::array* examples = nullptr;  // JSON Schema's `examples`
  const boost::json::value* const_value = nullptr;
  const boost::json::array* enum_values = nullptr;

  std::optional<double> minimum, maximum, exclusive_minimum, exclusive_maximum;
  const boost::json::value* multiple_of = nullptr;

  std::optional<std::uint64_t> min_length, max_length;
  std::optional<Pattern> pattern;
  Format format = Format::kNone;
  std::string format_name;

  std::vector<const Node*> prefix_items;
  const Node* items = nullptr;  // every item after the prefix
  const Node* contains = nullptr;
  std::optional<std::uint64_t> min_contains, max_contains;
  std::optional<std::uint64_t> min_items, max_items;
  bool unique_items = false;
  const Node* unevaluated_items = nullptr;

  std::vector<std::pair<std::string, const Node*>> properties;
  StringMap<const Node*> property_index;
  std::vector<std::pair<Pattern, const Node*>> pattern_properties;
  const Node* additional_properties = nullptr;
  std::vector<std::string> required;
  std::optional<std::uint64_t> min_properties, max_properties;
  const Node* property_names = nullptr;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependent_required;
  std::vector<std::pair<std::string, const Node*>> dependent_schemas;
  const Node* unevaluated_properties = nullptr;

  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_schema = nullptr;
  const Node* if_schema = nullptr;
  const Node* then_schema = nullptr;
  const Node* else_schema = nullptr;
  const Node* ref = nullptr;
  const Node* dynamic_ref = nullptr;  // the static target
  std::string dynamic_anchor;         // non-empty: look the anchor up in the dynamic scope

  // OpenAPI's discriminator: which value of `discriminator` names which schema. Validation
  // does not need it (the branches decide); the generator sets the property to match the
  // branch it chose.
  std::string discriminator;
  std::vector<std::pair<std::string, const Node*>> discriminator_mapping;
  // For a node with oneOf/anyOf and a discriminator: each value and the branch it picks
  // (explicit mapping first, then the branches' component names).
  std::vector<std::pair<std::string, const Node*>> discriminator_branches;

  // Whether the keywords that see evaluated properties/items matter below this node, so
  // evaluation collects them only where someone reads them.
  bool tracks_evaluated = false;
};

class CompiledSchema;

// Whether `node` accepts `instance` (no messages): the generator's check of its own work.
// `strict_one_of` as in ValidateOptions.
bool NodeAccepts(const CompiledSchema& schema, const Node& node, const boost::json::value& instance,
                 Direction direction, bool strict_one_of = true);

// The nodes compiled from one document, shared by every schema compiled from it together
// (a SchemaSet): a component schema reached from many entry points is compiled once.
struct SchemaGraph {
  std::deque<Node> nodes;
  std::deque<Resource> resources;
  std::vector<std::string> unsupported;
};

class CompiledSchema {
 public:
  const Node* root = nullptr;
  FormatMode formats = FormatMode::kAssert;
  Dialect dialect = Dialect::kDraft202012;
  std::shared_ptr<SchemaGraph> graph = std::make_shared<SchemaGraph>();
};

}  // namespace icopilot::schema
