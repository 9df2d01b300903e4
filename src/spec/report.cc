#include "spec/report.h"

#include <boost/json/serialize.hpp>

namespace icopilot::spec {
namespace {

const boost::json::value& SchemaJson(SchemaPtr schema) {
  static const boost::json::value kNull;
  return schema != nullptr ? *schema : kNull;
}

boost::json::object Obj(std::initializer_list<std::pair<boost::json::string_view, boost::json::value_ref>> init) {
  return boost::json::object(init);
}
boost::json::object Obj() { return boost::json::object(); }
boost::json::array Arr() { return boost::json::array(); }

// Example names only: values can be large (GitHub's spec carries megabytes of them) and
// stay in the document; the mock and the playground read them from the model.
boost::json::value ExamplesJson(const std::vector<Example>& examples) {
  boost::json::array out = Arr();
  for (const Example& example : examples) out.push_back(boost::json::value(example.name.empty() ? "example" : example.name));
  return out;
}

boost::json::object ContentJson(const std::vector<MediaType>& content) {
  boost::json::object out = Obj();
  for (const MediaType& media : content) {
    boost::json::object entry{{"schema", SchemaJson(media.schema)}};
    if (!media.examples.empty()) entry["examples"] = ExamplesJson(media.examples);
    out[media.media_type] = std::move(entry);
  }
  return out;
}

boost::json::array SecurityJson(const std::vector<SecurityRequirement>& requirements) {
  boost::json::array out = Arr();
  for (const auto& requirement : requirements) {
    boost::json::object alternative = Obj();
    for (const auto& [name, scopes] : requirement) {
      boost::json::array list = Arr();
      for (const auto& scope : scopes) list.push_back(boost::json::value(scope));
      alternative[name] = std::move(list);
    }
    out.push_back(std::move(alternative));
  }
  return out;
}

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out = Arr();
  for (const auto& value : values) out.push_back(boost::json::value(value));
  return out;
}

boost::json::object OperationJson(const Operation& op, const OperationTraits& traits,
                                  const std::vector<SecurityRequirement>& global_security) {
  boost::json::array parameters = Arr();
  for (const Parameter& p : op.parameters) {
    parameters.push_back(Obj({{"name", p.name}, {"in", p.in}, {"required", p.required},
                                             {"deprecated", p.deprecated}, {"style", p.style}, {"explode", p.explode},
                                             {"schema", SchemaJson(p.schema)}}));
  }
  boost::json::object responses = Obj();
  for (const Response& r : op.responses) {
    boost::json::object headers = Obj();
    for (const Header& h : r.headers) headers[h.name] = Obj({{"required", h.required}, {"schema", SchemaJson(h.schema)}});
    responses[r.status] = Obj({{"description", r.description}, {"headers", headers},
                                              {"content", ContentJson(r.content)}});
  }
  boost::json::object out = Obj({{"operation_id", op.operation_id},
                          {"operation_id_synthesized", op.operation_id_synthesized},
                          {"method", op.method},
                          {"path", op.path},
                          {"summary", op.summary},
                          {"tags", Strings(op.tags)},
                          {"deprecated", op.deprecated},
                          {"parameters", parameters},
                          {"request_body", nullptr},
                          {"responses", responses},
                          {"security", SecurityJson(op.security_declared ? op.security : global_security)},
                          {"servers", Strings(op.servers)},
                          {"callbacks", Strings(op.callbacks)},
                          {"mutating", traits.mutating},
                          {"idempotency_header", traits.idempotency_header.empty() ? boost::json::value(nullptr)
                                                                                   : boost::json::value(traits.idempotency_header)},
                          {"rate_limit_documented", traits.rate_limit_documented},
                          {"pagination", nullptr}});
  if (op.request_body) {
    out["request_body"] = Obj({{"required", op.request_body->required},
                                              {"content", ContentJson(op.request_body->content)}});
  }
  if (traits.pagination) {
    out["pagination"] = Obj({{"style", traits.pagination->style},
                                            {"parameters", Strings(traits.pagination->parameters)}});
  }
  return out;
}

}  // namespace

boost::json::array DiagnosticsJson(const Diagnostics& diagnostics) {
  boost::json::array out = Arr();
  for (const Diagnostic& d : diagnostics.items()) {
    out.push_back(Obj({{"rule", d.rule},
                                      {"severity", SeverityName(d.severity)},
                                      {"message", d.message},
                                      {"file", d.file},
                                      {"pointer", d.pointer},
                                      {"line", d.line},
                                      {"column", d.column}}));
  }
  return out;
}

std::string InspectJsonText(const Spec& spec, const Blueprint& blueprint, const Diagnostics& diagnostics) {
  // Written piece by piece, one operation at a time, so the report never exists whole as
  // a DOM: on GitHub's description that DOM took 16 MB, more than the text it becomes.
  std::string out = "{";
  auto member = [&out](std::string_view key, const boost::json::value& value) {
    if (out.size() > 1) out += ',';
    out += boost::json::serialize(boost::json::value(boost::json::string_view(key.data(), key.size())));
    out += ':';
    out += boost::json::serialize(value);
  };
  member("openapi_version", boost::json::value(spec.input_version));
  member("title", boost::json::value(spec.title));
  member("version", boost::json::value(spec.api_version));
  member("servers", Strings(spec.servers));
  out += ",\"operations\":[";
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    if (i > 0) out += ',';
    out += boost::json::serialize(OperationJson(spec.operations[i], blueprint.operations[i], spec.security));
  }
  out += ']';
  boost::json::array webhooks = Arr();
  for (const Operation& hook : spec.webhooks) {
    webhooks.push_back(Obj({{"name", hook.path}, {"method", hook.method}, {"operation_id", hook.operation_id}}));
  }
  member("webhooks", webhooks);
  boost::json::object schemes = Obj();
  for (const SecurityScheme& s : spec.security_schemes) {
    boost::json::array flows = Arr();
    for (const OAuthFlow& flow : s.flows) {
      flows.push_back(Obj({{"flow", flow.flow}, {"token_url", flow.token_url},
                           {"authorization_url", flow.authorization_url}, {"scopes", Strings(flow.scopes)}}));
    }
    schemes[s.name] = Obj({{"type", s.type}, {"scheme", s.scheme}, {"in", s.in}, {"name", s.parameter_name},
                           {"flows", flows}, {"open_id_connect_url", s.open_id_connect_url}});
  }
  member("security_schemes", schemes);
  boost::json::object categories = Obj();
  for (const Category& c : blueprint.categories) {
    categories[c.id] = Obj({{"applicable", c.applicable}, {"reason", c.reason}});
  }
  member("categories", categories);
  member("diagnostics", DiagnosticsJson(diagnostics));
  out += '}';
  return out;
}

}  // namespace icopilot::spec
