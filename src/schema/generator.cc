// GenerateValid: gathers the constraints that apply at a place (the node, its `$ref`,
// its `allOf` branches, one chosen `anyOf`/`oneOf` branch), picks a type they share,
// and builds a value that honours them, preferring the schema's own examples, defaults
// and enums. Every result is checked against the schema; a choice that fails is retried
// with the next branch and another seed before giving up with the reason.
#include "schema/generator.h"

#include <cmath>
#include <limits>
#include <random>

#include <re2/re2.h>

#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/ecma_regex.h"
#include "schema/realistic_values.h"
#include "schema/regex_sampler.h"

namespace icopilot::schema {
namespace {

using boost::json::value;

constexpr int kMaxDepth = 40;
constexpr int kAttempts = 8;
constexpr int kVariants = 6;
constexpr std::uint64_t kMaxStringLength = 1 << 20;

class ValueGenerator {
 public:
  ValueGenerator(const CompiledSchema& schema, const GenerateOptions& options, int attempt,
                 bool strict_one_of)
      : schema_(schema),
        options_(options),
        attempt_(attempt),
        strict_one_of_(strict_one_of),
        rng_(options.seed * 1000003 + static_cast<std::uint64_t>(attempt)) {}

  std::optional<value> Generate(const Node& node, std::string_view name, int depth) {
    return FromSchemas(node, {&node}, name, depth);
  }

  // Tries the branch choices of `anyOf`/`oneOf` in turn (a few), so one branch that
  // contradicts a sibling `allOf` part does not sink the whole value.
  std::optional<value> FromSchemas(const Node& node, const std::vector<const Node*>& schemas,
                                   std::string_view name, int depth) {
    std::string first_error;
    for (int variant = 0; variant < kVariants; ++variant) {
      std::vector<const Node*> parts;
      int combinators = 0;
      bool gathered = true;
      for (const Node* schema : schemas)
        gathered = gathered && Gather(schema, parts, 0, variant, combinators);
      if (gathered) {
        auto made = FromParts(node, parts, name, depth);
        bool ok = made.has_value();
        for (const Node* schema : schemas) ok = ok && Accepts(*schema, *made);
        if (ok) {
          error_.clear();
          return made;
        }
      }
      if (first_error.empty()) first_error = error_;
      error_.clear();
      if (combinators == 0) break;  // no other choice to try
    }
    error_ = first_error;
    return std::nullopt;
  }

  const std::string& error() const { return error_; }
  bool verified() const { return verified_; }

 private:
  void Fail(const Node& node, std::string why) {
    if (error_.empty()) error_ = StrCat("unsatisfiable at '", node.location, "': ", why);
  }

  // The constraints that apply in place: the node, `$ref` targets, `allOf` branches and
  // one branch of each `anyOf`/`oneOf` (which one depends on the attempt).
  bool Gather(const Node* node, std::vector<const Node*>& parts, int depth, int variant,
              int& combinators) {
    if (depth > kMaxDepth) {
      Fail(*node, "references that never reach a schema");
      return false;
    }
    if (node->is_boolean && !node->boolean_value) {
      Fail(*node, "the schema is `false`: no value is allowed");
      return false;
    }
    parts.push_back(node);
    auto more = [&](const Node* next) {
      return Gather(next, parts, depth + 1, variant, combinators);
    };
    if (node->ref != nullptr && !more(node->ref)) return false;
    if (node->dynamic_ref != nullptr && !more(node->dynamic_ref)) return false;
    for (const Node* branch : node->all_of) {
      if (!more(branch)) return false;
    }
    for (const auto* choices : {&node->any_of, &node->one_of}) {
      if (choices->empty()) continue;
      // The first combinator varies fastest across variants, later ones with the attempt.
      std::size_t pick = static_cast<std::size_t>(
          attempt_ + (combinators == 0 ? variant : variant / 2 + combinators));
      ++combinators;
      if (!more((*choices)[pick % choices->size()])) return false;
    }
    if (node->if_schema != nullptr && node->then_schema != nullptr && attempt_ % 2 == 0) {
      // Aim for the `then` side: satisfy `if` and `then` together.
      if (!more(node->if_schema) || !more(node->then_schema)) return false;
    }
    return true;
  }

  bool Accepts(const Node& node, const value& v) const {
    return NodeAccepts(schema_, node, v, options_.direction, strict_one_of_);
  }

  std::optional<value> FromParts(const Node& node, const std::vector<const Node*>& parts,
                                 std::string_view name, int depth) {
    if (--budget_ < 0) {
      Fail(node, "too many combinations to try (the generator gives up after 20,000 steps)");
      return std::nullopt;
    }
    if (depth > kMaxDepth) {
      Fail(node, "required properties that recurse without end");
      return std::nullopt;
    }
    // The schema's own values first.
    std::vector<const value*> candidates;
    for (const Node* part : parts) {
      if (part->const_value != nullptr) candidates.push_back(part->const_value);
    }
    if (options_.prefer_examples) {
      for (const Node* part : parts) {
        if (part->example != nullptr) candidates.push_back(part->example);
        if (part->examples != nullptr && !part->examples->empty())
          candidates.push_back(&part->examples->front());
        if (part->default_value != nullptr) candidates.push_back(part->default_value);
      }
    }
    for (const Node* part : parts) {
      if (part->enum_values == nullptr) continue;
      for (const value& allowed : *part->enum_values) candidates.push_back(&allowed);
      break;
    }
    for (const value* candidate : candidates) {
      if (Accepts(node, *candidate)) return value(*candidate, boost::json::storage_ptr());
    }
    for (const Node* part : parts) {
      if (part->const_value != nullptr ||
          (part->enum_values != nullptr && !part->enum_values->empty())) {
        Fail(node, "none of the allowed values (const/enum) satisfies every constraint");
        return std::nullopt;
      }
      if (part->enum_values != nullptr) {
        Fail(*part, "enum is empty");
        return std::nullopt;
      }
    }

    std::uint8_t types = 0x7f;
    bool constrained = false;
    bool nullable = true;
    for (const Node* part : parts) {
      if (part->types != 0) {
        types &= part->types;
        constrained = true;
        if (!(part->types & kNull) && !part->nullable) nullable = false;
      }
    }
    if (constrained && (types & 0x7f) == 0) {
      Fail(node, "the types its parts allow have nothing in common");
      return std::nullopt;
    }
    if (constrained && nullable) types |= kNull;
    if (!constrained) types = Infer(parts);
    if (types & kObject) return Object(node, parts, depth);
    if (types & kArray) return Array(node, parts, name, depth);
    if (types & kString) return String(node, parts, name);
    if (types & kInteger) return Number(node, parts, name, true);
    if (types & kNumber) return Number(node, parts, name, false);
    if (types & kBoolean) return value(rng_() % 2 == 0);
    return value(nullptr);
  }

  static std::uint8_t Infer(const std::vector<const Node*>& parts) {
    for (const Node* p : parts) {
      if (!p->properties.empty() || !p->required.empty() || p->additional_properties ||
          p->min_properties || !p->pattern_properties.empty()) {
        return kObject;
      }
      if (p->items || !p->prefix_items.empty() || p->min_items || p->contains) return kArray;
      if (p->min_length || p->max_length || p->pattern) return kString;
      if (p->minimum || p->maximum || p->exclusive_minimum || p->exclusive_maximum ||
          p->multiple_of)
        return kNumber;
      if (p->format == Format::kInt32 || p->format == Format::kInt64) return kInteger;
      if (p->format != Format::kNone && p->format != Format::kUnknown) return kString;
    }
    return kString;
  }

  bool Excluded(const Node* n) const {
    bool read_only = n->read_only || (n->ref != nullptr && n->ref->read_only);
    bool write_only = n->write_only || (n->ref != nullptr && n->ref->write_only);
    return (options_.direction == Direction::kRequest && read_only) ||
           (options_.direction == Direction::kResponse && write_only);
  }

  // An optional property whose schema is an object being made further up: leaving it
  // out keeps recursive schemas from nesting (a Pet's optional `parent` is not made).
  bool Recursive(const Node* property) const {
    const Node* target = property->ref != nullptr ? property->ref : property;
    return std::find(active_.begin(), active_.end(), target) != active_.end();
  }

  std::optional<value> Object(const Node& node, const std::vector<const Node*>& parts, int depth) {
    active_.insert(active_.end(), parts.begin(), parts.end());
    auto made = ObjectOf(node, parts, depth);
    active_.resize(active_.size() - parts.size());
    return made;
  }

  // The discriminator values the chosen schemas imply: a mapping entry whose schema is
  // among the parts, or else the component name of a part (OpenAPI's implicit mapping,
  // as in `Cat: allOf: [Pet, ...]` where Pet names the property).
  static std::vector<std::pair<std::string, std::string>> DiscriminatorValues(
      const std::vector<const Node*>& parts) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Node* part : parts) {
      if (part->discriminator.empty()) continue;
      std::string key;
      for (const auto& [name, target] : part->discriminator_mapping) {
        if (std::find(parts.begin(), parts.end(), target) != parts.end()) {
          key = name;
          break;
        }
      }
      for (const Node* other : parts) {
        if (!key.empty()) break;
        if (other == part) continue;
        for (std::string_view prefix : {"/components/schemas/", "/definitions/"}) {
          std::string_view location = other->location;
          if (location.starts_with(prefix) &&
              location.find('/', prefix.size()) == std::string_view::npos) {
            key = std::string(location.substr(prefix.size()));
            break;
          }
        }
      }
      if (!key.empty()) out.emplace_back(part->discriminator, key);
    }
    return out;
  }

  std::optional<value> ObjectOf(const Node& node, const std::vector<const Node*>& parts,
                                int depth) {
    auto made = PlainObject(node, parts, depth);
    if (!made) return made;
    for (const auto& [property, key] : DiscriminatorValues(parts)) {
      value named = *made;
      named.as_object()[property] = key;
      bool fits = std::all_of(parts.begin(), parts.end(),
                              [&](const Node* part) { return Accepts(*part, named); });
      if (fits) made = std::move(named);
    }
    return made;
  }

  std::optional<value> PlainObject(const Node& node, const std::vector<const Node*>& parts,
                                   int depth) {
    boost::json::object out;
    std::vector<std::string> names;
    StringMap<std::vector<const Node*>> schemas;
    for (const Node* part : parts) {
      for (const auto& [name, child] : part->properties) {
        if (!schemas.contains(name)) names.push_back(name);
        schemas[name].push_back(child);
      }
    }
    std::vector<std::string> required;
    for (const Node* part : parts) {
      for (const std::string& name : part->required) {
        if (std::find(required.begin(), required.end(), name) == required.end())
          required.push_back(name);
      }
    }
    const Node* additional = nullptr;
    for (const Node* part : parts) {
      if (part->additional_properties != nullptr) additional = part->additional_properties;
    }
    auto add = [&](const std::string& name, const std::vector<const Node*>& list) -> bool {
      auto child = FromSchemas(*list.front(), list, name, depth + 1);
      if (!child) return false;
      out[name] = std::move(*child);
      return true;
    };
    // A part with `additionalProperties: false` admits only the names it declares.
    auto admitted = [&](const std::string& name) {
      for (const Node* part : parts) {
        const Node* extra = part->additional_properties;
        if (extra == nullptr || !extra->is_boolean || extra->boolean_value) continue;
        if (part->property_index.contains(name)) continue;
        bool by_pattern =
            std::any_of(part->pattern_properties.begin(), part->pattern_properties.end(),
                        [&](const auto& entry) {
                          return entry.first.regex && EcmaSearch(*entry.first.regex, name);
                        });
        if (!by_pattern) return false;
      }
      return true;
    };
    std::uint64_t max_properties = std::numeric_limits<std::uint64_t>::max();
    for (const Node* part : parts)
      max_properties = std::min(max_properties, part->max_properties.value_or(max_properties));
    // Required names first, so a maxProperties bound leaves out only optional ones.
    std::stable_partition(names.begin(), names.end(), [&](const std::string& name) {
      return std::find(required.begin(), required.end(), name) != required.end();
    });
    for (const std::string& name : names) {
      const auto& list = schemas[name];
      bool is_required = std::find(required.begin(), required.end(), name) != required.end();
      bool excluded =
          std::any_of(list.begin(), list.end(), [&](const Node* n) { return Excluded(n); });
      if (excluded) continue;
      if (!is_required && (depth >= options_.optional_depth || !admitted(name) ||
                           out.size() >= max_properties || Recursive(list.front()))) {
        continue;
      }
      bool is_false = std::any_of(list.begin(), list.end(),
                                  [](const Node* n) { return n->is_boolean && !n->boolean_value; });
      if (is_false) {
        if (is_required) {
          Fail(node, StrCat("'", name, "' is required but its schema is `false`"));
          return std::nullopt;
        }
        continue;
      }
      if (!add(name, list)) {
        if (is_required) return std::nullopt;
        error_.clear();  // an optional property that cannot be made is left out
      }
    }
    for (const std::string& name : required) {
      if (out.contains(name)) continue;
      if (schemas.contains(name)) continue;  // excluded by direction
      if (additional != nullptr && additional->is_boolean && !additional->boolean_value) {
        bool pattern_match = false;
        for (const Node* part : parts) {
          for (const auto& [pattern, schema] : part->pattern_properties) {
            if (pattern.regex && EcmaSearch(*pattern.regex, name)) {
              pattern_match = true;
              if (!add(name, {schema})) return std::nullopt;
              break;
            }
          }
        }
        if (!pattern_match) {
          Fail(node, StrCat("'", name, "' is required but additional properties are not allowed"));
          return std::nullopt;
        }
        continue;
      }
      if (additional != nullptr) {
        if (!add(name, {additional})) return std::nullopt;
      } else {
        out[name] = StringForName(name, rng_);
      }
    }
    for (const Node* part : parts) {
      for (const auto& [name, needed] : part->dependent_required) {
        if (!out.contains(name)) continue;
        for (const std::string& other : needed) {
          if (!out.contains(other)) out[other] = StringForName(other, rng_);
        }
      }
    }
    std::uint64_t min_properties = 0;
    for (const Node* part : parts)
      min_properties = std::max(min_properties, part->min_properties.value_or(0));
    for (int i = 1; out.size() < min_properties && i < 1000; ++i) {
      std::string name = StrCat("extra_", i);
      if (out.contains(name)) continue;
      if (additional != nullptr && additional->is_boolean && !additional->boolean_value) {
        Fail(node,
             StrCat("needs ", min_properties, " properties but allows only the ones it names"));
        return std::nullopt;
      }
      if (additional != nullptr) {
        if (!add(name, {additional})) return std::nullopt;
      } else {
        out[name] = StringForName(name, rng_);
      }
    }
    return value(std::move(out));
  }

  std::optional<value> Array(const Node& node, const std::vector<const Node*>& parts,
                             std::string_view name, int depth) {
    std::uint64_t min_items = 0, max_items = std::numeric_limits<std::uint64_t>::max();
    const Node* items = nullptr;
    const std::vector<const Node*>* prefix = nullptr;
    const Node* contains = nullptr;
    std::uint64_t min_contains = 1;
    bool unique = false;
    for (const Node* p : parts) {
      min_items = std::max(min_items, p->min_items.value_or(0));
      max_items = std::min(max_items, p->max_items.value_or(max_items));
      if (p->items != nullptr && items == nullptr) items = p->items;
      if (!p->prefix_items.empty() && prefix == nullptr) prefix = &p->prefix_items;
      if (p->contains != nullptr && contains == nullptr) {
        contains = p->contains;
        min_contains = p->min_contains.value_or(1);
      }
      unique = unique || p->unique_items;
    }
    if (min_items > max_items) {
      Fail(node, StrCat("minItems ", min_items, " is more than maxItems ", max_items));
      return std::nullopt;
    }
    std::uint64_t count = std::max<std::uint64_t>(min_items, std::min<std::uint64_t>(max_items, 1));
    if (contains != nullptr) count = std::max(count, min_contains);
    if (prefix != nullptr)
      count = std::max<std::uint64_t>(count, std::min<std::uint64_t>(prefix->size(), max_items));
    if (count > 10000) {
      Fail(node, StrCat("needs ", count, " items, more than the generator makes"));
      return std::nullopt;
    }
    boost::json::array out;
    std::string item_name = std::string(name);
    if (item_name.ends_with("s")) item_name.pop_back();
    for (std::uint64_t i = 0; i < count; ++i) {
      const Node* schema = nullptr;
      if (prefix != nullptr && i < prefix->size())
        schema = (*prefix)[i];
      else if (contains != nullptr && i < (prefix ? prefix->size() : 0) + min_contains)
        schema = contains;
      else
        schema = items;
      std::optional<value> item;
      for (int tries = 0; tries < 5 && !item; ++tries) {
        if (schema == nullptr) {
          item = value(StringForName(item_name, rng_));
        } else {
          item = Generate(*schema, item_name, depth + 1);
          if (!item) return std::nullopt;
          if (items != nullptr && schema != items && !Accepts(*items, *item)) item.reset();
        }
        if (item && unique) {
          for (const value& earlier : out) {
            if (earlier == *item) {
              item.reset();
              break;
            }
          }
        }
      }
      if (!item) {
        Fail(node, "cannot make enough distinct items");
        return std::nullopt;
      }
      out.push_back(std::move(*item));
    }
    return value(std::move(out));
  }

  std::optional<value> String(const Node& node, const std::vector<const Node*>& parts,
                              std::string_view name) {
    std::uint64_t min_length = 0, max_length = std::numeric_limits<std::uint64_t>::max();
    const Pattern* pattern = nullptr;
    Format format = Format::kNone;
    for (const Node* p : parts) {
      min_length = std::max(min_length, p->min_length.value_or(0));
      max_length = std::min(max_length, p->max_length.value_or(max_length));
      if (p->pattern && pattern == nullptr) pattern = &*p->pattern;
      if (p->format != Format::kNone && p->format != Format::kUnknown && format == Format::kNone)
        format = p->format;
    }
    if (min_length > max_length) {
      Fail(node, StrCat("minLength ", min_length, " is more than maxLength ", max_length));
      return std::nullopt;
    }
    auto length = [](const std::string& s) {
      std::uint64_t n = 0;
      for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      return n;
    };
    auto fits = [&](const std::string& s) {
      return length(s) >= min_length && length(s) <= max_length;
    };
    if (pattern != nullptr) {
      if (!pattern->regex) verified_ = false;
      // Open repetitions grow with `extra`: small ones first, then ones aimed at the
      // length bounds (a `^[0-9a-f]+$` with minLength 32 needs 31 more).
      std::vector<int> extras;
      for (int e = 0; e <= 16; ++e) extras.push_back(e);
      for (std::uint64_t bound : {min_length, max_length}) {
        if (bound == 0 || bound > 4096) continue;
        for (int delta = -2; delta <= 1; ++delta) extras.push_back(static_cast<int>(bound) + delta);
      }
      for (int extra : extras) {
        if (extra < 0) continue;
        auto sample = SampleRegex(pattern->source, rng_, extra);
        if (!sample) break;
        if (!fits(*sample)) continue;
        if (pattern->regex && !EcmaSearch(*pattern->regex, *sample)) continue;
        return value(*sample);
      }
      if (pattern->regex) {
        Fail(node, StrCat("cannot make a string that matches the pattern ", pattern->source,
                          min_length > 0 || max_length != std::numeric_limits<std::uint64_t>::max()
                              ? " within its length bounds"
                              : ""));
        return std::nullopt;
      }
    }
    std::string text;
    if (auto by_format = StringForFormat(format, name, rng_))
      text = *by_format;
    else
      text = StringForName(name, rng_);
    if (format == Format::kDateTime && !fits(text) && text.ends_with("Z")) {
      // Length bounds on timestamps are common ("minLength": 25): longer spellings of
      // the same instant.
      std::string base = text.substr(0, text.size() - 1);
      for (std::string_view tail : {".000Z", "+00:00", ".000+00:00", ".000000+00:00"}) {
        if (fits(base + std::string(tail))) return value(base + std::string(tail));
      }
    }
    if (format != Format::kNone && fits(text)) return value(text);
    if (min_length > kMaxStringLength) {
      Fail(node, StrCat("minLength ", min_length, " is more than the generator makes (",
                        kMaxStringLength, ")"));
      return std::nullopt;
    }
    while (length(text) < min_length) text += text.empty() ? "x" : text;
    if (length(text) > max_length) {
      std::string cut;
      std::uint64_t n = 0;
      for (char c : text) {
        bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts && n == max_length) break;
        n += starts;
        cut += c;
      }
      text = cut;
    }
    return value(text);
  }

  std::optional<value> Number(const Node& node, const std::vector<const Node*>& parts,
                              std::string_view name, bool integer) {
    double low = -std::numeric_limits<double>::infinity(),
           high = std::numeric_limits<double>::infinity();
    bool low_open = false, high_open = false;
    const value* multiple = nullptr;
    Format format = Format::kNone;
    for (const Node* p : parts) {
      if (p->minimum && *p->minimum >= low) {
        low_open = low_open && *p->minimum == low;
        low = *p->minimum;
      }
      if (p->exclusive_minimum && *p->exclusive_minimum >= low) {
        low = *p->exclusive_minimum;
        low_open = true;
      }
      if (p->maximum && *p->maximum <= high) {
        high_open = high_open && *p->maximum == high;
        high = *p->maximum;
      }
      if (p->exclusive_maximum && *p->exclusive_maximum <= high) {
        high = *p->exclusive_maximum;
        high_open = true;
      }
      if (p->multiple_of != nullptr) multiple = p->multiple_of;
      if (p->format == Format::kInt32 || p->format == Format::kInt64) {
        integer = true;
        format = p->format;
      }
    }
    if (format == Format::kInt32) {
      low = std::max(low, -2147483648.0);
      high = std::min(high, 2147483647.0);
    }
    if (low > high || (low == high && (low_open || high_open))) {
      Fail(node, StrCat("no number lies between the minimum ", low, " and the maximum ", high));
      return std::nullopt;
    }
    double step = multiple != nullptr ? multiple->to_number<double>() : (integer ? 1.0 : 0.0);
    if (integer && multiple != nullptr && std::trunc(step) != step) step = 0;  // checked below
    double preferred = NumberForName(name, integer, rng_)
                           .value_or(integer ? 1 + static_cast<double>(rng_() % 100)
                                             : (1 + rng_() % 10000) / 100.0);
    auto inside = [&](double x) {
      return (low_open ? x > low : x >= low) && (high_open ? x < high : x <= high);
    };
    std::vector<double> tries = {preferred};
    if (std::isfinite(low)) tries.push_back(low_open ? low + (integer ? 1 : 0.5) : low);
    if (std::isfinite(high)) tries.push_back(high_open ? high - (integer ? 1 : 0.5) : high);
    if (std::isfinite(low) && std::isfinite(high)) tries.push_back(low + (high - low) / 2);
    for (double x : tries) {
      if (step > 0) {
        double k = std::ceil((low_open || !std::isfinite(low) ? x : std::max(x, low)) / step);
        x = k * step;
        if (!inside(x)) x = (k + 1) * step;
        if (!inside(x)) x = std::floor(high / step) * step;
      } else if (integer) {
        x = std::round(x);
        if (!inside(x)) x = std::ceil(low_open ? std::nextafter(low, high) : low);
      }
      if (!inside(x)) continue;
      return integer && std::abs(x) < 9e15 ? value(static_cast<std::int64_t>(x)) : value(x);
    }
    Fail(node,
         StrCat(
             "no ", integer ? "integer" : "number", " satisfies its bounds",
             multiple != nullptr ? StrCat(" and multipleOf ", multiple->to_number<double>()) : ""));
    return std::nullopt;
  }

  const CompiledSchema& schema_;
  const GenerateOptions& options_;
  int attempt_;
  const bool strict_one_of_;
  std::mt19937_64 rng_;
  std::string error_;
  bool verified_ = true;
  // Bounds the work of one attempt: branch retries nest, so failures deep down could
  // otherwise multiply.
  int budget_ = 20000;
  std::vector<const Node*> active_;  // the parts of the objects being made, outermost first
};

}  // namespace

absl::StatusOr<Generated> GenerateValid(const Schema& schema, const GenerateOptions& options) {
  return GenerateValidAt(schema, *schema.compiled().root, options);
}

absl::StatusOr<Generated> GenerateValidAt(const Schema& schema, const Node& node,
                                          const GenerateOptions& options) {
  const CompiledSchema& compiled = schema.compiled();
  std::string first_error;
  // Strictly first; a value that fits several branches of an overlapping `oneOf` only when
  // none fits exactly one.
  for (int attempt = 0; attempt < 2 * kAttempts; ++attempt) {
    const bool strict = attempt < kAttempts;
    ValueGenerator generator(compiled, options, attempt % kAttempts, strict);
    auto made = generator.Generate(node, "", 0);
    if (made && NodeAccepts(compiled, node, *made, options.direction, strict)) {
      return Generated{std::move(*made), generator.verified(), !strict};
    }
    if (!strict) continue;
    if (first_error.empty()) {
      if (!generator.error().empty()) {
        first_error = generator.error();
      } else if (made && &node == compiled.root) {
        ValidationResult result =
            schema.Validate(*made, {.direction = options.direction, .all_errors = false});
        if (!result.errors.empty())
          first_error = StrCat("no valid instance found; the closest: ", result.errors[0].message);
      }
    }
    if (node.is_boolean) break;
  }
  return absl::InvalidArgumentError(first_error.empty() ? "no valid instance found" : first_error);
}

}  // namespace icopilot::schema
