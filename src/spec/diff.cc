#include "spec/diff.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <boost/json/serialize.hpp>

#include "core/json_pointer.h"
#include "core/strings.h"

namespace icopilot::spec {
namespace {

constexpr int kMaxSchemaDepth = 32;

std::string Key(const Operation& op) { return StrCat(MethodToken(op.method), " ", op.path); }

// A schema and the file it is written in: a $ref inside a referenced file is relative to
// that file, not to the root.
struct Located {
  const boost::json::value* value = nullptr;
  const SourceDocument* document = nullptr;
};

// One side of the comparison: the loaded spec, for resolving schema $refs.
struct Side {
  const LoadedSpec& loaded;
  std::string name;  // "old" or "new"

  Located ResolveSchema(Located schema, int hops = 0) const {
    if (schema.document == nullptr) schema.document = &loaded.files->root();
    while (schema.value != nullptr && schema.value->is_object() && hops++ < 16) {
      const auto& object = schema.value->as_object();
      auto ref = object.find("$ref");
      if (ref == object.end() || !ref->value().is_string()) return schema;
      std::string_view target(ref->value().as_string());
      constexpr std::string_view kComponents = "#/components/schemas/";
      const auto& schemas = loaded.spec->schemas;
      const bool in_root = schema.document == &loaded.files->root();
      if (in_root && target.starts_with(kComponents) && schemas) {
        std::vector<std::string> tokens;
        SplitPointer(target.substr(kComponents.size() - 1), tokens);
        auto it = tokens.empty() ? schemas->end() : schemas->find(tokens[0]);
        if (it == schemas->end()) return {};
        schema.value = &it->value();
        continue;
      }
      auto resolved = loaded.files->Resolve(*schema.document, target);
      if (!resolved) return {};
      schema = {resolved->value, resolved->document};
    }
    return schema;
  }
};

class Differ {
 public:
  Differ(const LoadedSpec& old_spec, const LoadedSpec& new_spec)
      : old_{old_spec, "old"}, new_{new_spec, "new"} {}

  std::vector<Change> Run() {
    std::map<std::string, const Operation*> before, after;
    for (const auto& op : old_.loaded.spec->operations) before[Key(op)] = &op;
    for (const auto& op : new_.loaded.spec->operations) after[Key(op)] = &op;
    for (const auto& [key, op] : before) {
      auto it = after.find(key);
      if (it == after.end()) {
        Add("operation-removed", true, key, StrCat(key, " was removed"), old_, op->pointer);
        continue;
      }
      CompareOperation(key, *op, *it->second);
    }
    for (const auto& [key, op] : after) {
      if (!before.contains(key))
        Add("operation-added", false, key, StrCat(key, " was added"), new_, op->pointer);
    }
    Place(old_);
    Place(new_);
    std::stable_sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) {
      if (a.operation != b.operation) return a.operation < b.operation;
      return a.breaking > b.breaking;
    });
    return std::move(changes_);
  }

 private:
  void Add(std::string rule, bool breaking, const std::string& operation, std::string message,
           const Side& side, const std::string& pointer) {
    changes_.push_back({std::move(rule), breaking, operation, std::move(message), side.name,
                        side.loaded.files->root_file(), pointer, 0, 0});
  }

  void Place(const Side& side) {
    std::vector<Change*> here;
    std::vector<std::string> pointers;
    for (Change& change : changes_) {
      if (change.side != side.name) continue;
      here.push_back(&change);
      pointers.push_back(change.pointer);
    }
    auto positions = side.loaded.files->root().Locate(pointers);
    for (std::size_t i = 0; i < here.size() && i < positions.size(); ++i) {
      here[i]->line = positions[i].line;
      here[i]->column = positions[i].column;
    }
  }

  void CompareOperation(const std::string& key, const Operation& before, const Operation& after) {
    visited_.clear();  // recursion guard per operation: shared schemas are compared for each
    CompareParameters(key, before, after);
    CompareRequestBody(key, before, after);
    CompareResponses(key, before, after);
    CompareSecurity(key, before, after);
  }

  void CompareParameters(const std::string& key, const Operation& before, const Operation& after) {
    // Header names ignore case (RFC 9110 §5.1); other parameters' do not. The same name
    // first: some documents list a header twice in two cases.
    auto find = [](const Operation& op, const Parameter& p) -> const Parameter* {
      for (const auto& candidate : op.parameters)
        if (candidate.in == p.in && candidate.name == p.name) return &candidate;
      if (p.in != ParameterIn::kHeader) return nullptr;
      for (const auto& candidate : op.parameters)
        if (candidate.in == p.in && ToLower(candidate.name) == ToLower(p.name)) return &candidate;
      return nullptr;
    };
    for (const Parameter& p : after.parameters) {
      const Parameter* old_p = find(before, p);
      std::string label = StrCat(LocationName(p.in), " parameter '", p.name, "'");
      if (old_p == nullptr) {
        Add(p.required ? "required-parameter-added" : "optional-parameter-added", p.required, key,
            StrCat(p.required ? "new required " : "new optional ", label), new_, p.pointer);
        continue;
      }
      if (p.required && !old_p->required) {
        Add("parameter-became-required", true, key, StrCat(label, " is now required"), new_,
            p.pointer);
      }
      if (p.style != old_p->style || p.explode != old_p->explode) {
        Add("parameter-style-changed", true, key,
            StrCat(label, " is now serialized as style ", p.style, p.explode ? ", exploded" : "",
                   " (was ", old_p->style, old_p->explode ? ", exploded" : "", ")"),
            new_, p.pointer);
      }
      CompareSchema(key, label, {old_p->schema, nullptr}, {p.schema, nullptr}, true, p.pointer, 0);
    }
    for (const Parameter& p : before.parameters) {
      if (find(after, p) == nullptr) {
        Add("parameter-removed", false, key,
            StrCat(LocationName(p.in), " parameter '", p.name, "' was removed"), old_, p.pointer);
      }
    }
  }

  void CompareRequestBody(const std::string& key, const Operation& before, const Operation& after) {
    const std::string pointer = after.pointer + "/requestBody";
    if (!before.request_body && after.request_body) {
      if (after.request_body->required) {
        Add("request-body-added-required", true, key, "a required request body was added", new_,
            pointer);
      }
      return;
    }
    if (!before.request_body || !after.request_body) return;
    if (after.request_body->required && !before.request_body->required) {
      Add("request-body-became-required", true, key, "the request body is now required", new_,
          pointer);
    }
    for (const MediaType& media : before.request_body->content) {
      const MediaType* now = FindMedia(after.request_body->content, media.media_type);
      if (now == nullptr) {
        Add("request-media-type-removed", true, key,
            StrCat("request body ", media.media_type, " is no longer accepted"), old_,
            before.pointer + "/requestBody");
        continue;
      }
      CompareSchema(key, StrCat("request body (", media.media_type, ")"), {media.schema, nullptr},
                    {now->schema, nullptr}, true, pointer, 0);
    }
  }

  void CompareResponses(const std::string& key, const Operation& before, const Operation& after) {
    for (const Response& response : before.responses) {
      const Response* now = nullptr;
      for (const auto& candidate : after.responses) {
        if (candidate.status == response.status) now = &candidate;
      }
      const std::string old_pointer =
          before.pointer + "/responses/" + EscapePointerToken(response.status);
      if (now == nullptr) {
        Add("response-removed", true, key, StrCat("response ", response.status, " was removed"),
            old_, old_pointer);
        continue;
      }
      const std::string pointer =
          after.pointer + "/responses/" + EscapePointerToken(response.status);
      CompareResponseHeaders(key, response, *now, pointer);
      for (const MediaType& media : response.content) {
        const MediaType* now_media = FindMedia(now->content, media.media_type);
        if (now_media == nullptr) {
          Add("response-media-type-removed", true, key,
              StrCat("response ", response.status, " no longer returns ", media.media_type), old_,
              old_pointer);
          continue;
        }
        CompareSchema(key, StrCat("response ", response.status, " (", media.media_type, ")"),
                      {media.schema, nullptr}, {now_media->schema, nullptr}, false, pointer, 0);
      }
    }
    for (const Response& response : after.responses) {
      bool existed = std::any_of(before.responses.begin(), before.responses.end(),
                                 [&](const Response& r) { return r.status == response.status; });
      if (!existed) {
        Add("response-added", false, key, StrCat("response ", response.status, " was added"), new_,
            after.pointer + "/responses/" + EscapePointerToken(response.status));
      }
    }
  }

  // Clients may read a documented response header: one that is gone, or no longer always
  // sent, breaks them; its value is compared as a response's.
  void CompareResponseHeaders(const std::string& key, const Response& before, const Response& after,
                              const std::string& pointer) {
    for (const Header& header : before.headers) {
      const Header* now = nullptr;
      for (const auto& candidate : after.headers)
        if (ToLower(candidate.name) == ToLower(header.name)) now = &candidate;
      const std::string label = StrCat("response ", before.status, " header ", header.name);
      if (now == nullptr) {
        Add("response-header-removed", header.required, key, StrCat(label, " was removed"), new_,
            pointer);
        continue;
      }
      if (header.required && !now->required)
        Add("response-header-became-optional", true, key,
            StrCat(label, " is no longer always sent"), new_, pointer);
      CompareSchema(key, label, {header.schema, nullptr}, {now->schema, nullptr}, false, pointer,
                    0);
    }
  }

  // A client that satisfied some old alternative keeps working when some new
  // alternative needs no scheme it lacks (a subset of it). Otherwise it breaks.
  void CompareSecurity(const std::string& key, const Operation& before, const Operation& after) {
    using Alternatives = std::vector<std::set<std::string>>;
    auto alternatives = [](const Operation& op, const Spec& spec) {
      Alternatives out;
      for (const auto& requirement : op.security_declared ? op.security : spec.security) {
        std::set<std::string> names;
        for (const auto& [name, scopes] : requirement) names.insert(name);
        out.push_back(std::move(names));
      }
      if (out.empty()) out.emplace_back();  // no requirement: anyone may call
      return out;
    };
    Alternatives was = alternatives(before, *old_.loaded.spec);
    Alternatives now = alternatives(after, *new_.loaded.spec);
    auto still_served = [&](const std::set<std::string>& held) {
      return std::any_of(now.begin(), now.end(), [&](const std::set<std::string>& needed) {
        return std::includes(held.begin(), held.end(), needed.begin(), needed.end());
      });
    };
    for (const auto& held : was) {
      if (still_served(held)) continue;
      Add(held.empty() ? "security-added" : "security-changed", true, key,
          held.empty()
              ? "the operation now requires credentials"
              : StrCat("callers authenticated with ", Join(held), " are no longer accepted"),
          new_, after.pointer);
      return;
    }
    if (now != was)
      Add("security-relaxed", false, key, "more ways to authenticate are accepted", new_,
          after.pointer);
  }

  static std::string Join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : " + ") + name;
    return out;
  }

  static const MediaType* FindMedia(const std::vector<MediaType>& content,
                                    const std::string& type) {
    for (const auto& media : content) {
      if (media.media_type == type) return &media;
    }
    return nullptr;
  }

  static std::string TypeOf(const boost::json::value* schema) {
    if (schema == nullptr || !schema->is_object()) return "";
    auto type = schema->as_object().find("type");
    if (type == schema->as_object().end()) return "";
    return type->value().is_string() ? std::string(type->value().as_string())
                                     : boost::json::serialize(type->value());
  }

  // Walks both schemas in step. `request` says which way a change breaks clients.
  void CompareSchema(const std::string& key, const std::string& where, Located raw_before,
                     Located raw_after, bool request, const std::string& pointer, int depth) {
    if (depth > kMaxSchemaDepth) return;
    const Located before_at = old_.ResolveSchema(raw_before);
    const Located after_at = new_.ResolveSchema(raw_after);
    const boost::json::value* before = before_at.value;
    const boost::json::value* after = after_at.value;
    if (before == nullptr || after == nullptr || !before->is_object() || !after->is_object())
      return;
    if (!visited_.insert({before, after}).second) return;  // recursive schemas
    const std::string type_before = TypeOf(before), type_after = TypeOf(after);
    if (!type_before.empty() && !type_after.empty() && type_before != type_after) {
      Add("type-changed", true, key,
          StrCat(where, ": type changed from ", type_before, " to ", type_after), new_, pointer);
      return;
    }
    CompareEnums(key, where, *before, *after, pointer);
    CompareBounds(key, where, before->as_object(), after->as_object(), request, pointer);
    CompareBranches(key, where, before_at, after_at, request, pointer, depth);
    auto child = [](const Located& parent, const boost::json::value& value) {
      return Located{&value, parent.document};
    };
    const auto* props_before = before->as_object().if_contains("properties");
    const auto* props_after = after->as_object().if_contains("properties");
    std::set<std::string> required_before = RequiredOf(*before),
                          required_after = RequiredOf(*after);
    if (props_before && props_after && props_before->is_object() && props_after->is_object()) {
      for (const auto& member : props_before->as_object()) {
        std::string field = StrCat(where, ".", std::string_view(member.key()));
        const auto* now = props_after->as_object().if_contains(member.key());
        if (now == nullptr) {
          if (!request)
            Add("response-field-removed", true, key, StrCat(field, " was removed"), new_, pointer);
          continue;
        }
        CompareSchema(key, field, child(before_at, member.value()), child(after_at, *now), request,
                      pointer, depth + 1);
      }
    }
    if (request) {
      for (const auto& name : required_after) {
        if (!required_before.contains(name)) {
          Add("required-request-field-added", true, key,
              StrCat(where, ".", name, " is now required"), new_, pointer);
        }
      }
    }
    const auto* items_before = before->as_object().if_contains("items");
    const auto* items_after = after->as_object().if_contains("items");
    if (items_before && items_after)
      CompareSchema(key, where + "[]", child(before_at, *items_before),
                    child(after_at, *items_after), request, pointer, depth + 1);
  }

  // Bounds a request must now keep within (narrowed) break what clients send; bounds a
  // response may now reach (widened) break what clients accept.
  void CompareBounds(const std::string& key, const std::string& where,
                     const boost::json::object& before, const boost::json::object& after,
                     bool request, const std::string& pointer) {
    struct Bound {
      std::string_view keyword;
      bool lower;  // a lower bound: raising it narrows
    };
    static constexpr Bound kBounds[] = {{"minimum", true},       {"exclusiveMinimum", true},
                                        {"maximum", false},      {"exclusiveMaximum", false},
                                        {"minLength", true},     {"maxLength", false},
                                        {"minItems", true},      {"maxItems", false},
                                        {"minProperties", true}, {"maxProperties", false}};
    auto number = [](const boost::json::object& o, std::string_view k) -> std::optional<double> {
      const auto* v = o.if_contains(k);
      if (v == nullptr || !v->is_number()) return std::nullopt;  // OpenAPI 3.0's boolean flags too
      return v->to_number<double>();
    };
    for (const auto& bound : kBounds) {
      const auto was = number(before, bound.keyword), now = number(after, bound.keyword);
      if (was == now) continue;
      // Narrowed: a bound appears, or moves inwards; widened: it goes, or moves outwards.
      const bool narrowed = !was || (now && (bound.lower ? *now > *was : *now < *was));
      if (narrowed != request) continue;
      auto text = [](const boost::json::object& o, std::string_view k) {
        const auto* v = o.if_contains(k);
        return v != nullptr && v->is_number() ? boost::json::serialize(*v) : std::string("none");
      };
      Add(request ? "request-bounds-narrowed" : "response-bounds-widened", true, key,
          StrCat(where, ": ", bound.keyword, " ", text(before, bound.keyword), " → ",
                 text(after, bound.keyword)),
          new_, pointer);
    }
    const auto* pattern_before = before.if_contains("pattern");
    const auto* pattern_after = after.if_contains("pattern");
    if (request && pattern_after != nullptr &&
        (pattern_before == nullptr || *pattern_before != *pattern_after))
      Add("request-pattern-changed", true, key,
          StrCat(where, ": values must now match ", boost::json::serialize(*pattern_after)), new_,
          pointer);
  }

  // oneOf/anyOf: a request alternative taken away, or a response alternative added, breaks
  // clients; allOf: a part added to a request, or taken from a response, does. Branches
  // are told apart by what they are ($ref target or content); same-place branches that
  // both stay are compared in step.
  void CompareBranches(const std::string& key, const std::string& where, const Located& before,
                       const Located& after, bool request, const std::string& pointer, int depth) {
    for (std::string_view keyword : {"oneOf", "anyOf", "allOf"}) {
      const auto* was = before.value->as_object().if_contains(keyword);
      const auto* now = after.value->as_object().if_contains(keyword);
      const boost::json::array empty;
      const auto& was_list = was != nullptr && was->is_array() ? was->as_array() : empty;
      const auto& now_list = now != nullptr && now->is_array() ? now->as_array() : empty;
      if (was_list.empty() && now_list.empty()) continue;
      auto fingerprints = [](const boost::json::array& list) {
        std::vector<std::string> out;
        for (const auto& branch : list) out.push_back(boost::json::serialize(branch));
        return out;
      };
      const auto was_prints = fingerprints(was_list), now_prints = fingerprints(now_list);
      auto contains = [](const std::vector<std::string>& list, const std::string& one) {
        return std::find(list.begin(), list.end(), one) != list.end();
      };
      const bool all_of = keyword == "allOf";
      for (std::size_t i = 0; i < was_prints.size(); ++i) {
        const auto same = std::find(now_prints.begin(), now_prints.end(), was_prints[i]);
        // A branch that stays (or changed in place) is compared as one schema: what it
        // refers to may have changed.
        std::optional<std::size_t> pair;
        if (same != now_prints.end())
          pair = static_cast<std::size_t>(same - now_prints.begin());
        else if (was_prints.size() == now_prints.size() && !contains(was_prints, now_prints[i]))
          pair = i;
        if (pair) {
          CompareSchema(key, StrCat(where, " (", keyword, "[", i, "])"),
                        {&was_list[i], before.document}, {&now_list[*pair], after.document},
                        request, pointer, depth + 1);
          continue;
        }
        const bool breaks = all_of ? !request : request;
        Add(all_of ? (request ? "request-constraint-removed" : "response-allof-removed")
                   : (request ? "request-alternative-removed" : "response-alternative-removed"),
            breaks, key,
            StrCat(where, ": ", keyword, " branch ", was_prints[i].substr(0, 80), " was removed"),
            old_, pointer);
      }
      for (std::size_t i = 0; i < now_prints.size(); ++i) {
        if (contains(was_prints, now_prints[i])) continue;
        if (was_prints.size() == now_prints.size() && !contains(now_prints, was_prints[i]))
          continue;  // compared in place above
        const bool breaks = all_of ? request : !request;
        Add(all_of ? (request ? "request-constraint-added" : "response-allof-added")
                   : (request ? "request-alternative-added" : "response-alternative-added"),
            breaks, key,
            StrCat(where, ": ", keyword, " branch ", now_prints[i].substr(0, 80), " was added"),
            new_, pointer);
      }
    }
  }

  void CompareEnums(const std::string& key, const std::string& where,
                    const boost::json::value& before, const boost::json::value& after,
                    const std::string& pointer) {
    const auto* enum_before = before.as_object().if_contains("enum");
    const auto* enum_after = after.as_object().if_contains("enum");
    if (!enum_before || !enum_after || !enum_before->is_array() || !enum_after->is_array()) return;
    for (const auto& value : enum_before->as_array()) {
      const auto& now = enum_after->as_array();
      if (std::find(now.begin(), now.end(), value) == now.end()) {
        Add("enum-value-removed", true, key,
            StrCat(where, ": enum value ", boost::json::serialize(value), " was removed"), new_,
            pointer);
      }
    }
  }

  static std::set<std::string> RequiredOf(const boost::json::value& schema) {
    std::set<std::string> names;
    const auto* required = schema.as_object().if_contains("required");
    if (required == nullptr || !required->is_array()) return names;
    for (const auto& name : required->as_array()) {
      if (name.is_string()) names.emplace(name.as_string());
    }
    return names;
  }

  Side old_;
  Side new_;
  std::vector<Change> changes_;
  std::set<std::pair<const boost::json::value*, const boost::json::value*>> visited_;
};

}  // namespace

std::vector<Change> DiffSpecs(const LoadedSpec& old_spec, const LoadedSpec& new_spec) {
  return Differ(old_spec, new_spec).Run();
}

}  // namespace icopilot::spec
