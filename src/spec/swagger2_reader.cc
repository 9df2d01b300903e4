#include "spec/swagger2_reader.h"

#include <boost/json/array.hpp>

#include "core/strings.h"

namespace icopilot::spec {
namespace {

constexpr std::string_view kDefinitions = "#/definitions/";

// Parameter and header fields that are not part of the schema.
bool IsSchemaKeyword(std::string_view key) {
  return key != "name" && key != "in" && key != "required" && key != "description" &&
         key != "allowEmptyValue" && key != "collectionFormat" && !key.starts_with("x-");
}

boost::json::value SchemaFromFields(const boost::json::object& object) {
  boost::json::object schema;
  for (const auto& member : object) {
    if (IsSchemaKeyword(member.key())) schema[member.key()] = RewriteDefinitionRefs(member.value());
  }
  if (auto type = schema.find("type"); type != schema.end() && type->value() == "file") {
    schema["type"] = "string";
    schema["format"] = "binary";
  }
  return schema;
}

void StyleFromCollectionFormat(std::string_view format, Parameter& parameter) {
  if (format == "multi") {
    parameter.style = "form";
    parameter.explode = true;
  } else if (format == "ssv") {
    parameter.style = "spaceDelimited";
  } else if (format == "pipes") {
    parameter.style = "pipeDelimited";
  } else {
    parameter.style =
        parameter.in == ParameterIn::kQuery ? "form" : "simple";  // csv, tsv and default
  }
}

std::vector<std::string> MediaTypes(const boost::json::object* op, const boost::json::object* root,
                                    std::string_view key) {
  std::vector<std::string> types = StringArrayMember(op, key);
  if (types.empty()) types = StringArrayMember(root, key);
  if (types.empty()) types.push_back("application/json");
  return types;
}

struct SwaggerParameters {
  std::vector<Parameter> regular;
  const boost::json::value* body_schema = nullptr;
  bool body_required = false;
  boost::json::object form_properties;
  boost::json::array form_required;
  bool has_file = false;
};

const boost::json::value* Own(ValueStore& store, boost::json::value value) {
  store.push_back(std::move(value));
  return &store.back();
}

void ReadParameterList(NormalizeContext& context, const Located& list, SwaggerParameters& out,
                       ValueStore& store) {
  if (list.value == nullptr || !list.value->is_array()) return;
  for (std::size_t i = 0; i < list.value->as_array().size(); ++i) {
    Located at = context.Deref(list.Child(std::to_string(i)));
    const auto* object = at.object();
    if (object == nullptr) continue;
    std::string name = StringMember(object, "name");
    std::string in = StringMember(object, "in");
    bool required = BoolMember(object, "required", in == "path");
    if (in == "body") {
      Located schema = at.Child("schema");
      out.body_schema = schema.value;
      out.body_required = required;
    } else if (in == "formData") {
      out.form_properties[name] = SchemaFromFields(*object);
      if (required) out.form_required.push_back(boost::json::value(name));
      if (StringMember(object, "type") == "file") out.has_file = true;
    } else if (!name.empty() && !in.empty()) {
      const std::optional<ParameterIn> location = ParseLocation(in);
      if (!location) {
        context.Warn("invalid-parameter", at,
                     StrCat("parameter '", name, "' is in '", in,
                            "', not path, query, header, body or formData; ignored"));
        continue;
      }
      std::erase_if(out.regular,
                    [&](const Parameter& p) { return p.name == name && p.in == *location; });
      Parameter parameter;
      parameter.name = name;
      parameter.in = *location;
      parameter.required = required;
      parameter.schema = Own(store, SchemaFromFields(*object));
      StyleFromCollectionFormat(StringMember(object, "collectionFormat"), parameter);
      parameter.pointer = at.pointer;
      out.regular.push_back(std::move(parameter));
    }
  }
}

std::optional<RequestBody> BuildRequestBody(const SwaggerParameters& parameters,
                                            const std::vector<std::string>& consumes,
                                            ValueStore& store) {
  if (parameters.body_schema != nullptr) {
    RequestBody body{parameters.body_required, {}};
    SchemaPtr schema = Own(store, RewriteDefinitionRefs(*parameters.body_schema));
    for (const auto& type : consumes) body.content.push_back({type, schema, {}});
    return body;
  }
  if (parameters.form_properties.empty()) return std::nullopt;
  boost::json::object schema{{"type", "object"}, {"properties", parameters.form_properties}};
  if (!parameters.form_required.empty()) schema["required"] = parameters.form_required;
  bool multipart = parameters.has_file || std::find(consumes.begin(), consumes.end(),
                                                    "multipart/form-data") != consumes.end();
  return RequestBody{!parameters.form_required.empty(),
                     {{multipart ? "multipart/form-data" : "application/x-www-form-urlencoded",
                       Own(store, std::move(schema)),
                       {}}}};
}

std::vector<Response> ReadResponses(NormalizeContext& context, const Located& at,
                                    const std::vector<std::string>& produces, ValueStore& store) {
  return ReadResponseList(context, at, [&produces, &store](const Located& response, Response& out) {
    if (const auto* headers = response.Child("headers").object()) {
      for (const auto& header : *headers) {
        if (header.value().is_object()) {
          out.headers.push_back({std::string(header.key()), false,
                                 Own(store, SchemaFromFields(header.value().as_object()))});
        }
      }
    }
    Located schema = response.Child("schema");
    const auto* examples = response.Child("examples").object();
    if (schema.value == nullptr && examples == nullptr) return;
    SchemaPtr converted = schema.value ? Own(store, RewriteDefinitionRefs(*schema.value)) : nullptr;
    for (const auto& type : produces) {
      MediaType media{type, converted, {}};
      if (examples != nullptr) {
        if (auto example = examples->find(type); example != examples->end())
          media.examples.push_back({"", &example->value(), ""});
      }
      out.content.push_back(std::move(media));
    }
  });
}

std::vector<std::string> Servers(const boost::json::object* root) {
  std::string host = StringMember(root, "host");
  std::string base_path = StringMember(root, "basePath");
  std::vector<std::string> schemes = StringArrayMember(root, "schemes");
  if (host.empty())
    return base_path.empty() ? std::vector<std::string>{} : std::vector<std::string>{base_path};
  if (schemes.empty()) schemes.push_back("https");
  std::vector<std::string> servers;
  for (const auto& scheme : schemes) servers.push_back(StrCat(scheme, "://", host, base_path));
  return servers;
}

void ReadSecurityDefinitions(const Located& at, Spec& spec) {
  const auto* object = at.object();
  if (object == nullptr) return;
  static const std::pair<std::string_view, std::string_view> kFlows[] = {
      {"implicit", "implicit"},
      {"password", "password"},
      {"application", "clientCredentials"},
      {"accessCode", "authorizationCode"}};
  for (const auto& member : *object) {
    const auto* body = member.value().if_object();
    if (body == nullptr) continue;
    std::string type = StringMember(body, "type");
    SecurityScheme scheme{std::string(member.key()),
                          ParseSchemeType(type),
                          "",
                          ParseLocation(StringMember(body, "in")),
                          StringMember(body, "name"),
                          {},
                          ""};
    if (type == "basic") {
      scheme.type = SchemeType::kHttp;
      scheme.scheme = "basic";
    } else if (type == "oauth2") {
      OAuthFlow flow{
          "", StringMember(body, "tokenUrl"), StringMember(body, "authorizationUrl"), {}};
      std::string swagger_flow = StringMember(body, "flow");
      for (const auto& [from, to] : kFlows) {
        if (swagger_flow == from) flow.flow = std::string(to);
      }
      if (auto scopes = body->find("scopes");
          scopes != body->end() && scopes->value().is_object()) {
        for (const auto& scope : scopes->value().as_object()) flow.scopes.emplace_back(scope.key());
      }
      scheme.flows.push_back(std::move(flow));
    }
    spec.security_schemes.push_back(std::move(scheme));
  }
}

}  // namespace

boost::json::value RewriteDefinitionRefs(const boost::json::value& schema) {
  if (const auto* object = schema.if_object()) {
    boost::json::object out;
    for (const auto& member : *object) {
      if (member.key() == "$ref" && member.value().is_string() &&
          member.value().as_string().starts_with(kDefinitions)) {
        std::string_view ref(member.value().as_string());
        out["$ref"] = StrCat("#/components/schemas/", ref.substr(kDefinitions.size()));
      } else {
        out[member.key()] = RewriteDefinitionRefs(member.value());
      }
    }
    return out;
  }
  if (const auto* array = schema.if_array()) {
    boost::json::array out;
    for (const auto& item : *array) out.push_back(RewriteDefinitionRefs(item));
    return out;
  }
  return schema;
}

void ReadSwagger2(NormalizeContext& context, const Located& root, Spec& spec) {
  const auto* root_object = root.object();
  spec.servers = Servers(root_object);
  spec.security = ReadSecurity(context, root.Child("security"));
  ReadSecurityDefinitions(root.Child("securityDefinitions"), spec);
  if (const auto* definitions = root.Child("definitions").object()) {
    auto converted = std::make_shared<boost::json::object>();
    for (const auto& member : *definitions)
      (*converted)[member.key()] = RewriteDefinitionRefs(member.value());
    spec.schemas = std::move(converted);
  }
  Located paths = root.Child("paths");
  if (paths.object() == nullptr) {
    context.Warn("no-paths", root, "the document has no paths");
    return;
  }
  for (const auto& member : *paths.object()) {
    if (member.key().starts_with("x-")) continue;
    Located item = context.Deref(paths.Child(member.key()));
    if (item.object() == nullptr) continue;
    SwaggerParameters path_level;
    ReadParameterList(context, item.Child("parameters"), path_level, *spec.owned);
    for (Method method : kMethods) {
      Located at = item.Child(MethodName(method));
      const auto* object = at.object();
      if (object == nullptr) continue;
      Operation op;
      op.method = method;
      op.path = std::string(member.key());
      op.pointer = at.pointer;
      op.operation_id = StringMember(object, "operationId");
      if (op.operation_id.empty()) {
        op.operation_id = SynthesizeOperationId(MethodName(method), op.path);
        op.operation_id_synthesized = true;
      }
      op.summary = StringMember(object, "summary");
      op.tags = StringArrayMember(object, "tags");
      op.deprecated = BoolMember(object, "deprecated", false);
      SwaggerParameters parameters = path_level;
      ReadParameterList(context, at.Child("parameters"), parameters, *spec.owned);
      op.parameters = std::move(parameters.regular);
      op.request_body =
          BuildRequestBody(parameters, MediaTypes(object, root_object, "consumes"), *spec.owned);
      op.responses = ReadResponses(context, at.Child("responses"),
                                   MediaTypes(object, root_object, "produces"), *spec.owned);
      Located security = at.Child("security");
      op.security_declared = security.value != nullptr;
      op.security = ReadSecurity(context, security);
      op.servers = spec.servers;
      spec.operations.push_back(std::move(op));
    }
  }
}

}  // namespace icopilot::spec
