// GenerateInvalid: from one valid instance, one mutation per constraint that applies at
// each place (a wrong type, a required property left out, a string one character too
// long, a number just past its bound, ...). A mutation is kept only when validation
// reports exactly that keyword at exactly that place, so each negative instance breaks
// one constraint and says which.
#include <cmath>
#include <limits>

#include <boost/json/value.hpp>

#include "absl/container/flat_hash_set.h"
#include "core/json_pointer.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/generator.h"

namespace icopilot::schema {
namespace {

using boost::json::value;

struct Mutation {
  value replacement;  // the new value at `pointer` (ignored for removals)
  // Where validation reports it, below the mutated place ("/unexpected_property").
  std::string reported_below;
  bool remove = false;
  std::string remove_key;
  std::string keyword;
  std::string description;
  const Node* node;
};

// The nodes that apply in place, without choosing among anyOf/oneOf branches (a
// mutation there could be rescued by another branch).
void Parts(const Node* node, std::vector<const Node*>& out, int depth) {
  if (node == nullptr || depth > 32) return;
  out.push_back(node);
  Parts(node->ref, out, depth + 1);
  for (const Node* branch : node->all_of) Parts(branch, out, depth + 1);
}

// The place `path` names in a value we own (FindChild reads; here we write).
value* At(value& root, const std::vector<std::string>& path) {
  value* at = &root;
  for (const std::string& token : path) {
    at = const_cast<value*>(FindChild(*at, token));
    if (at == nullptr) return nullptr;
  }
  return at;
}

class NegativeGenerator {
 public:
  NegativeGenerator(const Schema& schema, const GenerateOptions& options, value valid)
      // Into this thread's own heap: `valid` may be a spec's example, whose copies would
      // otherwise be made in the document's shared arena (Boost.JSON copies into the
      // source's resource).
      : schema_(schema), options_(options), valid_(std::move(valid), boost::json::storage_ptr()) {}

  std::vector<Negative> Run() {
    Walk(*schema_.compiled().root, valid_, {}, 0);
    return std::move(out_);
  }

 private:
  void Walk(const Node& node, const value& here, std::vector<std::string> path, int depth) {
    if (depth > 8) return;
    std::vector<const Node*> parts;
    Parts(&node, parts, 0);
    std::vector<Mutation> mutations;
    for (const Node* part : parts) Propose(*part, here, mutations);
    for (Mutation& mutation : mutations) Try(path, std::move(mutation));
    // Deeper: each property and item with the schema that governs it.
    if (const auto* object = here.if_object()) {
      for (const auto& member : *object) {
        std::string key(member.key());
        for (const Node* part : parts) {
          auto it = part->property_index.find(key);
          if (it == part->property_index.end()) continue;
          auto child = path;
          child.push_back(key);
          Walk(*it->second, member.value(), std::move(child), depth + 1);
          break;
        }
      }
    }
    if (const auto* array = here.if_array()) {
      for (std::size_t i = 0; i < array->size() && i < 2; ++i) {
        for (const Node* part : parts) {
          const Node* item = i < part->prefix_items.size() ? part->prefix_items[i] : part->items;
          if (item == nullptr) continue;
          auto child = path;
          child.push_back(std::to_string(i));
          Walk(*item, (*array)[i], std::move(child), depth + 1);
          break;
        }
      }
    }
  }

  static value WrongType(std::uint8_t types) {
    if (!(types & kString)) return value("not-a-valid-value");
    if (!(types & (kInteger | kNumber))) return value(12345);
    if (!(types & kBoolean)) return value(true);
    if (!(types & kObject)) return value(boost::json::object{{"unexpected", "object"}});
    return value(nullptr);
  }

  void Propose(const Node& n, const value& here, std::vector<Mutation>& out) {
    auto add = [&](value v, std::string keyword, std::string description) {
      out.push_back({std::move(v), "", false, "", std::move(keyword), std::move(description), &n});
    };
    if (n.types != 0 && !((n.types & kNull) || n.nullable))
      add(WrongType(n.types), "type", "a value of the wrong type");
    if (n.types != 0 && !(n.types & kNull) && !n.nullable && !WrongType(n.types).is_null()) {
      add(value(nullptr), "type", "null where a value is required");
    }
    if (n.enum_values != nullptr && !n.enum_values->empty()) {
      const value& first = n.enum_values->front();
      add(first.is_string() ? value("not-one-of-the-allowed-values") : value(987654), "enum",
          "a value outside the enum");
    }
    if (n.const_value != nullptr)
      add(value("not-the-constant"), "const", "a value other than the constant");
    if (const auto* s = here.if_string()) {
      std::string text(s->data(), s->size());
      if (n.min_length && *n.min_length > 0 && *n.min_length <= 10000) {
        std::string shorter;
        std::uint64_t count = 0;
        for (char c : text) {
          bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
          if (starts && count + 1 >= *n.min_length) break;
          count += starts;
          shorter += c;
        }
        add(value(shorter), "minLength",
            StrCat("a string shorter than ", *n.min_length, " characters"));
      }
      if (n.max_length && *n.max_length < 10000) {
        std::string longer = text.empty() ? "x" : text;
        while (longer.size() <= *n.max_length) longer += longer.back();
        add(value(longer), "maxLength",
            StrCat("a string longer than ", *n.max_length, " characters"));
      }
      if (n.pattern && n.pattern->regex) {
        for (std::string_view candidate : {"!", "?!#", " ", "not matching", "0"})
          add(value(candidate), "pattern",
              StrCat("a string that does not match ", n.pattern->source));
      }
      if (n.format != Format::kNone && n.format != Format::kUnknown &&
          n.format != Format::kPassword && n.format != Format::kBinary &&
          schema_.compiled().formats == FormatMode::kAssert) {
        add(value(StrCat("not-a-", n.format_name)), "format",
            StrCat("a string that is not ", n.format_name));
      }
    }
    if (here.is_number()) {
      double x = here.to_number<double>();
      bool integer = here.is_int64() || here.is_uint64();
      double step = integer ? 1 : 0.5;
      auto number = [&](double v) {
        return integer && std::abs(v) < 9e15 ? value(static_cast<std::int64_t>(v)) : value(v);
      };
      if (n.minimum)
        add(number(integer ? std::floor(*n.minimum) - (std::floor(*n.minimum) == *n.minimum ? 1 : 0)
                           : *n.minimum - step),
            "minimum", StrCat("a number below the minimum ", *n.minimum));
      if (n.maximum)
        add(number(integer ? std::ceil(*n.maximum) + (std::ceil(*n.maximum) == *n.maximum ? 1 : 0)
                           : *n.maximum + step),
            "maximum", StrCat("a number above the maximum ", *n.maximum));
      if (n.exclusive_minimum)
        add(number(*n.exclusive_minimum), "exclusiveMinimum",
            StrCat("a number not above ", *n.exclusive_minimum));
      if (n.exclusive_maximum)
        add(number(*n.exclusive_maximum), "exclusiveMaximum",
            StrCat("a number not below ", *n.exclusive_maximum));
      if (n.multiple_of != nullptr) {
        double m = n.multiple_of->to_number<double>();
        add(number(integer && m > 1 ? x + 1 : x + m / 2), "multipleOf",
            StrCat("a number that is not a multiple of ", m));
      }
    }
    if (const auto* object = here.if_object()) {
      for (const std::string& name : n.required) {
        if (!object->contains(name)) continue;
        Mutation removal{value(), "", true, name, "required", StrCat("omits required '", name, "'"),
                         &n};
        out.push_back(std::move(removal));
      }
      if (n.additional_properties != nullptr && n.additional_properties->is_boolean &&
          !n.additional_properties->boolean_value) {
        boost::json::object more = *object;
        more["unexpected_property"] = "surprise";
        add(value(std::move(more)), "additionalProperties", "a property the schema does not allow");
        out.back().reported_below = "/unexpected_property";
      }
      if (n.max_properties) {
        boost::json::object more = *object;
        for (int i = 0; more.size() <= *n.max_properties && i < 1000; ++i)
          more[StrCat("extra_", i)] = "x";
        add(value(std::move(more)), "maxProperties",
            StrCat("more than ", *n.max_properties, " properties"));
      }
    }
    if (const auto* array = here.if_array()) {
      if (n.min_items && *n.min_items > 0) {
        boost::json::array fewer(array->begin(),
                                 array->begin() + static_cast<std::ptrdiff_t>(*n.min_items - 1));
        add(value(std::move(fewer)), "minItems", StrCat("fewer than ", *n.min_items, " items"));
      }
      if (n.max_items && !array->empty() && *n.max_items < 10000) {
        boost::json::array more = *array;
        // Distinct copies where that is easy, so uniqueItems stays satisfied.
        for (int k = 1; more.size() <= *n.max_items; ++k) {
          value copy = array->back();
          if (copy.is_string())
            copy = value(
                StrCat(std::string_view(copy.as_string().data(), copy.as_string().size()), "-", k));
          else if (copy.is_int64())
            copy = value(copy.as_int64() + k);
          more.push_back(std::move(copy));
        }
        add(value(std::move(more)), "maxItems", StrCat("more than ", *n.max_items, " items"));
      }
      if (n.unique_items && !array->empty()) {
        boost::json::array twice = *array;
        twice.push_back(twice.front());
        add(value(std::move(twice)), "uniqueItems", "the same item twice");
      }
    }
  }

  void Try(const std::vector<std::string>& path, Mutation mutation) {
    std::string signature = StrCat(mutation.keyword, "@", mutation.node->location);
    for (const std::string& token : path) signature += StrCat("/", token);
    if (kept_.contains(signature)) return;  // one negative per constraint and place
    value candidate = valid_;
    value* target = At(candidate, path);
    if (target == nullptr) return;
    if (mutation.remove) {
      if (!target->is_object()) return;
      target->as_object().erase(mutation.remove_key);
    } else {
      *target = mutation.replacement;
    }
    std::string pointer;
    for (const std::string& token : path) AppendPointerToken(pointer, token);
    ValidationResult result =
        schema_.Validate(candidate, {.direction = options_.direction, .all_errors = true});
    if (result.valid || result.errors.empty()) return;
    std::string schema_path = StrCat(mutation.node->location, "/", mutation.keyword);
    for (const Problem& problem : result.errors) {
      // Exactly one constraint: every error is this keyword at this place.
      if (problem.instance_path != pointer + mutation.reported_below ||
          problem.schema_path != schema_path)
        return;
    }
    pointer += mutation.reported_below;
    kept_.insert(signature);
    out_.push_back({std::move(candidate), mutation.keyword, pointer, schema_path,
                    StrCat(pointer.empty() ? "the value" : pointer, ": ", mutation.description)});
  }

  const Schema& schema_;
  const GenerateOptions& options_;
  value valid_;
  std::vector<Negative> out_;
  absl::flat_hash_set<std::string> kept_;
};

}  // namespace

absl::StatusOr<std::vector<Negative>> GenerateInvalid(const Schema& schema,
                                                      const GenerateOptions& options) {
  auto valid = GenerateValid(schema, options);
  if (!valid.ok()) return valid.status();
  NegativeGenerator generator(schema, options, std::move(valid->value));
  return generator.Run();
}

}  // namespace icopilot::schema
