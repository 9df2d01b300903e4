#include "contract/request_builder.h"

#include <algorithm>
#include <cctype>

#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "contract/request_check.h"
#include "core/crypto.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "schema/generator.h"

namespace icopilot::contract {

std::string ParameterText(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) out += (out.empty() ? "" : ",") + ParameterText(item);
    return out;
  }
  return ReadableJson(v);
}

bool EncodeBody(std::string_view media_type, const boost::json::value& value,
                net::Request& request) {
  std::string lower(media_type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  request.headers.Set("content-type", "application/json");
  if (lower != "application/x-www-form-urlencoded" && lower != "multipart/form-data") {
    request.body = ReadableJson(value);
    if (lower.find('*') == std::string::npos)
      request.headers.Set("content-type", std::string(media_type));
    return true;
  }
  if (!value.is_object()) return false;
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, field] : value.as_object()) {
    if (field.is_object()) return false;
    if (field.is_array()) {
      for (const auto& item : field.as_array()) {
        if (item.is_object() || item.is_array()) return false;
        fields.emplace_back(key, ParameterText(item));
      }
    } else {
      fields.emplace_back(key, ParameterText(field));
    }
  }
  request.body.clear();
  if (lower == "multipart/form-data") {
    for (const auto& [key, text] : fields) {
      request.body += "--icopilot-form-boundary\r\nContent-Disposition: form-data; name=\"" + key +
                      "\"\r\n\r\n" + text + "\r\n";
    }
    request.body += "--icopilot-form-boundary--\r\n";
    request.headers.Set("content-type", "multipart/form-data; boundary=icopilot-form-boundary");
  } else {
    for (const auto& [key, text] : fields)
      request.body +=
          (request.body.empty() ? "" : "&") + PercentEncode(key) + "=" + PercentEncode(text);
    request.headers.Set("content-type", "application/x-www-form-urlencoded");
  }
  return true;
}

void AddCredentials(const spec::Spec& spec, const spec::SecurityRequirement& requirement,
                    const SentCredentials& credentials, net::Request& request) {
  for (const auto& [name, scopes] : requirement) {
    for (const auto& scheme : spec.security_schemes) {
      if (scheme.name != name) continue;
      if (scheme.type == spec::SchemeType::kApiKey && scheme.in == spec::ParameterIn::kHeader)
        request.headers.Set(scheme.parameter_name, credentials.api_key);
      if (scheme.type == spec::SchemeType::kApiKey && scheme.in == spec::ParameterIn::kQuery) {
        request.query += (request.query.empty() ? "" : "&") + PercentEncode(scheme.parameter_name) +
                         "=" + PercentEncode(credentials.api_key);
      }
      if (scheme.type == spec::SchemeType::kApiKey && scheme.in == spec::ParameterIn::kCookie)
        request.headers.Add("cookie", scheme.parameter_name + "=" + credentials.api_key);
      if (scheme.type == spec::SchemeType::kHttp && net::EqualsIgnoreCase(scheme.scheme, "basic")) {
        request.headers.Set("authorization", "Basic " + EncodeBase64(credentials.basic));
      } else if (scheme.type != spec::SchemeType::kApiKey &&
                 scheme.type != spec::SchemeType::kMutualTls) {
        request.headers.Set("authorization", "Bearer " + credentials.bearer);
      }
    }
  }
  request.target = request.path + (request.query.empty() ? "" : "?" + request.query);
}

bool IsIgnoredHeaderParameter(const spec::Parameter& p) {
  return p.in == spec::ParameterIn::kHeader && (net::EqualsIgnoreCase(p.name, "accept") ||
                                                net::EqualsIgnoreCase(p.name, "content-type") ||
                                                net::EqualsIgnoreCase(p.name, "authorization"));
}

absl::StatusOr<BuiltRequest> BuildValidRequest(const spec::Spec& spec, const SpecSchemas& schemas,
                                               const spec::Operation& op,
                                               const BuildOptions& options) {
  const std::uint64_t seed = options.seed;
  const std::string base = spec.servers.empty() ? "" : BasePathOf(spec.servers.front());
  net::Request request;
  request.method = spec::MethodToken(op.method);
  std::string path = op.path.substr(0, op.path.find_first_of("#?"));
  // What converted specs write after the path: `#Header=value` or `?name=value`.
  if (std::size_t cut = op.path.find_first_of("#?"); cut != std::string::npos) {
    std::string fixed = op.path.substr(cut + 1);
    if (op.path[cut] == '?') {
      request.query = fixed;
    } else {
      std::size_t eq = fixed.find('=');
      // presence only: the header's own parameter gives it a value below
      if (eq != std::string::npos) request.headers.Add(fixed.substr(0, eq), fixed.substr(eq + 1));
    }
  }
  bool buildable = true;
  auto find = [](const std::vector<std::pair<std::string, std::string>>& values,
                 const std::string& name) {
    return std::find_if(values.begin(), values.end(),
                        [&](const auto& entry) { return entry.first == name; });
  };
  for (const spec::Parameter& p : op.parameters) {
    auto fixed = find(options.fixed_values, p.name);
    if (p.in != spec::ParameterIn::kPath && !p.required && fixed == options.fixed_values.end())
      continue;
    if (IsIgnoredHeaderParameter(p)) continue;
    boost::json::value v = "x1";
    auto given = find(options.path_values, p.name);
    if (p.in == spec::ParameterIn::kPath && given != options.path_values.end()) {
      v = boost::json::string(given->second);
    } else if (fixed != options.fixed_values.end()) {
      v = boost::json::string(fixed->second);
    } else if (auto compiled = schemas.Get(p.schema); compiled.ok()) {
      // The spec's own example on the Parameter Object first: a parent that must exist
      // (an org, a merchant) is named there, and a generated key would get 404 everywhere.
      const boost::json::value* example = nullptr;
      for (const spec::Example& candidate : p.examples) {
        if (candidate.value != nullptr &&
            (*compiled)->Validate(*candidate.value, {.all_errors = false}).valid) {
          example = candidate.value;
          break;
        }
      }
      if (example != nullptr) {
        v = boost::json::value(*example, boost::json::storage_ptr());  // not in the spec's arena
      } else {
        auto made = schema::GenerateValid(**compiled,
                                          {.seed = seed, .direction = schema::Direction::kRequest});
        if (!made.ok()) {
          buildable = false;
          break;
        }
        v = std::move(made->value);
      }
    }
    if (p.in == spec::ParameterIn::kPath) {
      std::string token = "{" + p.name + "}";
      if (auto at = path.find(token); at != std::string::npos)
        path.replace(at, token.size(), PercentEncode(ParameterText(v)));
    } else if (p.in == spec::ParameterIn::kQuery) {
      if (request.query.find(PercentEncode(p.name) + "=") != std::string::npos)
        continue;  // fixed above
      request.query += (request.query.empty() ? "" : "&") + PercentEncode(p.name) + "=" +
                       PercentEncode(ParameterText(v));
    } else if (p.in == spec::ParameterIn::kHeader) {
      if (request.headers.Find(p.name)) continue;  // fixed above
      request.headers.Add(p.name, ParameterText(v));
    } else if (p.in == spec::ParameterIn::kCookie) {
      request.headers.Add("cookie", p.name + "=" + ParameterText(v));
    }
  }
  if (!buildable) {
    return absl::FailedPreconditionError("a required parameter's schema is unsatisfiable");
  }
  const spec::MediaType* body_media = nullptr;
  if (op.request_body) {
    for (std::string_view type :
         {"application/json", "application/x-www-form-urlencoded", "multipart/form-data"}) {
      body_media = MatchMediaType(op.request_body->content, type);
      if (body_media != nullptr) break;
    }
  }
  if (op.request_body && op.request_body->required && body_media == nullptr) {
    return absl::FailedPreconditionError(
        "takes no JSON or form body (binary, XML, ...): not built");
  }
  const schema::Schema* body_schema = nullptr;
  if (body_media != nullptr) {
    auto compiled = schemas.Get(body_media->schema);
    if (!compiled.ok()) {
      return absl::FailedPreconditionError("the body schema does not compile");
    }
    body_schema = *compiled;
    auto made = schema::GenerateValid(*body_schema,
                                      {.seed = seed, .direction = schema::Direction::kRequest});
    if (!made.ok()) {
      return absl::FailedPreconditionError("the body schema is unsatisfiable");
    }
    if (!EncodeBody(body_media->media_type, made->value, request)) {
      return absl::FailedPreconditionError("a form field holds an object: not built");
    }
  }
  request.path = base + path;
  request.target = request.path + (request.query.empty() ? "" : "?" + request.query);
  // Credentials for the first security alternative, as a partner would send them.
  const auto& requirements = spec::SecurityOf(spec, op);
  if (options.credentials && !requirements.empty())
    AddCredentials(spec, requirements.front(), *options.credentials, request);

  return BuiltRequest{std::move(request), body_schema};
}

}  // namespace icopilot::contract
