// Schema::Compile: indexes the identifiers of the documents involved ($id, $anchor,
// $dynamicAnchor; draft 4's `id`), then turns each schema object into a Node once
// (memoized by address, so recursive schemas become cycles in the graph, not endless
// copies) with `$ref`s resolved to nodes.
#include <charconv>

#include <boost/json/value.hpp>
#include <re2/re2.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/json_pointer.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/ecma_regex.h"
#include "schema/uri.h"

namespace icopilot::schema {
namespace {

using boost::json::value;

std::string_view Str(const boost::json::string& s) { return {s.data(), s.size()}; }
// Keys: without this overload a key would convert to a temporary boost::json::string.
std::string_view Str(boost::json::string_view s) { return {s.data(), s.size()}; }

// Keywords whose values are schemas, by shape: the identifier walk and compilation
// descend only through these (an `$id` inside `enum` or an unknown keyword is data).
constexpr std::string_view kSchemaKeywords[] = {"additionalItems",
                                                "additionalProperties",
                                                "contains",
                                                "else",
                                                "if",
                                                "items",
                                                "not",
                                                "propertyNames",
                                                "then",
                                                "unevaluatedItems",
                                                "unevaluatedProperties"};
constexpr std::string_view kSchemaArrayKeywords[] = {"allOf", "anyOf", "oneOf", "prefixItems",
                                                     "items"};
constexpr std::string_view kSchemaMapKeywords[] = {
    "$defs", "definitions", "dependentSchemas", "patternProperties", "properties", "dependencies"};

}  // namespace

// One compilation's state: Schema::Compile makes one per schema, a SchemaSet keeps one for
// all the schemas of its document.
class Compiler {
 public:
  Compiler(const CompileOptions& options, SchemaGraph& out) : options_(options), out_(out) {}

  absl::Status IndexDocument(const value& root, const std::string& uri) {
    if (indexed_.contains(&root)) return absl::OkStatus();
    indexed_.insert(&root);
    documents_.emplace(uri, &root);
    Index(root, uri, 0);
    return absl::OkStatus();
  }

  absl::StatusOr<const Node*> CompileValue(const value& schema) {
    error_.clear();
    const std::string& base = options_.base_uri;
    const Node* root = Compile(schema, base, "", ResourceFor(base), 0);
    if (!error_.empty()) return absl::InvalidArgumentError(error_);
    return root;
  }

  absl::StatusOr<const Node*> CompileRoot(const value& document, std::string_view pointer) {
    const value* at = &document;
    std::string base = options_.base_uri;
    if (!pointer.empty()) {
      std::string fragment;
      std::string ignored;
      SplitFragment(StrCat("#", pointer), ignored, fragment);
      at = Walk(document, fragment);
      if (at == nullptr) return absl::InvalidArgumentError(StrCat("no schema at '", pointer, "'"));
    }
    const Resource* resource = ResourceFor(base);
    const Node* root = Compile(*at, base, std::string(pointer), resource, 0);
    if (!error_.empty()) return absl::InvalidArgumentError(error_);
    return root;
  }

 private:
  std::string_view IdKeyword() const { return options_.dialect == Dialect::kDraft4 ? "id" : "$id"; }
  bool Modern() const { return options_.dialect == Dialect::kDraft202012; }

  // The base a schema object sets for itself and below (its `$id`), if any.
  std::string BaseOf(const value& schema, const std::string& base) const {
    const auto* object = schema.if_object();
    if (object == nullptr || options_.dialect == Dialect::kOpenApi30) return base;
    auto id = object->find(IdKeyword());
    if (id == object->end() || !id->value().is_string()) return base;
    std::string_view text = Str(id->value().get_string());
    // draft 4: `"id": "#foo"` is an anchor, not a new base; in draft 4 a `$ref` sibling
    // makes the `id` inert.
    if (text.starts_with("#")) return base;
    if (options_.dialect == Dialect::kDraft4 && object->contains("$ref")) return base;
    std::string resolved = ResolveUri(base, text);
    std::string document, fragment;
    SplitFragment(resolved, document, fragment);
    return document;
  }

  void Index(const value& schema, const std::string& base_in, int depth) {
    const auto* object = schema.if_object();
    if (object == nullptr || depth > 200) return;
    std::string base = BaseOf(schema, base_in);
    if (base != base_in) {
      documents_.emplace(base, &schema);
      own_base_.emplace(&schema, base);
    }
    if (options_.dialect == Dialect::kDraft4) {
      auto id = object->find("id");
      if (id != object->end() && id->value().is_string() &&
          Str(id->value().get_string()).starts_with("#")) {
        anchors_.emplace(StrCat(base, Str(id->value().get_string())), &schema);
      }
    }
    if (Modern()) {
      for (std::string_view keyword : {"$anchor", "$dynamicAnchor"}) {
        auto anchor = object->find(keyword);
        if (anchor != object->end() && anchor->value().is_string()) {
          anchors_.emplace(StrCat(base, "#", Str(anchor->value().get_string())), &schema);
          if (keyword == "$dynamicAnchor") {
            dynamic_anchor_names_[&schema] = std::string(Str(anchor->value().get_string()));
            resource_dynamic_anchors_[base].emplace_back(
                std::string(Str(anchor->value().get_string())), &schema);
          }
        }
      }
    }
    for (const auto& member : *object) {
      std::string_view key = Str(member.key());
      if (IsOneOf(key, kSchemaKeywords)) Index(member.value(), base, depth + 1);
      if (IsOneOf(key, kSchemaArrayKeywords) && member.value().is_array()) {
        for (const auto& item : member.value().get_array()) Index(item, base, depth + 1);
      }
      if (IsOneOf(key, kSchemaMapKeywords) && member.value().is_object()) {
        for (const auto& entry : member.value().get_object()) Index(entry.value(), base, depth + 1);
      }
    }
  }

  template <std::size_t N>
  static bool IsOneOf(std::string_view key, const std::string_view (&set)[N]) {
    for (std::string_view known : set) {
      if (known == key) return true;
    }
    return false;
  }

  // `base`, when given, follows the `$id`s passed on the way.
  const value* Walk(const value& from, std::string_view pointer, std::string* base = nullptr) {
    std::vector<std::string> tokens;
    if (!SplitPointer(pointer, tokens)) return nullptr;
    const value* at = &from;
    for (std::size_t i = 0; i < tokens.size() && at != nullptr; ++i) {
      at = FindChild(*at, tokens[i]);
      if (at != nullptr && base != nullptr && i + 1 < tokens.size()) {
        if (auto own = own_base_.find(at); own != own_base_.end()) *base = own->second;
      }
    }
    return at;
  }

  const Resource* ResourceFor(const std::string& uri) {
    auto it = resources_.find(uri);
    if (it != resources_.end()) return it->second;
    Resource& resource = out_.resources.emplace_back();
    resource.uri = uri;
    resources_[uri] = &resource;
    return &resource;
  }

  struct Target {
    const value* schema = nullptr;
    std::string base;
    std::string location;
  };

  // A `$ref`/`$dynamicRef` target: a document (from the index or the resolver), then a
  // JSON pointer or an anchor in it.
  std::optional<Target> Resolve(const std::string& base, std::string_view reference) {
    std::string absolute = ResolveUri(base, reference);
    std::string document, fragment;
    SplitFragment(absolute, document, fragment);
    auto doc = documents_.find(document);
    if (doc == documents_.end() && options_.resolver != nullptr) {
      if (const value* fetched = options_.resolver->Resolve(document)) {
        (void)IndexDocument(*fetched, document);
        doc = documents_.find(document);
      }
    }
    if (doc == documents_.end()) return std::nullopt;
    if (fragment.empty() || fragment.front() == '/') {
      std::string target_base = document;
      const value* target = Walk(*doc->second, fragment, &target_base);
      if (target == nullptr) return std::nullopt;
      return Target{target, target_base, fragment};
    }
    auto anchor = anchors_.find(StrCat(document, "#", fragment));
    if (anchor == anchors_.end()) return std::nullopt;
    return Target{anchor->second, document, StrCat("#", fragment)};
  }

  Node& NewBoolean(bool result) {
    Node& node = out_.nodes.emplace_back();
    node.is_boolean = true;
    node.boolean_value = result;
    return node;
  }

  std::optional<std::uint64_t> Count(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    const value& v = it->value();
    if (v.is_uint64()) return v.get_uint64();
    if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::uint64_t>(v.get_int64());
    if (v.is_double() && v.get_double() >= 0 && std::trunc(v.get_double()) == v.get_double()) {
      return static_cast<std::uint64_t>(v.get_double());
    }
    Fail(StrCat("'", key, "' must be a non-negative integer"));
    return std::nullopt;
  }

  std::optional<double> Number(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    if (!it->value().is_number()) {
      if (!it->value().is_bool()) Fail(StrCat("'", key, "' must be a number"));
      return std::nullopt;
    }
    return it->value().to_number<double>();
  }

  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  std::optional<Pattern> CompilePattern(std::string_view source) {
    std::string why;
    Pattern pattern{CompileEcmaRegex(source, why), std::string(source)};
    if (!pattern.regex) {
      std::string note =
          StrCat("pattern '", source, "' is not supported (", why, ") and is not checked");
      if (std::find(out_.unsupported.begin(), out_.unsupported.end(), note) ==
          out_.unsupported.end()) {
        out_.unsupported.push_back(std::move(note));
      }
    }
    return pattern;
  }

  const Node* Compile(const value& schema, const std::string& base_in, const std::string& location,
                      const Resource* resource_in, int depth) {
    if (auto done = compiled_.find(&schema); done != compiled_.end()) return done->second;
    if (depth > 500) {
      Fail(StrCat("schema nested deeper than 500 levels at '", location, "'"));
      return &NewBoolean(true);
    }
    if (schema.is_bool()) {
      Node& node = NewBoolean(schema.get_bool());
      node.location = location;
      node.resource = resource_in;
      compiled_[&schema] = &node;
      return &node;
    }
    Node& node = out_.nodes.emplace_back();
    compiled_[&schema] = &node;  // before the children: recursion finds it
    node.location = location;
    const auto* object = schema.if_object();
    if (object == nullptr) {
      Fail(StrCat("the schema at '", location, "' is not an object or a boolean"));
      return &node;
    }
    // The index knows the base an `$id` sets, resolved against the right parent; a schema
    // reached by its own URI must not resolve its `$id` a second time.
    auto own = own_base_.find(&schema);
    std::string base = own != own_base_.end() ? own->second : BaseOf(schema, base_in);
    node.resource = base == base_in ? resource_in : ResourceFor(base);
    if (node.resource != nullptr && registered_.insert(node.resource).second) {
      for (const auto& [name, target] : resource_dynamic_anchors_[node.resource->uri]) {
        pending_dynamic_.emplace_back(node.resource, name, target, node.resource->uri);
      }
    }
    auto sub = [&](const value& v, std::string_view keyword) {
      return Compile(v, base, StrCat(location, "/", EscapePointerToken(keyword)), node.resource,
                     depth + 1);
    };
    auto sub_at = [&](const value& v, std::string_view keyword, std::string_view entry) {
      return Compile(
          v, base,
          StrCat(location, "/", EscapePointerToken(keyword), "/", EscapePointerToken(entry)),
          node.resource, depth + 1);
    };
    auto find = [&](std::string_view key) -> const value* {
      auto it = object->find(key);
      return it == object->end() ? nullptr : &it->value();
    };

    if (const value* ref = find("$ref"); ref != nullptr && ref->is_string()) {
      auto target = Resolve(base, Str(ref->get_string()));
      if (!target) {
        Fail(StrCat("$ref '", Str(ref->get_string()), "' at '", location, "' leads nowhere"));
      } else {
        node.ref = Compile(*target->schema, target->base, target->location,
                           ResourceFor(target->base), depth + 1);
      }
      // Before 2019-09 (draft 4, OpenAPI 3.0) a `$ref` replaces its siblings.
      if (!Modern()) {
        if (node.ref != nullptr) {
          node.read_only = node.ref->read_only;
          node.write_only = node.ref->write_only;
        }
        return &node;
      }
    }
    if (Modern()) {
      if (const value* ref = find("$dynamicRef"); ref != nullptr && ref->is_string()) {
        auto target = Resolve(base, Str(ref->get_string()));
        if (!target) {
          Fail(StrCat("$dynamicRef '", Str(ref->get_string()), "' at '", location,
                      "' leads nowhere"));
        } else {
          node.dynamic_ref = Compile(*target->schema, target->base, target->location,
                                     ResourceFor(target->base), depth + 1);
          std::string_view text = Str(ref->get_string());
          std::size_t hash = text.find('#');
          std::string anchor =
              hash == std::string_view::npos ? "" : std::string(text.substr(hash + 1));
          auto named = dynamic_anchor_names_.find(target->schema);
          // Dynamic only when the static target itself declares the same dynamic anchor.
          if (!anchor.empty() && named != dynamic_anchor_names_.end() && named->second == anchor)
            node.dynamic_anchor = anchor;
        }
      }
    }

    if (const value* type = find("type")) {
      auto bit = [](std::string_view name) -> std::uint8_t {
        if (name == "null") return kNull;
        if (name == "boolean") return kBoolean;
        if (name == "object") return kObject;
        if (name == "array") return kArray;
        if (name == "number") return kNumber;
        if (name == "integer") return kInteger;
        if (name == "string") return kString;
        return 0;
      };
      if (type->is_string()) {
        node.types = bit(Str(type->get_string()));
        if (node.types == 0)
          Fail(StrCat("unknown type '", Str(type->get_string()), "' at '", location, "'"));
      } else if (type->is_array()) {
        for (const auto& t : type->get_array()) {
          if (t.is_string()) node.types |= bit(Str(t.get_string()));
        }
        if (node.types == 0) node.types = 0x80;  // `type: []`: nothing matches
      }
    }
    if (options_.dialect == Dialect::kOpenApi30) {
      if (const value* nullable = find("nullable"); nullable && nullable->is_bool())
        node.nullable = nullable->get_bool();
    }
    if (const value* v = find("readOnly"); v && v->is_bool()) node.read_only = v->get_bool();
    if (const value* v = find("writeOnly"); v && v->is_bool()) node.write_only = v->get_bool();
    if (const value* v = find("enum"); v && v->is_array()) node.enum_values = &v->get_array();
    node.default_value = find("default");
    node.example = find("example");
    if (const value* v = find("examples"); v && v->is_array()) node.examples = &v->get_array();
    if (Modern()) {
      if (const value* v = find("const")) node.const_value = v;
    }

    node.minimum = Number(*object, "minimum");
    node.maximum = Number(*object, "maximum");
    if (Modern()) {
      node.exclusive_minimum = Number(*object, "exclusiveMinimum");
      node.exclusive_maximum = Number(*object, "exclusiveMaximum");
    } else {
      // draft 4 / OpenAPI 3.0: booleans that make minimum/maximum exclusive
      if (const value* v = find("exclusiveMinimum");
          v && v->is_bool() && v->get_bool() && node.minimum) {
        node.exclusive_minimum = node.minimum;
        node.minimum.reset();
      }
      if (const value* v = find("exclusiveMaximum");
          v && v->is_bool() && v->get_bool() && node.maximum) {
        node.exclusive_maximum = node.maximum;
        node.maximum.reset();
      }
    }
    if (const value* v = find("multipleOf"); v && v->is_number()) {
      if (v->to_number<double>() <= 0)
        Fail(StrCat("multipleOf at '", location, "' must be greater than 0"));
      else
        node.multiple_of = v;
    }
    node.min_length = Count(*object, "minLength");
    node.max_length = Count(*object, "maxLength");
    if (const value* v = find("pattern"); v && v->is_string())
      node.pattern = CompilePattern(Str(v->get_string()));
    if (const value* v = find("format"); v && v->is_string()) {
      node.format_name = std::string(Str(v->get_string()));
      node.format = FormatFromName(node.format_name);
      if (node.format == Format::kUnknown) {
        std::string note = StrCat("format '", node.format_name, "' is not checked");
        if (std::find(out_.unsupported.begin(), out_.unsupported.end(), note) ==
            out_.unsupported.end()) {
          out_.unsupported.push_back(std::move(note));
        }
      }
    }

    // Arrays
    if (const value* items = find("items")) {
      if (items->is_array()) {
        if (!Modern()) {
          for (std::size_t i = 0; i < items->get_array().size(); ++i) {
            node.prefix_items.push_back(sub_at(items->get_array()[i], "items", std::to_string(i)));
          }
          if (const value* additional = find("additionalItems"))
            node.items = sub(*additional, "additionalItems");
        }
      } else {
        node.items = sub(*items, "items");
      }
    }
    if (Modern()) {
      if (const value* prefix = find("prefixItems"); prefix && prefix->is_array()) {
        for (std::size_t i = 0; i < prefix->get_array().size(); ++i) {
          node.prefix_items.push_back(
              sub_at(prefix->get_array()[i], "prefixItems", std::to_string(i)));
        }
      }
      if (const value* v = find("contains")) node.contains = sub(*v, "contains");
      node.min_contains = Count(*object, "minContains");
      node.max_contains = Count(*object, "maxContains");
      if (const value* v = find("unevaluatedItems"))
        node.unevaluated_items = sub(*v, "unevaluatedItems");
    }
    node.min_items = Count(*object, "minItems");
    node.max_items = Count(*object, "maxItems");
    if (const value* v = find("uniqueItems"); v && v->is_bool()) node.unique_items = v->get_bool();

    // Objects
    if (const value* props = find("properties"); props && props->is_object()) {
      for (const auto& member : props->get_object()) {
        std::string name(Str(member.key()));
        const Node* child = sub_at(member.value(), "properties", name);
        node.properties.emplace_back(name, child);
        node.property_index[name] = child;
      }
    }
    if (const value* props = find("patternProperties"); props && props->is_object()) {
      for (const auto& member : props->get_object()) {
        auto pattern = CompilePattern(Str(member.key()));
        node.pattern_properties.emplace_back(
            std::move(*pattern), sub_at(member.value(), "patternProperties", Str(member.key())));
      }
    }
    if (const value* v = find("additionalProperties"))
      node.additional_properties = sub(*v, "additionalProperties");
    if (const value* v = find("required"); v && v->is_array()) {
      for (const auto& name : v->get_array()) {
        if (name.is_string()) node.required.emplace_back(Str(name.get_string()));
      }
    }
    node.min_properties = Count(*object, "minProperties");
    node.max_properties = Count(*object, "maxProperties");
    auto dependent = [&](const value& deps, std::string_view keyword, bool names, bool schemas) {
      if (!deps.is_object()) return;
      for (const auto& member : deps.get_object()) {
        std::string name(Str(member.key()));
        if (names && member.value().is_array()) {
          std::vector<std::string> needed;
          for (const auto& n : member.value().get_array()) {
            if (n.is_string()) needed.emplace_back(Str(n.get_string()));
          }
          node.dependent_required.emplace_back(name, std::move(needed));
        } else if (schemas && (member.value().is_object() || member.value().is_bool())) {
          node.dependent_schemas.emplace_back(name, sub_at(member.value(), keyword, name));
        }
      }
    };
    if (Modern()) {
      if (const value* v = find("propertyNames")) node.property_names = sub(*v, "propertyNames");
      if (const value* v = find("dependentRequired"))
        dependent(*v, "dependentRequired", true, false);
      if (const value* v = find("dependentSchemas")) dependent(*v, "dependentSchemas", false, true);
      if (const value* v = find("unevaluatedProperties"))
        node.unevaluated_properties = sub(*v, "unevaluatedProperties");
    } else if (const value* v = find("dependencies")) {
      dependent(*v, "dependencies", true, true);
    }

    // Applicators
    auto list = [&](std::string_view keyword, std::vector<const Node*>& into) {
      const value* v = find(keyword);
      if (v == nullptr || !v->is_array()) return;
      for (std::size_t i = 0; i < v->get_array().size(); ++i)
        into.push_back(sub_at(v->get_array()[i], keyword, std::to_string(i)));
    };
    list("allOf", node.all_of);
    list("anyOf", node.any_of);
    list("oneOf", node.one_of);
    if (const value* v = find("not")) node.not_schema = sub(*v, "not");
    if (Modern()) {
      if (const value* v = find("if")) {
        node.if_schema = sub(*v, "if");
        if (const value* t = find("then")) node.then_schema = sub(*t, "then");
        if (const value* e = find("else")) node.else_schema = sub(*e, "else");
      }
    }
    if (const value* d = find("discriminator"); d && d->is_object()) {
      const auto& discriminator = d->get_object();
      if (auto name = discriminator.find("propertyName");
          name != discriminator.end() && name->value().is_string()) {
        node.discriminator = std::string(Str(name->value().get_string()));
      }
      if (auto mapping = discriminator.find("mapping");
          mapping != discriminator.end() && mapping->value().is_object()) {
        for (const auto& entry : mapping->value().get_object()) {
          if (!entry.value().is_string()) continue;
          std::string reference(Str(entry.value().get_string()));
          // A bare name means a component schema of that name.
          if (reference.find('/') == std::string::npos &&
              reference.find('#') == std::string::npos) {
            reference = StrCat("#/components/schemas/", reference);
          }
          auto target = Resolve(base, reference);
          if (!target) continue;  // a dangling mapping is the spec linter's business
          node.discriminator_mapping.emplace_back(
              std::string(Str(entry.key())),
              Compile(*target->schema, target->base, target->location, ResourceFor(target->base),
                      depth + 1));
        }
      }
    }
    if (!node.discriminator.empty()) {
      const auto& branches = !node.one_of.empty() ? node.one_of : node.any_of;
      auto target_of = [](const Node* branch) {
        return branch->ref != nullptr ? branch->ref : branch;
      };
      for (const auto& [name, target] : node.discriminator_mapping) {
        for (const Node* branch : branches) {
          if (target_of(branch) == target) node.discriminator_branches.emplace_back(name, branch);
        }
      }
      for (const Node* branch : branches) {
        std::string_view where = target_of(branch)->location;
        for (std::string_view prefix : {"/components/schemas/", "/definitions/"}) {
          if (!where.starts_with(prefix) ||
              where.find('/', prefix.size()) != std::string_view::npos)
            continue;
          std::string name(where.substr(prefix.size()));
          bool mapped =
              std::any_of(node.discriminator_mapping.begin(), node.discriminator_mapping.end(),
                          [&](const auto& entry) { return entry.second == target_of(branch); });
          if (!mapped) node.discriminator_branches.emplace_back(name, branch);
        }
      }
      // Every branch must be reachable by some value, or the discriminator cannot decide.
      for (const Node* branch : branches) {
        bool reachable =
            std::any_of(node.discriminator_branches.begin(), node.discriminator_branches.end(),
                        [&](const auto& entry) { return entry.second == branch; });
        if (!reachable) {
          node.discriminator_branches.clear();
          break;
        }
      }
    }
    node.tracks_evaluated =
        node.unevaluated_items != nullptr || node.unevaluated_properties != nullptr;
    return &node;
  }

 public:
  // Dynamic anchors become known per resource once their nodes are compiled.
  void FinishDynamicAnchors(int depth = 0) {
    while (!pending_dynamic_.empty()) {
      auto [resource, name, target, base] = pending_dynamic_.back();
      pending_dynamic_.pop_back();
      const Node* compiled = Compile(*target, base, StrCat("#", name), resource, depth);
      const_cast<Resource*>(resource)->dynamic_anchors.emplace(name, compiled);
    }
  }

 private:
  const CompileOptions& options_;
  SchemaGraph& out_;
  std::string error_;
  absl::flat_hash_set<const value*> indexed_;
  absl::flat_hash_map<std::string, const value*> documents_;
  absl::flat_hash_map<std::string, const value*> anchors_;
  absl::flat_hash_map<const value*, std::string> dynamic_anchor_names_;
  absl::flat_hash_map<const value*, std::string> own_base_;
  absl::flat_hash_map<std::string, std::vector<std::pair<std::string, const value*>>>
      resource_dynamic_anchors_;
  absl::flat_hash_map<std::string, const Resource*> resources_;
  absl::flat_hash_map<const value*, const Node*> compiled_;
  absl::flat_hash_set<const Resource*> registered_;
  std::vector<std::tuple<const Resource*, std::string, const value*, std::string>> pending_dynamic_;
};

namespace {

// Index the document's identifiers, compile from the root `compile_root` picks, then
// bind the dynamic anchors the compiled resources declare.
template <typename CompileRoot>
absl::StatusOr<std::shared_ptr<CompiledSchema>> Build(const boost::json::value& document,
                                                      const CompileOptions& options,
                                                      CompileRoot compile_root) {
  auto compiled = std::make_shared<CompiledSchema>();
  compiled->formats = options.formats;
  compiled->dialect = options.dialect;
  Compiler compiler(options, *compiled->graph);
  (void)compiler.IndexDocument(document, options.base_uri);
  absl::StatusOr<const Node*> root = compile_root(compiler);
  if (!root.ok()) return root.status();
  compiler.FinishDynamicAnchors();
  compiled->root = *root;
  return compiled;
}

}  // namespace

absl::StatusOr<Schema> Schema::Compile(const boost::json::value& document, std::string_view pointer,
                                       const CompileOptions& options) {
  auto compiled =
      Build(document, options, [&](Compiler& c) { return c.CompileRoot(document, pointer); });
  if (!compiled.ok()) return compiled.status();
  return Schema(std::move(*compiled));
}

absl::StatusOr<Schema> Schema::CompileValue(const boost::json::value& document,
                                            const boost::json::value& schema,
                                            const CompileOptions& options) {
  auto compiled = Build(document, options, [&](Compiler& c) { return c.CompileValue(schema); });
  if (!compiled.ok()) return compiled.status();
  return Schema(std::move(*compiled));
}

const std::vector<std::string>& Schema::unsupported() const {
  return compiled_->graph->unsupported;
}

SchemaSet::SchemaSet(const boost::json::value& document, CompileOptions options)
    : document_(document), options_(std::move(options)) {
  Restart();
}

SchemaSet::~SchemaSet() = default;

void SchemaSet::Restart() {
  graph_ = std::make_shared<SchemaGraph>();
  compiler_ = std::make_unique<Compiler>(options_, *graph_);
  (void)compiler_->IndexDocument(document_, options_.base_uri);
}

absl::StatusOr<Schema> SchemaSet::CompileValue(const boost::json::value& schema) {
  absl::StatusOr<const Node*> root = compiler_->CompileValue(schema);
  if (!root.ok()) {
    // What was compiled on the way may be incomplete: later schemas start a fresh graph
    // (the schemas already handed out keep theirs).
    Restart();
    return root.status();
  }
  compiler_->FinishDynamicAnchors();
  auto compiled = std::make_shared<CompiledSchema>();
  compiled->formats = options_.formats;
  compiled->dialect = options_.dialect;
  compiled->graph = graph_;
  compiled->root = *root;
  return Schema(std::move(compiled));
}

}  // namespace icopilot::schema
