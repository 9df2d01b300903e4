#include "contract/reference.h"

#include <deque>
#include <set>
#include <string>

#include "contract/operation_index.h"
#include "contract/request_builder.h"
#include "core/json_pointer.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "schema/generator.h"
#include "spec/model.h"

namespace icopilot::contract {
namespace {

constexpr std::string_view kComponentPrefix = "#/components/schemas/";

// The document's own text at `pointer`'s member `name`, "" when the pointer leads into
// another file or the member is absent.
std::string DocumentText(const spec::LoadedSpec& loaded, std::string_view pointer,
                         std::string_view name) {
  if (!loaded.files || pointer.empty()) return "";
  const boost::json::value* node = FindByPointer(loaded.files->root().root(), pointer);
  if (node == nullptr || !node->is_object()) return "";
  const boost::json::value* text = node->as_object().if_contains(name);
  return text != nullptr && text->is_string() ? std::string(text->as_string()) : "";
}

boost::json::value SchemaJson(spec::SchemaPtr schema) {
  return schema == nullptr ? boost::json::value(nullptr) : *schema;
}

// The document's first example with a value, else one made from the schema; null when
// neither is possible (no schema, or one the generator cannot satisfy).
boost::json::value ExampleOf(const std::vector<spec::Example>& examples, spec::SchemaPtr schema,
                             const SpecSchemas& schemas, schema::Direction direction) {
  for (const spec::Example& example : examples) {
    if (example.value == nullptr) continue;
    return boost::json::object{
        {"value", *example.value}, {"source", "document"}, {"name", example.name}};
  }
  if (schema == nullptr) return nullptr;
  auto compiled = schemas.Get(schema);
  if (!compiled.ok()) return nullptr;
  auto made = schema::GenerateValid(**compiled, {.seed = 1, .direction = direction});
  if (!made.ok()) return nullptr;
  return boost::json::object{
      {"value", std::move(made->value)}, {"source", "generated"}, {"name", ""}};
}

boost::json::array ContentJson(const std::vector<spec::MediaType>& content,
                               const SpecSchemas& schemas, schema::Direction direction) {
  boost::json::array out;
  for (const spec::MediaType& media : content) {
    out.push_back({{"media_type", media.media_type},
                   {"schema", SchemaJson(media.schema)},
                   {"example", ExampleOf(media.examples, media.schema, schemas, direction)}});
  }
  return out;
}

boost::json::array SecurityJson(const std::vector<spec::SecurityRequirement>& alternatives) {
  boost::json::array out;
  for (const spec::SecurityRequirement& alternative : alternatives) {
    boost::json::array all;
    for (const auto& [scheme, scopes] : alternative) {
      boost::json::array scope_list(scopes.begin(), scopes.end());
      all.push_back({{"scheme", scheme}, {"scopes", std::move(scope_list)}});
    }
    out.push_back(std::move(all));
  }
  return out;
}

boost::json::object SchemeJson(const spec::SecurityScheme& scheme) {
  boost::json::array flows;
  for (const spec::OAuthFlow& flow : scheme.flows) {
    flows.push_back({{"flow", flow.flow},
                     {"token_url", flow.token_url},
                     {"authorization_url", flow.authorization_url},
                     {"scopes", boost::json::array(flow.scopes.begin(), flow.scopes.end())}});
  }
  return {{"name", scheme.name},
          {"type", spec::SchemeTypeName(scheme.type)},
          {"scheme", scheme.scheme},
          {"in", scheme.in ? boost::json::value(spec::LocationName(*scheme.in)) : nullptr},
          {"parameter_name", scheme.parameter_name},
          {"flows", std::move(flows)},
          {"open_id_connect_url", scheme.open_id_connect_url}};
}

// Adds the component names `value`'s `$ref`s point at to `found`, in the order met.
void CollectComponentRefs(const boost::json::value& value, std::set<std::string>& seen,
                          std::deque<std::string>& found) {
  if (value.is_array()) {
    for (const auto& item : value.as_array()) CollectComponentRefs(item, seen, found);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.as_object()) {
    if (key == "$ref" && member.is_string()) {
      std::string_view ref = member.as_string();
      if (!ref.starts_with(kComponentPrefix)) continue;
      std::vector<std::string> tokens;
      // "#/components/schemas/A~1B" names the component "A/B".
      if (!SplitPointer(ref.substr(1), tokens) || tokens.size() != 3) continue;
      if (seen.insert(tokens[2]).second) found.push_back(tokens[2]);
    } else {
      CollectComponentRefs(member, seen, found);
    }
  }
}

// The component schemas the operation's schemas reach, breadth first, at most the limit.
boost::json::object ReferencedSchemas(const spec::Spec& spec, const boost::json::object& operation,
                                      bool& truncated) {
  std::set<std::string> seen;
  std::deque<std::string> pending;
  CollectComponentRefs(operation, seen, pending);
  boost::json::object out;
  truncated = false;
  while (!pending.empty()) {
    std::string name = std::move(pending.front());
    pending.pop_front();
    if (static_cast<int>(out.size()) >= kMaxReferencedSchemas) {
      truncated = true;
      break;
    }
    const boost::json::value* schema = spec.schemas ? spec.schemas->if_contains(name) : nullptr;
    if (schema == nullptr) continue;
    CollectComponentRefs(*schema, seen, pending);
    out[name] = *schema;
  }
  return out;
}

boost::json::object ExampleRequest(const spec::Spec& spec, const SpecSchemas& schemas,
                                   const spec::Operation& op) {
  auto built = BuildExampleRequest(spec, schemas, op);
  if (!built.ok()) return {{"error", std::string(built.status().message())}};
  boost::json::array headers;
  for (const auto& [name, value] : built->headers.fields())
    headers.push_back({{"name", name}, {"value", value}});
  return {{"method", built->method},
          {"path", built->path},
          {"query", built->query},
          {"headers", std::move(headers)},
          {"body", built->body}};
}

const spec::Operation* FindOperation(const std::vector<spec::Operation>& ops, std::string_view id) {
  for (const spec::Operation& op : ops) {
    if (op.operation_id == id) return &op;
  }
  return nullptr;
}

boost::json::object Summary(const spec::Operation& op) {
  return {{"operation_id", op.operation_id},
          {"method", spec::MethodToken(op.method)},
          {"path", op.path},
          {"summary", op.summary},
          {"tags", boost::json::array(op.tags.begin(), op.tags.end())},
          {"deprecated", op.deprecated}};
}

}  // namespace

absl::StatusOr<net::Request> BuildExampleRequest(const spec::Spec& spec, const SpecSchemas& schemas,
                                                 const spec::Operation& op) {
  ASSIGN_OR_RETURN(BuiltRequest built,
                   BuildValidRequest(spec, schemas, op, {.credentials = std::nullopt}));
  // The builder's path starts with the first server's base path: the reader puts the
  // path under a server URL of its own (the mock's, a sandbox's), which holds it already.
  if (!spec.servers.empty()) {
    const std::string base = BasePathOf(spec.servers.front());
    if (!base.empty() && built.request.path.starts_with(base)) {
      built.request.path.erase(0, base.size());
      built.request.target = built.request.query.empty()
                                 ? built.request.path
                                 : built.request.path + "?" + built.request.query;
    }
  }
  return std::move(built.request);
}

boost::json::object ReferenceContents(const spec::LoadedSpec& loaded) {
  const spec::Spec& spec = *loaded.spec;
  boost::json::array schemes;
  for (const auto& scheme : spec.security_schemes) schemes.push_back(SchemeJson(scheme));
  boost::json::array operations;
  for (const auto& op : spec.operations) operations.push_back(Summary(op));
  boost::json::array webhooks;
  for (const auto& op : spec.webhooks) webhooks.push_back(Summary(op));
  return {{"title", spec.title},
          {"api_version", spec.api_version},
          {"openapi_version", spec.input_version},
          {"description", DocumentText(loaded, "/info", "description")},
          {"servers", boost::json::array(spec.servers.begin(), spec.servers.end())},
          {"security_schemes", std::move(schemes)},
          {"operations", std::move(operations)},
          {"webhooks", std::move(webhooks)}};
}

absl::StatusOr<boost::json::object> OperationReference(const spec::LoadedSpec& loaded,
                                                       const SpecSchemas& schemas,
                                                       std::string_view operation_id) {
  const spec::Spec& spec = *loaded.spec;
  const spec::Operation* op = FindOperation(spec.operations, operation_id);
  const bool webhook = op == nullptr;
  if (webhook) op = FindOperation(spec.webhooks, operation_id);
  if (op == nullptr)
    return absl::NotFoundError(StrCat("no operation '", operation_id, "' in this version"));
  // A webhook is a request the API sends and the partner answers: its body is read, as a
  // response is, by the partner.
  const auto in = webhook ? schema::Direction::kResponse : schema::Direction::kRequest;

  boost::json::object out = Summary(*op);
  out["kind"] = webhook ? "webhook" : "operation";
  out["description"] = DocumentText(loaded, op->pointer, "description");
  out["security"] = SecurityJson(spec::SecurityOf(spec, *op));

  boost::json::array parameters;
  for (const spec::Parameter& p : op->parameters) {
    if (IsIgnoredHeaderParameter(p)) continue;
    parameters.push_back({{"name", p.name},
                          {"in", spec::LocationName(p.in)},
                          {"required", p.required},
                          {"deprecated", p.deprecated},
                          {"description", DocumentText(loaded, p.pointer, "description")},
                          {"schema", SchemaJson(p.schema)},
                          {"example", ExampleOf(p.examples, p.schema, schemas, in)}});
  }
  out["parameters"] = std::move(parameters);

  if (op->request_body) {
    out["request_body"] = {
        {"required", op->request_body->required},
        {"description", DocumentText(loaded, StrCat(op->pointer, "/requestBody"), "description")},
        {"content", ContentJson(op->request_body->content, schemas, in)}};
  } else {
    out["request_body"] = nullptr;
  }

  const auto out_direction = webhook ? schema::Direction::kRequest : schema::Direction::kResponse;
  boost::json::array responses;
  for (const spec::Response& r : op->responses) {
    boost::json::array headers;
    for (const spec::Header& h : r.headers)
      headers.push_back(
          {{"name", h.name}, {"required", h.required}, {"schema", SchemaJson(h.schema)}});
    responses.push_back({{"status", r.status},
                         {"description", r.description},
                         {"headers", std::move(headers)},
                         {"content", ContentJson(r.content, schemas, out_direction)}});
  }
  out["responses"] = std::move(responses);

  bool truncated = false;
  boost::json::object referenced = ReferencedSchemas(spec, out, truncated);
  out["schemas"] = std::move(referenced);
  out["schemas_truncated"] = truncated;
  out["example_request"] = webhook ? boost::json::value(nullptr)
                                   : boost::json::value(ExampleRequest(spec, schemas, *op));
  return out;
}

}  // namespace icopilot::contract
