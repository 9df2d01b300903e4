// Schema::Validate: walks the compiled graph over the instance. Error messages are built
// only when someone will read them (not inside `not`, `anyOf` branches or `if`), and
// evaluated properties/items are collected only below an `unevaluated*` keyword.
#include <cmath>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <re2/re2.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/json_pointer.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/ecma_regex.h"
#include "schema/json_equal.h"

namespace icopilot::schema {
namespace {

using boost::json::value;

constexpr int kMaxDepth = 400;

std::string_view Str(const boost::json::string& s) { return {s.data(), s.size()}; }
// Keys: without this overload a key would convert to a temporary boost::json::string.
std::string_view Str(boost::json::string_view s) { return {s.data(), s.size()}; }

// Properties and items a schema and its in-place subschemas looked at.
struct Evaluated {
  absl::flat_hash_set<std::string_view> properties;
  std::vector<bool> items;
  void MarkItem(std::size_t i, std::size_t size) {
    if (items.size() < size) items.resize(size, false);
    items[i] = true;
  }
  void Merge(const Evaluated& other) {
    properties.insert(other.properties.begin(), other.properties.end());
    if (items.size() < other.items.size()) items.resize(other.items.size(), false);
    for (std::size_t i = 0; i < other.items.size(); ++i) {
      if (other.items[i]) items[i] = true;
    }
  }
};

struct PathToken {
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;
};

std::string Preview(const value& v) {
  switch (v.kind()) {
    case boost::json::kind::string: {
      std::string_view s = Str(v.get_string());
      if (s.size() > 40) return StrCat("'", s.substr(0, 37), "...'");
      return StrCat("'", s, "'");
    }
    case boost::json::kind::object:
      return "an object";
    case boost::json::kind::array:
      return "an array";
    default:
      return boost::json::serialize(v);
  }
}

std::string TypeNames(std::uint8_t types) {
  std::vector<std::string_view> names;
  if (types & kObject) names.push_back("an object");
  if (types & kArray) names.push_back("an array");
  if (types & kString) names.push_back("a string");
  if (types & kInteger) names.push_back("an integer");
  if (types & kNumber) names.push_back("a number");
  if (types & kBoolean) names.push_back("a boolean");
  if (types & kNull) names.push_back("null");
  if (names.empty()) return "nothing";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::uint64_t CodePoints(std::string_view s) {
  std::uint64_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsMultiple(const value& instance, const value& divisor) {
  if ((instance.is_int64() || instance.is_uint64()) &&
      (divisor.is_int64() || divisor.is_uint64())) {
    if (divisor.is_uint64() || divisor.get_int64() > 0) {
      std::uint64_t d = divisor.is_uint64() ? divisor.get_uint64()
                                            : static_cast<std::uint64_t>(divisor.get_int64());
      std::uint64_t x = instance.is_uint64()
                            ? instance.get_uint64()
                            : static_cast<std::uint64_t>(std::llabs(instance.get_int64()));
      return x % d == 0;
    }
  }
  double x = instance.to_number<double>(), d = divisor.to_number<double>();
  double q = x / d;
  if (!std::isfinite(q)) return false;
  return std::abs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::abs(q));
}

class Evaluation {
 public:
  Evaluation(const CompiledSchema& schema, const ValidateOptions& options, ValidationResult& result)
      : schema_(schema), options_(options), result_(result) {}

  bool Run(const value& instance) { return Eval(*schema_.root, instance, nullptr, true); }
  bool Accepts(const Node& node, const value& instance) {
    return Eval(node, instance, nullptr, false);
  }

 private:
  std::string InstancePointer() const {
    std::string out;
    for (const PathToken& t : path_) {
      if (t.is_index) {
        AppendPointerToken(out, std::to_string(t.index));
      } else {
        AppendPointerToken(out, t.key);
      }
    }
    return out;
  }

  // "customer.emails[2]" for messages; "the value" at the root.
  std::string Where() const {
    if (path_.empty()) return "the value";
    std::string out;
    for (const PathToken& t : path_) {
      if (t.is_index) {
        out += StrCat("[", t.index, "]");
      } else {
        if (!out.empty()) out += '.';
        out += t.key;
      }
    }
    return out;
  }

  void Report(const Node& node, std::string_view keyword, std::string message,
              bool warning = false) {
    Problem problem{InstancePointer(), StrCat(node.location, "/", keyword),
                    StrCat(Where(), ": ", message)};
    (warning ? result_.warnings : result_.errors).push_back(std::move(problem));
  }

  bool Short(bool report) const { return !report || !options_.all_errors; }

  // Evaluates a subschema at the same instance location.
  bool InPlace(const Node& node, const value& instance, Evaluated* collect, bool report) {
    if (collect == nullptr) return Eval(node, instance, nullptr, report);
    Evaluated local;
    bool ok = Eval(node, instance, &local, report);
    if (ok) collect->Merge(local);
    return ok;
  }

  bool Child(const Node& node, const value& instance, PathToken token, bool report) {
    path_.push_back(token);
    bool ok = Eval(node, instance, nullptr, report);
    path_.pop_back();
    return ok;
  }

  bool Eval(const Node& node, const value& instance, Evaluated* parent, bool report) {
    if (node.is_boolean) {
      if (!node.boolean_value && report) Report(node, "", "no value is allowed here");
      return node.boolean_value;
    }
    if (++depth_ > kMaxDepth) {
      --depth_;
      if (report) Report(node, "", StrCat("nested deeper than ", kMaxDepth, " levels of schema"));
      return false;
    }
    bool pushed = false;
    if (node.resource != nullptr && (scope_.empty() || scope_.back() != node.resource)) {
      scope_.push_back(node.resource);
      pushed = true;
    }
    Evaluated mine;
    Evaluated* collect = node.tracks_evaluated ? &mine : parent;
    bool ok = Keywords(node, instance, collect, report);
    if (node.tracks_evaluated && (ok || !Short(report)))
      ok = Unevaluated(node, instance, mine, report) && ok;
    if (ok && node.tracks_evaluated && parent != nullptr) parent->Merge(mine);
    if (pushed) scope_.pop_back();
    --depth_;
    return ok;
  }

#define ICOPILOT_CHECK(condition, keyword, message) \
  do {                                              \
    if (!(condition)) {                             \
      if (report) Report(node, keyword, message);   \
      ok = false;                                   \
      if (Short(report)) return false;              \
    }                                               \
  } while (false)

  bool Keywords(const Node& node, const value& instance, Evaluated* collect, bool report) {
    bool ok = true;
    if (node.ref != nullptr) {
      bool sub = InPlace(*node.ref, instance, collect, report);
      if (!sub) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    if (node.dynamic_ref != nullptr) {
      const Node* target = node.dynamic_ref;
      if (!node.dynamic_anchor.empty()) {
        for (const Resource* resource : scope_) {
          auto it = resource->dynamic_anchors.find(node.dynamic_anchor);
          if (it != resource->dynamic_anchors.end()) {
            target = it->second;
            break;
          }
        }
      }
      if (!InPlace(*target, instance, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }

    if (instance.is_null() && node.nullable) return ok;
    if (node.types != 0) {
      std::uint8_t has = 0;
      switch (instance.kind()) {
        case boost::json::kind::null:
          has = kNull;
          break;
        case boost::json::kind::bool_:
          has = kBoolean;
          break;
        case boost::json::kind::object:
          has = kObject;
          break;
        case boost::json::kind::array:
          has = kArray;
          break;
        case boost::json::kind::string:
          has = kString;
          break;
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
          has = kNumber | kInteger;
          break;
        case boost::json::kind::double_: {
          double d = instance.get_double();
          has = kNumber | (std::isfinite(d) && std::trunc(d) == d ? kInteger : 0);
          break;
        }
      }
      ICOPILOT_CHECK((node.types & has) != 0, "type",
                     StrCat("expected ", TypeNames(node.types), ", got ", Preview(instance)));
    }
    if (node.const_value != nullptr) {
      ICOPILOT_CHECK(JsonEqual(instance, *node.const_value), "const",
                     StrCat(Preview(instance), " is not the allowed value ",
                            boost::json::serialize(*node.const_value)));
    }
    if (node.enum_values != nullptr) {
      bool found = false;
      for (const value& allowed : *node.enum_values) {
        if (JsonEqual(instance, allowed)) {
          found = true;
          break;
        }
      }
      ICOPILOT_CHECK(
          found, "enum",
          StrCat(Preview(instance), " is not one of ", boost::json::serialize(*node.enum_values)));
    }

    if (instance.is_number()) {
      double x = instance.to_number<double>();
      if (node.minimum)
        ICOPILOT_CHECK(x >= *node.minimum, "minimum",
                       StrCat(Preview(instance), " is less than the minimum ", *node.minimum));
      if (node.maximum)
        ICOPILOT_CHECK(x <= *node.maximum, "maximum",
                       StrCat(Preview(instance), " is more than the maximum ", *node.maximum));
      if (node.exclusive_minimum) {
        ICOPILOT_CHECK(x > *node.exclusive_minimum, "exclusiveMinimum",
                       StrCat(Preview(instance), " must be more than ", *node.exclusive_minimum));
      }
      if (node.exclusive_maximum) {
        ICOPILOT_CHECK(x < *node.exclusive_maximum, "exclusiveMaximum",
                       StrCat(Preview(instance), " must be less than ", *node.exclusive_maximum));
      }
      if (node.multiple_of != nullptr) {
        ICOPILOT_CHECK(IsMultiple(instance, *node.multiple_of), "multipleOf",
                       StrCat(Preview(instance), " is not a multiple of ",
                              boost::json::serialize(*node.multiple_of)));
      }
    }
    if (instance.is_string()) {
      std::string_view s = Str(instance.get_string());
      if (node.min_length || node.max_length) {
        std::uint64_t n = CodePoints(s);
        if (node.min_length)
          ICOPILOT_CHECK(
              n >= *node.min_length, "minLength",
              StrCat(Preview(instance), " is shorter than ", *node.min_length, " characters"));
        if (node.max_length)
          ICOPILOT_CHECK(
              n <= *node.max_length, "maxLength",
              StrCat(Preview(instance), " is longer than ", *node.max_length, " characters"));
      }
      if (node.pattern && node.pattern->regex) {
        ICOPILOT_CHECK(
            EcmaSearch(*node.pattern->regex, s), "pattern",
            StrCat(Preview(instance), " does not match the pattern ", node.pattern->source));
      }
    }
    if (node.format != Format::kNone && node.format != Format::kUnknown &&
        schema_.formats == FormatMode::kAssert) {
      ICOPILOT_CHECK(ConformsToFormat(node.format, instance), "format",
                     StrCat(Preview(instance), " is not ", FormatNoun(node.format)));
    }

    if (const auto* array = instance.if_array()) {
      if (!ArrayKeywords(node, *array, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    if (const auto* object = instance.if_object()) {
      if (!ObjectKeywords(node, instance, *object, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }

    for (std::size_t i = 0; i < node.all_of.size(); ++i) {
      if (!InPlace(*node.all_of[i], instance, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    if (!node.discriminator_branches.empty() && instance.is_object()) {
      // OpenAPI's discriminator picks the branch: the instance is checked against that one
      // alone (as OpenAPI tools do), so look-alike branches do not make oneOf fail.
      const auto& object = instance.get_object();
      auto tag = object.find(node.discriminator);
      ICOPILOT_CHECK(tag != object.end() && tag->value().is_string(), "discriminator",
                     StrCat("'", node.discriminator, "' is required to tell which schema applies"));
      if (tag != object.end() && tag->value().is_string()) {
        std::string_view key = Str(tag->value().get_string());
        const Node* branch = nullptr;
        std::string known;
        for (const auto& [name, candidate] : node.discriminator_branches) {
          if (name == key) branch = candidate;
          known += StrCat(known.empty() ? "" : ", ", name);
        }
        ICOPILOT_CHECK(branch != nullptr, "discriminator",
                       StrCat("'", node.discriminator, "' is ", Preview(tag->value()),
                              ", not one of ", known));
        if (branch != nullptr && !InPlace(*branch, instance, collect, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      }
      return NotAndConditionals(node, instance, collect, report) && ok;
    }
    if (!node.any_of.empty()) {
      bool any = false;
      for (const Node* branch : node.any_of) {
        if (InPlace(*branch, instance, collect, false)) {
          any = true;
          if (collect == nullptr) break;  // annotations need every valid branch
        }
      }
      ICOPILOT_CHECK(any, "anyOf",
                     StrCat("matches none of the ", node.any_of.size(), " alternatives (anyOf)"));
    }
    if (!node.one_of.empty()) {
      std::size_t matched = 0;
      Evaluated chosen;
      for (const Node* branch : node.one_of) {
        if (InPlace(*branch, instance, collect == nullptr ? nullptr : &chosen, false)) {
          if (++matched > 1) break;
        }
      }
      if (matched > 1 && !options_.strict_one_of) {
        if (report)
          Report(node, "oneOf",
                 "matches more than one alternative of a oneOf whose alternatives overlap, "
                 "read as anyOf (the spec's defect)",
                 true);
        matched = 1;
      }
      if (matched == 1 && collect != nullptr) collect->Merge(chosen);
      ICOPILOT_CHECK(
          matched == 1, "oneOf",
          matched == 0
              ? StrCat("matches none of the ", node.one_of.size(), " alternatives (oneOf)")
              : std::string("matches more than one alternative (oneOf needs exactly one)"));
    }
    return NotAndConditionals(node, instance, collect, report) && ok;
  }

  bool NotAndConditionals(const Node& node, const value& instance, Evaluated* collect,
                          bool report) {
    bool ok = true;
    if (node.not_schema != nullptr) {
      ICOPILOT_CHECK(!Eval(*node.not_schema, instance, nullptr, false), "not",
                     "matches a schema it must not (not)");
    }
    if (node.if_schema != nullptr) {
      if (InPlace(*node.if_schema, instance, collect, false)) {
        if (node.then_schema != nullptr && !InPlace(*node.then_schema, instance, collect, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      } else if (node.else_schema != nullptr &&
                 !InPlace(*node.else_schema, instance, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    return ok;
  }

  bool ArrayKeywords(const Node& node, const boost::json::array& array, Evaluated* collect,
                     bool report) {
    bool ok = true;
    const std::size_t size = array.size();
    if (node.min_items)
      ICOPILOT_CHECK(size >= *node.min_items, "minItems",
                     StrCat("has ", size, " items, fewer than ", *node.min_items));
    if (node.max_items)
      ICOPILOT_CHECK(size <= *node.max_items, "maxItems",
                     StrCat("has ", size, " items, more than ", *node.max_items));
    if (node.unique_items && size > 1) {
      absl::flat_hash_map<std::size_t, std::vector<std::size_t>> seen;
      bool unique = true;
      std::size_t first = 0, second = 0;
      for (std::size_t i = 0; i < size && unique; ++i) {
        auto& bucket = seen[JsonHash(array[i])];
        for (std::size_t j : bucket) {
          if (JsonEqual(array[j], array[i])) {
            unique = false;
            first = j;
            second = i;
            break;
          }
        }
        bucket.push_back(i);
      }
      ICOPILOT_CHECK(unique, "uniqueItems",
                     StrCat("items ", first, " and ", second, " are equal; items must be unique"));
    }
    const std::size_t prefix = std::min(node.prefix_items.size(), size);
    for (std::size_t i = 0; i < prefix; ++i) {
      if (collect) collect->MarkItem(i, size);
      if (!Child(*node.prefix_items[i], array[i], {{}, i, true}, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    if (node.items != nullptr) {
      for (std::size_t i = prefix; i < size; ++i) {
        if (collect) collect->MarkItem(i, size);
        if (!Child(*node.items, array[i], {{}, i, true}, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      }
    }
    if (node.contains != nullptr) {
      std::uint64_t matches = 0;
      for (std::size_t i = 0; i < size; ++i) {
        if (Child(*node.contains, array[i], {{}, i, true}, false)) {
          ++matches;
          if (collect) collect->MarkItem(i, size);
        }
      }
      std::uint64_t at_least = node.min_contains.value_or(1);
      ICOPILOT_CHECK(matches >= at_least, "contains",
                     at_least == 1 ? std::string("has no item that matches 'contains'")
                                   : StrCat("has ", matches,
                                            " items that match 'contains', fewer than ", at_least));
      if (node.max_contains) {
        ICOPILOT_CHECK(matches <= *node.max_contains, "maxContains",
                       StrCat("has ", matches, " items that match 'contains', more than ",
                              *node.max_contains));
      }
    }
    return ok;
  }

  bool IsReadOnly(const Node* n) const {
    return n->read_only || (n->ref != nullptr && n->ref->read_only);
  }
  bool IsWriteOnly(const Node* n) const {
    return n->write_only || (n->ref != nullptr && n->ref->write_only);
  }

  bool ObjectKeywords(const Node& node, const value& instance, const boost::json::object& object,
                      Evaluated* collect, bool report) {
    bool ok = true;
    const std::size_t size = object.size();
    if (node.min_properties)
      ICOPILOT_CHECK(size >= *node.min_properties, "minProperties",
                     StrCat("has ", size, " properties, fewer than ", *node.min_properties));
    if (node.max_properties)
      ICOPILOT_CHECK(size <= *node.max_properties, "maxProperties",
                     StrCat("has ", size, " properties, more than ", *node.max_properties));
    for (const std::string& name : node.required) {
      if (object.contains(name)) continue;
      if (options_.direction != Direction::kAny) {
        auto it = node.property_index.find(name);
        if (it != node.property_index.end()) {
          if (options_.direction == Direction::kRequest && IsReadOnly(it->second)) continue;
          if (options_.direction == Direction::kResponse && IsWriteOnly(it->second)) continue;
        }
      }
      ICOPILOT_CHECK(false, "required", StrCat("'", name, "' is required"));
    }
    for (const auto& [name, needed] : node.dependent_required) {
      if (!object.contains(name)) continue;
      for (const std::string& other : needed) {
        ICOPILOT_CHECK(object.contains(other), "dependentRequired",
                       StrCat("'", other, "' is required when '", name, "' is present"));
      }
    }
    for (const auto& [name, dependent] : node.dependent_schemas) {
      if (!object.contains(name)) continue;
      if (!InPlace(*dependent, instance, collect, report)) {
        ok = false;
        if (Short(report)) return false;
      }
    }
    const bool checks_members = !node.properties.empty() || !node.pattern_properties.empty() ||
                                node.additional_properties != nullptr ||
                                node.property_names != nullptr;
    if (!checks_members) return ok;
    for (const auto& member : object) {
      std::string_view key = Str(member.key());
      bool matched = false;
      if (auto it = node.property_index.find(key); it != node.property_index.end()) {
        matched = true;
        if (collect) collect->properties.insert(key);
        if (options_.direction == Direction::kRequest && IsReadOnly(it->second) && report) {
          path_.push_back({key});
          Report(*it->second, "readOnly", "is read-only and should not be sent in a request", true);
          path_.pop_back();
        }
        if (!Child(*it->second, member.value(), {key}, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      }
      for (const auto& [pattern, schema] : node.pattern_properties) {
        if (!pattern.regex || !EcmaSearch(*pattern.regex, key)) continue;
        matched = true;
        if (collect) collect->properties.insert(key);
        if (!Child(*schema, member.value(), {key}, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      }
      if (!matched && node.additional_properties != nullptr) {
        if (collect) collect->properties.insert(key);
        if (node.additional_properties->is_boolean && !node.additional_properties->boolean_value) {
          path_.push_back({key});
          if (report)
            Report(node, "additionalProperties",
                   "is not a known property, and no others are allowed");
          path_.pop_back();
          ok = false;
          if (Short(report)) return false;
        } else if (!Child(*node.additional_properties, member.value(), {key}, report)) {
          ok = false;
          if (Short(report)) return false;
        }
      }
      if (node.property_names != nullptr) {
        boost::json::value name(key, object.storage());
        path_.push_back({key});
        bool valid_name = Eval(*node.property_names, name, nullptr, false);
        if (!valid_name && report) Report(node, "propertyNames", "is not an allowed property name");
        path_.pop_back();
        if (!valid_name) {
          ok = false;
          if (Short(report)) return false;
        }
      }
    }
    return ok;
  }

  bool Unevaluated(const Node& node, const value& instance, Evaluated& mine, bool report) {
    bool ok = true;
    if (node.unevaluated_properties != nullptr) {
      if (const auto* object = instance.if_object()) {
        for (const auto& member : *object) {
          std::string_view key = Str(member.key());
          if (mine.properties.contains(key)) continue;
          if (!Child(*node.unevaluated_properties, member.value(), {key}, false)) {
            path_.push_back({key});
            if (report)
              Report(node, "unevaluatedProperties", "is not a property the schema allows here");
            path_.pop_back();
            ok = false;
            if (Short(report)) return false;
          }
          mine.properties.insert(key);
        }
      }
    }
    if (node.unevaluated_items != nullptr) {
      if (const auto* array = instance.if_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
          if (i < mine.items.size() && mine.items[i]) continue;
          if (!Child(*node.unevaluated_items, (*array)[i], {{}, i, true}, report)) {
            ok = false;
            if (Short(report)) return false;
          }
          mine.MarkItem(i, array->size());
        }
      }
    }
    return ok;
  }

#undef ICOPILOT_CHECK

  const CompiledSchema& schema_;
  const ValidateOptions& options_;
  ValidationResult& result_;
  std::vector<PathToken> path_;
  std::vector<const Resource*> scope_;
  int depth_ = 0;
};

}  // namespace

bool NodeAccepts(const CompiledSchema& schema, const Node& node, const boost::json::value& instance,
                 Direction direction, bool strict_one_of) {
  ValidationResult unused;
  ValidateOptions options{
      .direction = direction, .all_errors = false, .strict_one_of = strict_one_of};
  Evaluation evaluation(schema, options, unused);
  return evaluation.Accepts(node, instance);
}

ValidationResult Schema::Validate(const boost::json::value& instance,
                                  const ValidateOptions& options) const {
  ValidationResult result;
  Evaluation evaluation(*compiled_, options, result);
  result.valid = evaluation.Run(instance);
  return result;
}

}  // namespace icopilot::schema
