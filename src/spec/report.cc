#include "spec/report.h"

namespace icopilot::spec {
namespace {

boost::json::value ExamplesJson(const std::vector<Example>& examples) {
  boost::json::object out;
  for (const Example& example : examples) {
    out[example.name.empty() ? "example" : example.name] =
        example.external_value.empty() ? example.value : boost::json::object{{"externalValue", example.external_value}};
  }
  return out;
}

boost::json::object ContentJson(const std::vector<MediaType>& content) {
  boost::json::object out;
  for (const MediaType& media : content) {
    boost::json::object entry{{"schema", media.schema}};
    if (!media.examples.empty()) entry["examples"] = ExamplesJson(media.examples);
    out[media.media_type] = std::move(entry);
  }
  return out;
}

boost::json::array SecurityJson(const std::vector<SecurityRequirement>& requirements) {
  boost::json::array out;
  for (const auto& requirement : requirements) {
    boost::json::object alternative;
    for (const auto& [name, scopes] : requirement) {
      boost::json::array list;
      for (const auto& scope : scopes) list.push_back(boost::json::value(scope));
      alternative[name] = std::move(list);
    }
    out.push_back(std::move(alternative));
  }
  return out;
}

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& value : values) out.push_back(boost::json::value(value));
  return out;
}

boost::json::object OperationJson(const Operation& op, const OperationTraits& traits,
                                  const std::vector<SecurityRequirement>& global_security) {
  boost::json::array parameters;
  for (const Parameter& p : op.parameters) {
    parameters.push_back(boost::json::object{{"name", p.name}, {"in", p.in}, {"required", p.required},
                                             {"deprecated", p.deprecated}, {"style", p.style}, {"explode", p.explode},
                                             {"schema", p.schema}});
  }
  boost::json::object responses;
  for (const Response& r : op.responses) {
    boost::json::object headers;
    for (const Header& h : r.headers) headers[h.name] = boost::json::object{{"required", h.required}, {"schema", h.schema}};
    responses[r.status] = boost::json::object{{"description", r.description}, {"headers", headers},
                                              {"content", ContentJson(r.content)}};
  }
  boost::json::object out{{"operation_id", op.operation_id},
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
                          {"pagination", nullptr}};
  if (op.request_body) {
    out["request_body"] = boost::json::object{{"required", op.request_body->required},
                                              {"content", ContentJson(op.request_body->content)}};
  }
  if (traits.pagination) {
    out["pagination"] = boost::json::object{{"style", traits.pagination->style},
                                            {"parameters", Strings(traits.pagination->parameters)}};
  }
  return out;
}

}  // namespace

boost::json::array DiagnosticsJson(const Diagnostics& diagnostics) {
  boost::json::array out;
  for (const Diagnostic& d : diagnostics.items()) {
    out.push_back(boost::json::object{{"rule", d.rule},
                                      {"severity", SeverityName(d.severity)},
                                      {"message", d.message},
                                      {"file", d.file},
                                      {"pointer", d.pointer},
                                      {"line", d.line},
                                      {"column", d.column}});
  }
  return out;
}

boost::json::object InspectJson(const Spec& spec, const Blueprint& blueprint, const Diagnostics& diagnostics) {
  boost::json::array operations;
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    operations.push_back(OperationJson(spec.operations[i], blueprint.operations[i], spec.security));
  }
  boost::json::array webhooks;
  for (const Operation& hook : spec.webhooks) {
    webhooks.push_back(boost::json::object{{"name", hook.path}, {"method", hook.method}, {"operation_id", hook.operation_id}});
  }
  boost::json::object schemes;
  for (const SecurityScheme& s : spec.security_schemes) {
    boost::json::array flows;
    for (const OAuthFlow& flow : s.flows) {
      flows.push_back(boost::json::object{{"flow", flow.flow}, {"token_url", flow.token_url},
                                          {"authorization_url", flow.authorization_url}, {"scopes", Strings(flow.scopes)}});
    }
    schemes[s.name] = boost::json::object{{"type", s.type}, {"scheme", s.scheme}, {"in", s.in},
                                          {"name", s.parameter_name}, {"flows", flows},
                                          {"open_id_connect_url", s.open_id_connect_url}};
  }
  boost::json::object categories;
  for (const Category& c : blueprint.categories) {
    categories[c.id] = boost::json::object{{"applicable", c.applicable}, {"reason", c.reason}};
  }
  return {{"openapi_version", spec.input_version},
          {"title", spec.title},
          {"version", spec.api_version},
          {"servers", Strings(spec.servers)},
          {"operations", operations},
          {"webhooks", webhooks},
          {"security_schemes", schemes},
          {"categories", categories},
          {"diagnostics", DiagnosticsJson(diagnostics)}};
}

}  // namespace icopilot::spec
