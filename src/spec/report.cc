#include "spec/report.h"

#include "core/json_writer.h"

namespace icopilot::spec {
namespace {

// Example names only: values can be large (GitHub's spec carries megabytes of them) and
// stay in the document; the mock and the playground read them from the model.
void WriteContent(JsonWriter& w, const std::vector<MediaType>& content) {
  w.BeginObject();
  for (const MediaType& media : content) {
    w.Key(media.media_type).BeginObject().Key("schema").Value(media.schema);
    if (!media.examples.empty()) {
      w.Key("examples").BeginArray();
      for (const Example& example : media.examples)
        w.String(example.name.empty() ? "example" : example.name);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
}

void WriteSecurity(JsonWriter& w, const std::vector<SecurityRequirement>& requirements) {
  w.BeginArray();
  for (const auto& requirement : requirements) {
    w.BeginObject();
    for (const auto& [name, scopes] : requirement) w.Key(name).Strings(scopes);
    w.EndObject();
  }
  w.EndArray();
}

void WriteOperation(JsonWriter& w, const Operation& op, const OperationTraits& traits,
                    const std::vector<SecurityRequirement>& global_security) {
  w.BeginObject();
  w.Key("operation_id").String(op.operation_id);
  w.Key("operation_id_synthesized").Bool(op.operation_id_synthesized);
  w.Key("method").String(MethodName(op.method));
  w.Key("path").String(op.path);
  w.Key("summary").String(op.summary);
  w.Key("tags").Strings(op.tags);
  w.Key("deprecated").Bool(op.deprecated);
  w.Key("parameters").BeginArray();
  for (const Parameter& p : op.parameters) {
    w.BeginObject();
    w.Key("name").String(p.name);
    w.Key("in").String(LocationName(p.in));
    w.Key("required").Bool(p.required);
    w.Key("deprecated").Bool(p.deprecated);
    w.Key("style").String(p.style);
    w.Key("explode").Bool(p.explode);
    w.Key("schema").Value(p.schema);
    w.EndObject();
  }
  w.EndArray();
  w.Key("request_body");
  if (op.request_body) {
    w.BeginObject().Key("required").Bool(op.request_body->required).Key("content");
    WriteContent(w, op.request_body->content);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("responses").BeginObject();
  for (const Response& r : op.responses) {
    w.Key(r.status).BeginObject();
    w.Key("description").String(r.description);
    w.Key("headers").BeginObject();
    for (const Header& h : r.headers) {
      w.Key(h.name)
          .BeginObject()
          .Key("required")
          .Bool(h.required)
          .Key("schema")
          .Value(h.schema)
          .EndObject();
    }
    w.EndObject();
    w.Key("content");
    WriteContent(w, r.content);
    w.EndObject();
  }
  w.EndObject();
  w.Key("security");
  WriteSecurity(w, op.security_declared ? op.security : global_security);
  w.Key("servers").Strings(op.servers);
  w.Key("callbacks").Strings(op.callbacks);
  w.Key("mutating").Bool(traits.mutating);
  w.Key("idempotency_header").StringOrNull(traits.idempotency_header);
  w.Key("rate_limit_documented").Bool(traits.rate_limit_documented);
  w.Key("pagination");
  if (traits.pagination) {
    w.BeginObject().Key("style").String(PagingStyleName(traits.pagination->style));
    w.Key("parameters").Strings(traits.pagination->Parameters()).EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

boost::json::array DiagnosticsJson(const Diagnostics& diagnostics) {
  boost::json::array out;
  for (const Diagnostic& d : diagnostics.items()) {
    out.push_back(boost::json::object({{"rule", d.rule},
                                       {"severity", SeverityName(d.severity)},
                                       {"message", d.message},
                                       {"file", d.file},
                                       {"pointer", d.pointer},
                                       {"line", d.line},
                                       {"column", d.column}}));
  }
  return out;
}

void WriteInspectJson(const Spec& spec, const Blueprint& blueprint, const Diagnostics& diagnostics,
                      const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kPieceBytes = 64 * 1024;
  std::string out;
  out.reserve(2 * kPieceBytes);
  JsonWriter w(out);
  auto flush = [&] {
    sink(out);
    out.clear();
  };
  w.BeginObject();
  w.Key("openapi_version").String(spec.input_version);
  w.Key("title").String(spec.title);
  w.Key("version").String(spec.api_version);
  w.Key("servers").Strings(spec.servers);
  w.Key("operations").BeginArray();
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    WriteOperation(w, spec.operations[i], blueprint.operations[i], spec.security);
    if (out.size() >= kPieceBytes) flush();
  }
  w.EndArray();
  w.Key("webhooks").BeginArray();
  for (const Operation& hook : spec.webhooks) {
    w.BeginObject().Key("name").String(hook.path).Key("method").String(MethodName(hook.method));
    w.Key("operation_id").String(hook.operation_id).EndObject();
  }
  w.EndArray();
  w.Key("security_schemes").BeginObject();
  for (const SecurityScheme& s : spec.security_schemes) {
    w.Key(s.name).BeginObject();
    w.Key("type").String(SchemeTypeName(s.type)).Key("scheme").String(s.scheme);
    w.Key("in").String(s.in ? LocationName(*s.in) : std::string_view());
    w.Key("name").String(s.parameter_name);
    w.Key("flows").BeginArray();
    for (const OAuthFlow& flow : s.flows) {
      w.BeginObject().Key("flow").String(flow.flow).Key("token_url").String(flow.token_url);
      w.Key("authorization_url")
          .String(flow.authorization_url)
          .Key("scopes")
          .Strings(flow.scopes)
          .EndObject();
    }
    w.EndArray();
    w.Key("open_id_connect_url").String(s.open_id_connect_url);
    w.EndObject();
  }
  w.EndObject();
  w.Key("categories").BeginObject();
  for (const Category& c : blueprint.categories) {
    w.Key(CategoryName(c.id))
        .BeginObject()
        .Key("applicable")
        .Bool(c.applicable)
        .Key("reason")
        .String(c.reason)
        .EndObject();
  }
  w.EndObject();
  const boost::json::value listed =
      DiagnosticsJson(diagnostics);  // few, and shared with `spec lint`
  w.Key("diagnostics").Value(&listed);
  w.EndObject();
  flush();
}

}  // namespace icopilot::spec
