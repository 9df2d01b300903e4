#include "contract/postman.h"

#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "contract/reference.h"
#include "contract/response_check.h"
#include "core/strings.h"

namespace icopilot::contract {
namespace {

// A JavaScript string literal (JSON's are, in every engine newman runs on).
std::string Js(std::string_view text) { return boost::json::serialize(boost::json::string(text)); }

boost::json::object TestEvent(const std::vector<std::string>& lines) {
  boost::json::array exec;
  for (const auto& line : lines) exec.emplace_back(line);
  return {{"listen", "test"}, {"script", {{"type", "text/javascript"}, {"exec", std::move(exec)}}}};
}

boost::json::object Variable(std::string_view key, std::string_view value) {
  return {{"key", key}, {"value", value}, {"type", "string"}};
}

boost::json::object Bearer() {
  return {{"type", "bearer"}, {"bearer", boost::json::array{Variable("token", "{{token}}")}}};
}

// What Postman sends for the operation's first security alternative: an auth block, and
// API keys as headers or query parameters. Variables, never values.
struct Credentials {
  boost::json::object auth{{"type", "noauth"}};
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> query;
};

Credentials CredentialsFor(const spec::Spec& spec, const spec::Operation& op) {
  Credentials out;
  const auto& alternatives = spec::SecurityOf(spec, op);
  if (alternatives.empty()) return out;
  for (const auto& [name, scopes] : alternatives.front()) {
    const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec, name);
    if (scheme == nullptr) continue;
    switch (scheme->type) {
      case spec::SchemeType::kApiKey:
        if (scheme->in == spec::ParameterIn::kQuery) {
          out.query.emplace_back(scheme->parameter_name, "{{apiKey}}");
        } else if (scheme->in == spec::ParameterIn::kCookie) {
          out.headers.emplace_back("Cookie", StrCat(scheme->parameter_name, "={{apiKey}}"));
        } else {
          out.headers.emplace_back(scheme->parameter_name, "{{apiKey}}");
        }
        break;
      case spec::SchemeType::kHttp:
        if (scheme->scheme == "basic") {
          out.auth = {{"type", "basic"},
                      {"basic", boost::json::array{Variable("username", "{{username}}"),
                                                   Variable("password", "{{password}}")}}};
        } else {
          out.auth = Bearer();
        }
        break;
      case spec::SchemeType::kOAuth2:
      case spec::SchemeType::kOpenIdConnect:
        out.auth = Bearer();
        break;
      default:
        break;  // mutual TLS is the client's certificate, set in Postman's settings
    }
  }
  return out;
}

boost::json::object Url(const net::Request& request, const Credentials& credentials) {
  boost::json::array path;
  std::string_view rest = request.path;
  while (!rest.empty()) {
    if (rest.front() == '/') rest.remove_prefix(1);
    const auto slash = rest.find('/');
    path.emplace_back(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  boost::json::array query;
  std::string raw_query;
  std::string_view pairs = request.query;
  while (!pairs.empty()) {
    const auto amp = pairs.find('&');
    std::string_view pair = pairs.substr(0, amp);
    pairs = amp == std::string_view::npos ? std::string_view() : pairs.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    query.push_back({{"key", pair.substr(0, eq)},
                     {"value", eq == std::string_view::npos ? "" : pair.substr(eq + 1)}});
    raw_query += StrCat(raw_query.empty() ? "?" : "&", pair);
  }
  for (const auto& [name, value] : credentials.query) {
    query.push_back({{"key", name}, {"value", value}});
    raw_query += StrCat(raw_query.empty() ? "?" : "&", name, "=", value);
  }
  boost::json::object url{{"raw", StrCat("{{baseUrl}}", request.path, raw_query)},
                          {"host", boost::json::array{"{{baseUrl}}"}},
                          {"path", std::move(path)}};
  if (!query.empty()) url["query"] = std::move(query);
  return url;
}

boost::json::object Request(const net::Request& request, const Credentials& credentials,
                            std::string description) {
  boost::json::array headers;
  for (const auto& [name, value] : request.headers.fields())
    headers.push_back({{"key", name}, {"value", value}});
  for (const auto& [name, value] : credentials.headers)
    headers.push_back({{"key", name}, {"value", value}});
  boost::json::object out{{"method", request.method},
                          {"header", std::move(headers)},
                          {"url", Url(request, credentials)},
                          {"auth", credentials.auth},
                          {"description", std::move(description)}};
  if (!request.body.empty()) out["body"] = {{"mode", "raw"}, {"raw", request.body}};
  return out;
}

// The test of an operation's example: the answer's status is one the spec documents.
std::vector<std::string> DocumentedStatusTest(const spec::Operation& op) {
  std::string exact, ranges;
  bool any = false;
  for (const auto& response : op.responses) {
    const std::string& status = response.status;
    if (status == "default") {
      any = true;
    } else if (status.size() == 3 && (status[1] == 'X' || status[1] == 'x')) {
      ranges += StrCat(ranges.empty() ? "" : ", ", status.substr(0, 1));
    } else {
      exact += StrCat(exact.empty() ? "" : ", ", status);
    }
  }
  return {
      StrCat("const documented = [", exact, "], ranges = [", ranges, "];"),
      StrCat("pm.test(",
             Js(StrCat("answers with a status the spec documents (", DocumentedStatuses(op), ")")),
             ", function () {"),
      "  const code = pm.response.code;",
      StrCat("  pm.expect(", any ? "true" : "false",
             " || documented.includes(code) || ranges.includes(Math.floor(code / 100)), "
             "\"status \" + code).to.be.true;"),
      "});"};
}

std::vector<std::string> SavedCaseTest(const PostmanCase& saved) {
  std::vector<std::string> lines = {
      StrCat("pm.test(", Js(StrCat("status is ", saved.expected_status)),
             ", function () { pm.response.to.have.status(", saved.expected_status, "); });")};
  if (saved.fields.empty()) return lines;
  // RFC 6901 in the answer's body, as the runner reads it.
  lines.push_back(
      "function at(value, pointer) { return pointer.split('/').slice(1).map((t) => "
      "t.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((v, k) => (v === null || v === "
      "undefined ? undefined : v[k]), value); }");
  for (const auto& [pointer, value] : saved.fields) {
    const std::string expected = boost::json::serialize(value);
    lines.push_back(StrCat("pm.test(", Js(StrCat(pointer, " is ", expected)),
                           ", function () { pm.expect(at(pm.response.json(), ", Js(pointer),
                           ")).to.eql(", expected, "); });"));
  }
  return lines;
}

}  // namespace

boost::json::object PostmanCollection(const spec::LoadedSpec& loaded, const SpecSchemas& schemas,
                                      const std::vector<PostmanCase>& saved_cases) {
  const spec::Spec& spec = *loaded.spec;
  boost::json::array folders;  // one per first tag, in the document's order
  std::vector<std::string> folder_names;
  boost::json::array untagged;
  std::vector<std::string> left_out;
  for (const spec::Operation& op : spec.operations) {
    auto request = BuildExampleRequest(spec, schemas, op);
    if (!request.ok()) {
      left_out.push_back(StrCat(op.operation_id, " (", request.status().message(), ")"));
      continue;
    }
    boost::json::object item{{"name", op.summary.empty() ? op.operation_id : op.summary},
                             {"request", Request(*request, CredentialsFor(spec, op),
                                                 StrCat(spec::MethodToken(op.method), " ", op.path,
                                                        " (operationId ", op.operation_id, ")"))},
                             {"event", boost::json::array{TestEvent(DocumentedStatusTest(op))}}};
    if (op.tags.empty()) {
      untagged.push_back(std::move(item));
      continue;
    }
    std::size_t at = 0;
    while (at < folder_names.size() && folder_names[at] != op.tags.front()) ++at;
    if (at == folder_names.size()) {
      folder_names.push_back(op.tags.front());
      folders.push_back({{"name", op.tags.front()}, {"item", boost::json::array()}});
    }
    folders[at].as_object()["item"].as_array().push_back(std::move(item));
  }
  boost::json::array items = std::move(folders);
  for (auto& item : untagged) items.push_back(std::move(item));
  if (!saved_cases.empty()) {
    boost::json::array cases;
    for (const PostmanCase& saved : saved_cases) {
      const Credentials credentials =
          saved.operation != nullptr ? CredentialsFor(spec, *saved.operation) : Credentials{};
      cases.push_back({{"name", saved.name},
                       {"request", Request(saved.request, credentials, "A saved case")},
                       {"event", boost::json::array{TestEvent(SavedCaseTest(saved))}}});
    }
    items.push_back({{"name", "Saved cases"}, {"item", std::move(cases)}});
  }
  std::string description =
      StrCat("Exported by Integration Copilot from ", spec.title, " ", spec.api_version,
             ". Set baseUrl and the credentials in the environment file.");
  if (!left_out.empty()) {
    description += StrCat("\n\nLeft out: ", left_out.size(),
                          left_out.size() == 1 ? " operation" : " operations",
                          " whose request could not be built: ");
    for (std::size_t i = 0; i < left_out.size(); ++i)
      description += StrCat(i == 0 ? "" : "; ", left_out[i]);
  }
  return {{"info",
           {{"name", spec.title.empty() ? std::string("API") : spec.title},
            {"description", std::move(description)},
            {"schema", kPostmanSchema}}},
          {"variable",
           boost::json::array{boost::json::object{
               {"key", "baseUrl"}, {"value", spec.servers.empty() ? "" : spec.servers.front()}}}},
          {"item", std::move(items)}};
}

boost::json::object PostmanEnvironment(const spec::Spec& spec, std::string name,
                                       std::string base_url,
                                       const std::vector<PostmanVariable>& given) {
  std::vector<PostmanVariable> variables = {{"baseUrl", std::move(base_url), false}};
  auto add = [&](std::string_view key, bool secret) {
    for (const auto& existing : variables)
      if (existing.key == key) return;
    std::string value;
    for (const auto& variable : given)
      if (variable.key == key) value = variable.value;
    variables.push_back({std::string(key), std::move(value), secret});
  };
  for (const auto& scheme : spec.security_schemes) {
    if (scheme.type == spec::SchemeType::kApiKey) add("apiKey", true);
    if (scheme.type == spec::SchemeType::kHttp && scheme.scheme == "basic") {
      add("username", false);
      add("password", true);
    } else if (scheme.type == spec::SchemeType::kHttp || scheme.type == spec::SchemeType::kOAuth2 ||
               scheme.type == spec::SchemeType::kOpenIdConnect) {
      add("token", true);
    }
  }
  boost::json::array values;
  for (const auto& variable : variables) {
    values.push_back({{"key", variable.key},
                      {"value", variable.value},
                      {"type", variable.secret ? "secret" : "default"},
                      {"enabled", true}});
  }
  return {{"name", std::move(name)},
          {"values", std::move(values)},
          {"_postman_variable_scope", "environment"}};
}

}  // namespace icopilot::contract
