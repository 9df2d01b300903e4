#include "spec/normalize_context.h"

#include <set>

#include <boost/json/array.hpp>

#include "core/json_pointer.h"
#include "core/strings.h"

namespace icopilot::spec {

Located Located::Child(std::string_view key) const {
  std::string child_pointer;
  child_pointer.reserve(pointer.size() + key.size() + 8);  // one allocation, as a rule
  child_pointer = pointer;
  AppendPointerToken(child_pointer, key);
  return {document, value == nullptr ? nullptr : FindChild(*value, key), std::move(child_pointer)};
}

const boost::json::value* Located::Member(std::string_view key) const {
  return value == nullptr ? nullptr : FindChild(*value, key);
}

// Where `value`'s $ref leads, looked up once per distinct ref; nullptr when it has none.
// The answer points into the cache: read it before the next lookup.
const std::optional<SpecFiles::Target>* NormalizeContext::Resolved(
    const SourceDocument* document, const boost::json::value& value) const {
  const auto* object = value.if_object();
  if (object == nullptr) return nullptr;
  auto ref = object->find("$ref");
  if (ref == object->end() || !ref->value().is_string()) return nullptr;
  const auto& text = ref->value().as_string();
  auto [known, inserted] =
      resolved_.try_emplace({document, std::string_view(text.data(), text.size())});
  if (inserted) known->second = files_.Resolve(*document, known->first.second);
  return &known->second;
}

Located NormalizeContext::Deref(const Located& at) const {
  if (at.value == nullptr) return at;
  const auto* target = Resolved(at.document, *at.value);
  if (target == nullptr) return at;
  if (!*target) return {};
  return {(*target)->document, (*target)->value, (*target)->pointer};
}

const boost::json::value* NormalizeContext::Follow(const SourceDocument* document,
                                                   const boost::json::value* value) const {
  if (value == nullptr) return nullptr;
  const auto* target = Resolved(document, *value);
  if (target == nullptr) return value;
  return *target ? (*target)->value : nullptr;
}

void NormalizeContext::Adopt(Diagnostics&& other) {
  for (Diagnostic& diagnostic : other.items())
    diagnostics_.items().push_back(std::move(diagnostic));
}

void NormalizeContext::Warn(std::string rule, const Located& at, std::string message) {
  diagnostics_.Add(std::move(rule), Severity::kWarning, std::move(message),
                   at.document ? at.document->file() : files_.root_file(), at.pointer);
}

void NormalizeContext::Error(std::string rule, const Located& at, std::string message) {
  diagnostics_.Add(std::move(rule), Severity::kError, std::move(message),
                   at.document ? at.document->file() : files_.root_file(), at.pointer);
}

std::string StringMember(const boost::json::object* object, std::string_view key) {
  if (object == nullptr) return {};
  auto it = object->find(key);
  if (it == object->end() || !it->value().is_string()) return {};
  return std::string(it->value().as_string());
}

bool BoolMember(const boost::json::object* object, std::string_view key, bool fallback) {
  if (object == nullptr) return fallback;
  auto it = object->find(key);
  return it != object->end() && it->value().is_bool() ? it->value().as_bool() : fallback;
}

std::vector<std::string> StringArrayMember(const boost::json::object* object,
                                           std::string_view key) {
  std::vector<std::string> out;
  if (object == nullptr) return out;
  auto it = object->find(key);
  if (it == object->end() || !it->value().is_array()) return out;
  for (const auto& item : it->value().as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

std::vector<SecurityRequirement> ReadSecurity(NormalizeContext& context, const Located& at) {
  std::vector<SecurityRequirement> requirements;
  if (at.value == nullptr) return requirements;
  if (!at.value->is_array()) {
    context.Warn("invalid-security", at,
                 "security must be an array of requirement objects; ignored");
    return requirements;
  }
  for (const auto& item : at.value->as_array()) {
    if (!item.is_object()) continue;
    SecurityRequirement requirement;
    for (const auto& member : item.as_object()) {
      std::vector<std::string> scopes;
      if (member.value().is_array()) {
        for (const auto& scope : member.value().as_array()) {
          if (scope.is_string()) scopes.emplace_back(scope.as_string());
        }
      }
      requirement.emplace_back(std::string(member.key()), std::move(scopes));
    }
    requirements.push_back(std::move(requirement));
  }
  return requirements;
}

std::vector<Response> ReadResponseList(NormalizeContext& context, const Located& at,
                                       const std::function<void(const Located&, Response&)>& read) {
  std::vector<Response> responses;
  const auto* object = at.object();
  if (object == nullptr) return responses;
  for (const auto& member : *object) {
    if (member.key().starts_with("x-")) continue;
    Located response = context.Deref(at.Child(member.key()));
    const auto* body = response.object();
    if (body == nullptr) continue;
    Response out{std::string(member.key()), StringMember(body, "description"), {}, {}};
    read(response, out);
    responses.push_back(std::move(out));
  }
  return responses;
}

std::string SynthesizeOperationId(std::string_view method, std::string_view path) {
  std::string id(method);
  bool separator = true;
  for (char c : path) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (word) {
      if (separator) id.push_back('_');
      id.push_back(c);
      separator = false;
    } else {
      separator = true;
    }
  }
  return id;
}

namespace {

std::set<std::string> TemplateVariables(std::string_view path) {
  std::set<std::string> names;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace(path.substr(open + 1, close - open - 1));
  }
  return names;
}

}  // namespace

void CheckOperations(NormalizeContext& context, Spec& spec) {
  std::set<std::string> scheme_names;
  for (const auto& scheme : spec.security_schemes) scheme_names.insert(scheme.name);
  std::set<std::string> ids;
  const SourceDocument* root = &context.files().root();
  for (Operation& op : spec.operations) {
    Located at{root, nullptr, op.pointer};
    if (!op.path.starts_with('/'))
      context.Warn("path-not-absolute", at, StrCat("path '", op.path, "' does not start with /"));
    std::set<std::string> variables = TemplateVariables(op.path);
    std::set<std::string> declared;
    for (const Parameter& parameter : op.parameters) {
      if (parameter.in != ParameterIn::kPath) continue;
      declared.insert(parameter.name);
      if (!variables.contains(parameter.name)) {
        context.Warn("path-parameter-unused", at,
                     StrCat("path parameter '", parameter.name, "' does not appear in ", op.path));
      }
    }
    for (const std::string& variable : variables) {
      if (!declared.contains(variable)) {
        context.Warn("path-parameter-undeclared", at,
                     StrCat("{", variable, "} in ", op.path,
                            " has no path parameter; treated as a required string"));
        spec.owned->push_back(boost::json::object{{"type", "string"}});
        op.parameters.push_back({variable,
                                 ParameterIn::kPath,
                                 true,
                                 false,
                                 "simple",
                                 false,
                                 &spec.owned->back(),
                                 {},
                                 op.pointer});
      }
    }
    if (op.responses.empty())
      context.Warn("no-responses", at, StrCat(op.operation_id, " documents no responses"));
    if (!ids.insert(op.operation_id).second) {
      std::string unique = op.operation_id;
      for (int n = 2; ids.contains(unique); ++n) unique = StrCat(op.operation_id, "_", n);
      context.Warn("duplicate-operation-id", at,
                   StrCat("operationId '", op.operation_id, "' is used twice; this one is called '",
                          unique, "'"));
      op.operation_id = unique;
      ids.insert(unique);
    }
    const auto& requirements = op.security_declared ? op.security : spec.security;
    for (const auto& requirement : requirements) {
      for (const auto& [name, scopes] : requirement) {
        if (!scheme_names.contains(name)) {
          context.Warn("unknown-security-scheme", at,
                       StrCat("security scheme '", name, "' is not defined"));
        }
      }
    }
  }
}

}  // namespace icopilot::spec
