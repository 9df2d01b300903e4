#include "assistant/spec_passages.h"

#include <algorithm>
#include <cctype>

#include <boost/json/serialize.hpp>

#include "contract/request_builder.h"
#include "core/strings.h"

namespace icopilot::assistant {

namespace {

constexpr std::size_t kPassageMax = 4000;  // characters of one passage's body
constexpr int kMaxDepth = 3;               // nested objects read for fields and values

// The schema a local $ref names, followed a few times; the schema itself otherwise.
const boost::json::object* Resolve(const spec::Spec& spec, const boost::json::value* schema) {
  for (int hops = 0; hops < 8 && schema != nullptr && schema->is_object(); ++hops) {
    const auto* ref = schema->as_object().if_contains("$ref");
    if (ref == nullptr || !ref->is_string()) return &schema->as_object();
    const std::string_view target = ref->as_string();
    constexpr std::string_view kPrefix = "#/components/schemas/";
    constexpr std::string_view kSwaggerPrefix = "#/definitions/";
    std::string_view name;
    if (target.starts_with(kPrefix))
      name = target.substr(kPrefix.size());
    else if (target.starts_with(kSwaggerPrefix))
      name = target.substr(kSwaggerPrefix.size());
    if (name.empty() || !spec.schemas) return nullptr;
    schema = spec.schemas->if_contains(name);
  }
  return nullptr;
}

void ReadFields(const spec::Spec& spec, const boost::json::value* schema,
                const std::string& location, int depth, Operation& out) {
  const boost::json::object* object = Resolve(spec, schema);
  if (object == nullptr || depth > kMaxDepth) return;
  if (const auto* values = object->if_contains("enum"); values != nullptr && values->is_array()) {
    std::vector<std::string> allowed;
    for (const auto& v : values->as_array())
      allowed.push_back(v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v));
    out.enums.emplace_back(location, std::move(allowed));
  }
  const auto* properties = object->if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return;
  if (const auto* required = object->if_contains("required");
      required != nullptr && required->is_array())
    for (const auto& name : required->as_array())
      if (name.is_string())
        out.required_fields.push_back(StrCat(location, "/", std::string(name.as_string())));
  for (const auto& [name, property] : properties->as_object())
    ReadFields(spec, &property, StrCat(location, "/", std::string(name)), depth + 1, out);
}

std::string Cut(std::string text) {
  if (text.size() > kPassageMax) text.resize(kPassageMax);
  return text;
}

std::string Description(const boost::json::object* schema) {
  if (schema == nullptr) return "";
  const auto* d = schema->if_contains("description");
  return d != nullptr && d->is_string() ? std::string(d->as_string()) : "";
}

}  // namespace

Operation OperationFragment(const spec::Spec& spec, const contract::SpecSchemas& schemas,
                            const spec::Operation& op) {
  Operation out;
  out.id = op.operation_id;
  out.method = ToUpper(spec::MethodName(op.method));
  out.path = op.path;
  out.summary = op.summary;
  for (const auto& requirement : spec::SecurityOf(spec, op))
    for (const auto& [scheme, scopes] : requirement)
      for (const auto& scope : scopes)
        if (std::find(out.scopes.begin(), out.scopes.end(), scope) == out.scopes.end())
          out.scopes.push_back(scope);
  for (const auto& parameter : op.parameters) {
    const std::string location = StrCat(spec::LocationName(parameter.in), ".", parameter.name);
    if (parameter.required) out.required_fields.push_back(location);
    ReadFields(spec, parameter.schema, location, kMaxDepth, out);  // its own enum only
  }
  if (op.request_body && !op.request_body->content.empty()) {
    const auto& media = op.request_body->content.front();
    ReadFields(spec, media.schema, "body", 0, out);
    for (const auto& example : media.examples)
      if (example.value != nullptr) {
        out.example_body = boost::json::serialize(*example.value);
        break;
      }
    if (out.example_body.empty()) {
      contract::BuildOptions options;
      options.credentials = std::nullopt;
      auto built = contract::BuildValidRequest(spec, schemas, op, options);
      if (built.ok()) out.example_body = built->request.body;
    }
  }
  for (const auto& response : op.responses) {
    int status = 0;
    for (char c : response.status) {
      if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
        status = 0;
        break;
      }
      status = status * 10 + (c - '0');
    }
    if (status > 0) out.documented_statuses.push_back(status);
  }
  return out;
}

std::vector<IndexedText> SpecPassages(const spec::Spec& spec, const std::string& description) {
  std::vector<IndexedText> passages;
  if (!description.empty())
    passages.push_back(
        {"doc", "api", spec.title.empty() ? "About the API" : spec.title, Cut(description)});
  for (const auto& op : spec.operations) {
    std::string body = op.summary;
    for (const auto& parameter : op.parameters)
      body += StrCat("\n", parameter.name, " (", spec::LocationName(parameter.in),
                     parameter.required ? ", required" : "", ")");
    for (const auto& response : op.responses)
      body += StrCat("\n", response.status, ": ", response.description);
    for (const auto& requirement : spec::SecurityOf(spec, op))
      for (const auto& [scheme, scopes] : requirement)
        for (const auto& scope : scopes) body += StrCat("\nscope ", scope);
    passages.push_back(
        {"operation", op.operation_id,
         StrCat(ToUpper(spec::MethodName(op.method)), " ", op.path, " (", op.operation_id, ")"),
         Cut(std::move(body))});
  }
  if (spec.schemas)
    for (const auto& [name, schema] : *spec.schemas) {
      const boost::json::object* object = schema.is_object() ? &schema.as_object() : nullptr;
      std::string body = Description(object);
      if (object != nullptr)
        if (const auto* properties = object->if_contains("properties");
            properties != nullptr && properties->is_object())
          for (const auto& [property, value] : properties->as_object()) {
            body += StrCat("\n", std::string(property));
            const std::string about = Description(value.is_object() ? &value.as_object() : nullptr);
            if (!about.empty()) body += StrCat(": ", about);
          }
      passages.push_back({"schema", std::string(name), StrCat("Schema ", std::string(name)),
                          Cut(std::move(body))});
    }
  return passages;
}

}  // namespace icopilot::assistant
