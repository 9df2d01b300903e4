#include "spec/openapi3_reader.h"

#include <exception>
#include <iterator>
#include <thread>

#include <boost/json/array.hpp>

#include "core/json_pointer.h"
#include "core/strings.h"

namespace icopilot::spec {
namespace {

std::string DefaultStyle(ParameterIn in) {
  return in == ParameterIn::kQuery || in == ParameterIn::kCookie ? "form" : "simple";
}

// Examples carry no pointer into the document, so none is built for them (GitHub's
// description has thousands).
std::vector<Example> ReadExamples(NormalizeContext& context, const Located& at) {
  std::vector<Example> examples;
  if (const auto* single = at.Member("example")) examples.push_back({"", single, ""});
  const auto* named = at.Member("examples");
  if (const auto* object = named ? named->if_object() : nullptr) {
    for (const auto& member : *object) {
      const auto* example = context.Follow(at.document, &member.value());
      const auto* body = example ? example->if_object() : nullptr;
      if (body == nullptr) continue;
      Example out{std::string(member.key()), nullptr, StringMember(body, "externalValue")};
      if (auto value = body->find("value"); value != body->end()) out.value = &value->value();
      examples.push_back(std::move(out));
    }
  }
  return examples;
}

std::vector<MediaType> ReadContent(NormalizeContext& context, const Located& at) {
  std::vector<MediaType> content;
  const auto* object = at.object();
  if (object == nullptr) return content;
  for (const auto& member : *object) {
    Located media = at.Child(member.key());
    MediaType out{std::string(member.key()), media.Member("schema"), ReadExamples(context, media)};
    content.push_back(std::move(out));
  }
  return content;
}

std::optional<Parameter> ReadParameter(NormalizeContext& context, const Located& raw) {
  Located at = context.Deref(raw);
  const auto* object = at.object();
  if (object == nullptr) return std::nullopt;
  Parameter parameter;
  parameter.name = StringMember(object, "name");
  const std::string in = StringMember(object, "in");
  if (parameter.name.empty() || in.empty()) {
    context.Warn("invalid-parameter", at, "a parameter needs 'name' and 'in'; ignored");
    return std::nullopt;
  }
  const std::optional<ParameterIn> location = ParseLocation(in);
  if (!location) {
    context.Warn("invalid-parameter", at,
                 StrCat("parameter '", parameter.name, "' is in '", in,
                        "', not path, query, header or cookie; ignored"));
    return std::nullopt;
  }
  parameter.in = *location;
  parameter.required = BoolMember(object, "required", false);
  if (parameter.in == ParameterIn::kPath && !parameter.required) {
    context.Warn(
        "path-parameter-optional", at,
        StrCat("path parameter '", parameter.name, "' must be required; treated as required"));
    parameter.required = true;
  }
  parameter.deprecated = BoolMember(object, "deprecated", false);
  parameter.style = StringMember(object, "style");
  if (parameter.style.empty()) parameter.style = DefaultStyle(parameter.in);
  parameter.explode = BoolMember(object, "explode", parameter.style == "form");
  if (Located schema = at.Child("schema"); schema.value != nullptr) {
    parameter.schema = schema.value;
  } else if (Located content = at.Child("content");
             content.object() != nullptr && !content.object()->empty()) {
    auto media = ReadContent(context, content);
    parameter.schema = media.front().schema;
  }
  parameter.examples = ReadExamples(context, at);
  parameter.pointer = at.pointer;
  return parameter;
}

// Operation-level parameters replace path-level ones with the same name and location.
void MergeParameters(NormalizeContext& context, const Located& list,
                     std::vector<Parameter>& parameters) {
  if (list.value == nullptr || !list.value->is_array()) return;
  for (std::size_t i = 0; i < list.value->as_array().size(); ++i) {
    auto parameter = ReadParameter(context, list.Child(std::to_string(i)));
    if (!parameter) continue;
    std::erase_if(parameters, [&](const Parameter& p) {
      return p.name == parameter->name && p.in == parameter->in;
    });
    parameters.push_back(std::move(*parameter));
  }
}

std::vector<Response> ReadResponses(NormalizeContext& context, const Located& at) {
  return ReadResponseList(context, at, [&context](const Located& response, Response& out) {
    Located headers = response.Child("headers");
    if (const auto* header_map = headers.object()) {
      for (const auto& header : *header_map) {
        Located resolved = context.Deref(headers.Child(header.key()));
        Header h{std::string(header.key()), BoolMember(resolved.object(), "required", false),
                 nullptr};
        h.schema = resolved.Member("schema");
        out.headers.push_back(std::move(h));
      }
    }
    out.content = ReadContent(context, response.Child("content"));
  });
}

std::vector<std::string> ReadServers(const Located& at) {
  std::vector<std::string> servers;
  if (at.value == nullptr || !at.value->is_array()) return servers;
  for (const auto& server : at.value->as_array()) {
    std::string url = server.is_object() ? StringMember(&server.as_object(), "url") : "";
    if (!url.empty()) servers.push_back(url);
  }
  return servers;
}

Operation ReadOperation(NormalizeContext& context, const Located& at, Method method,
                        std::string_view path, const std::vector<Parameter>& path_parameters,
                        const std::vector<std::string>& servers) {
  const auto* object = at.object();
  Operation op;
  op.method = method;
  op.path = std::string(path);
  op.pointer = at.pointer;
  op.operation_id = StringMember(object, "operationId");
  if (op.operation_id.empty()) {
    op.operation_id = SynthesizeOperationId(MethodName(method), path);
    op.operation_id_synthesized = true;
  }
  op.summary = StringMember(object, "summary");
  op.tags = StringArrayMember(object, "tags");
  op.deprecated = BoolMember(object, "deprecated", false);
  op.parameters = path_parameters;
  MergeParameters(context, at.Child("parameters"), op.parameters);
  Located body = context.Deref(at.Child("requestBody"));
  if (body.object() != nullptr) {
    op.request_body = RequestBody{BoolMember(body.object(), "required", false),
                                  ReadContent(context, body.Child("content"))};
  }
  op.responses = ReadResponses(context, at.Child("responses"));
  Located security = at.Child("security");
  op.security_declared = security.value != nullptr;
  op.security = ReadSecurity(context, security);
  std::vector<std::string> own_servers = ReadServers(at.Child("servers"));
  op.servers = own_servers.empty() ? servers : own_servers;
  if (const auto* callbacks = at.Member("callbacks"); callbacks && callbacks->is_object()) {
    for (const auto& callback : callbacks->get_object()) op.callbacks.emplace_back(callback.key());
  }
  return op;
}

// The path items from `begin` to `end` (member indexes) of `items`, an object.
void ReadPathItems(NormalizeContext& context, const Located& items,
                   const std::vector<std::string>& servers, std::size_t begin, std::size_t end,
                   std::vector<Operation>& out) {
  const auto* object = items.object();
  out.reserve(out.size() + (end - begin));
  for (auto it = object->begin() + begin; it != object->begin() + end; ++it) {
    const auto& member = *it;
    if (member.key().starts_with("x-")) continue;
    std::string path(member.key());
    Located item = context.Deref(items.Child(member.key()));
    if (item.object() == nullptr) {
      context.Warn("invalid-path-item", items.Child(member.key()),
                   StrCat("path item '", path, "' is not an object"));
      continue;
    }
    std::vector<Parameter> path_parameters;
    MergeParameters(context, item.Child("parameters"), path_parameters);
    std::vector<std::string> item_servers = ReadServers(item.Child("servers"));
    for (Method method : kMethods) {
      Located operation = item.Child(MethodName(method));
      if (operation.value == nullptr) continue;
      if (operation.object() == nullptr) {
        context.Warn("invalid-operation", operation,
                     StrCat(MethodName(method), " ", path, " is not an object; ignored"));
        continue;
      }
      out.push_back(ReadOperation(context, operation, method, path, path_parameters,
                                  item_servers.empty() ? servers : item_servers));
    }
  }
}

// Specs with this many path items read the second half on another thread (GitHub's
// description has 811; the rest of normalizing is small beside them).
constexpr std::size_t kTwoThreadsFromPathItems = 128;

// The second half gets a context of its own (the $ref cache is not shared) and its own
// diagnostics, appended after the first half's: the order is that of one thread.
void ReadPaths(NormalizeContext& context, const Located& items,
               const std::vector<std::string>& servers, std::vector<Operation>& out) {
  const auto* object = items.object();
  if (object == nullptr) return;
  if (object->size() < kTwoThreadsFromPathItems) {
    ReadPathItems(context, items, servers, 0, object->size(), out);
    return;
  }
  const std::size_t half = object->size() / 2;
  Diagnostics second_diagnostics;
  std::vector<Operation> second_out;
  std::exception_ptr failure;
  {
    std::jthread second([&] {
      try {
        NormalizeContext second_context(context.files(), second_diagnostics);
        ReadPathItems(second_context, items, servers, half, object->size(), second_out);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    ReadPathItems(context, items, servers, 0, half, out);
  }
  if (failure) std::rethrow_exception(failure);
  context.Adopt(std::move(second_diagnostics));
  out.insert(out.end(), std::make_move_iterator(second_out.begin()),
             std::make_move_iterator(second_out.end()));
}

void ReadSecuritySchemes(NormalizeContext& context, const Located& at, Spec& spec) {
  const auto* object = at.object();
  if (object == nullptr) return;
  for (const auto& member : *object) {
    Located resolved = context.Deref(at.Child(member.key()));
    const auto* body = resolved.object();
    if (body == nullptr) continue;
    const std::string type = StringMember(body, "type");
    SecurityScheme scheme{std::string(member.key()),
                          ParseSchemeType(type),
                          ToLower(StringMember(body, "scheme")),
                          ParseLocation(StringMember(body, "in")),
                          StringMember(body, "name"),
                          {},
                          StringMember(body, "openIdConnectUrl")};
    if (scheme.type == SchemeType::kUnknown) {
      context.Warn("unknown-security-scheme-type", resolved,
                   StrCat("security scheme '", scheme.name, "' has type '", type,
                          "', not apiKey, http, oauth2, openIdConnect or mutualTLS; its "
                          "requirements cannot be met"));
    }
    if (const auto* flows = resolved.Child("flows").object()) {
      for (const auto& flow : *flows) {
        const auto* flow_body = flow.value().if_object();
        OAuthFlow out{std::string(flow.key()),
                      StringMember(flow_body, "tokenUrl"),
                      StringMember(flow_body, "authorizationUrl"),
                      {}};
        if (flow_body != nullptr) {
          if (auto scopes = flow_body->find("scopes");
              scopes != flow_body->end() && scopes->value().is_object()) {
            for (const auto& scope : scopes->value().as_object())
              out.scopes.emplace_back(scope.key());
          }
        }
        scheme.flows.push_back(std::move(out));
      }
    }
    spec.security_schemes.push_back(std::move(scheme));
  }
}

}  // namespace

void ReadOpenApi3(NormalizeContext& context, const Located& root, Spec& spec) {
  spec.servers = ReadServers(root.Child("servers"));
  spec.security = ReadSecurity(context, root.Child("security"));
  Located components = root.Child("components");
  ReadSecuritySchemes(context, components.Child("securitySchemes"), spec);
  if (const auto* schemas = components.Child("schemas").object()) {
    spec.schemas =
        std::shared_ptr<const boost::json::object>(std::shared_ptr<void>(), schemas);  // not owned
  }
  Located paths = root.Child("paths");
  if (paths.value == nullptr && root.Child("webhooks").value == nullptr) {
    context.Warn("no-paths", root, "the document has no paths (and no webhooks)");
  }
  ReadPaths(context, paths, spec.servers, spec.operations);
  ReadPaths(context, root.Child("webhooks"), spec.servers, spec.webhooks);
}

}  // namespace icopilot::spec
