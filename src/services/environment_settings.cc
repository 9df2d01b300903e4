#include "services/environment_settings.h"

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

std::string Text(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

boost::json::object CredentialsObject(const EnvironmentCredentials& c) {
  boost::json::object out{{"api_key", c.api_key}, {"bearer", c.bearer}, {"basic", c.basic}};
  if (c.oauth2) {
    boost::json::array scopes;
    for (const auto& scope : c.oauth2->scopes) scopes.push_back(boost::json::string(scope));
    out["oauth2"] = {{"token_url", c.oauth2->token_url},
                     {"client_id", c.oauth2->client_id},
                     {"client_secret", c.oauth2->client_secret},
                     {"scopes", std::move(scopes)}};
  }
  return out;
}

EnvironmentCredentials CredentialsFrom(const boost::json::object& object) {
  EnvironmentCredentials c{Text(object, "api_key"), Text(object, "bearer"), Text(object, "basic"),
                           std::nullopt};
  if (const auto* oauth2 = object.if_contains("oauth2"); oauth2 != nullptr && oauth2->is_object()) {
    const auto& o = oauth2->as_object();
    golden::OAuth2Client client{
        Text(o, "token_url"), Text(o, "client_id"), Text(o, "client_secret"), {}};
    if (const auto* scopes = o.if_contains("scopes"); scopes != nullptr && scopes->is_array()) {
      for (const auto& scope : scopes->as_array())
        if (scope.is_string()) client.scopes.emplace_back(scope.as_string());
    }
    c.oauth2 = std::move(client);
  }
  return c;
}

bool IsHttpUrl(std::string_view url) {
  return (url.starts_with("https://") && url.size() > 8) ||
         (url.starts_with("http://") && url.size() > 7);
}

}  // namespace

boost::json::array Pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  boost::json::array out;
  for (const auto& [name, value] : pairs) out.push_back({name, value});
  return out;
}

std::vector<std::pair<std::string, std::string>> PairsFrom(const boost::json::object& object,
                                                           std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const auto* pairs = object.if_contains(key); pairs != nullptr && pairs->is_array()) {
    for (const auto& pair : pairs->as_array()) {
      if (pair.is_array() && pair.as_array().size() == 2 && pair.as_array()[0].is_string() &&
          pair.as_array()[1].is_string())
        out.emplace_back(pair.as_array()[0].as_string(), pair.as_array()[1].as_string());
    }
  }
  return out;
}

std::string EncodeSettings(const EnvironmentSettings& settings) {
  return boost::json::serialize(
      boost::json::object{{"headers", Pairs(settings.headers)},
                          {"parameter_values", Pairs(settings.parameter_values)},
                          {"credentials", CredentialsObject(settings.credentials)},
                          {"ca_bundle", settings.ca_bundle},
                          {"client_cert", settings.client_cert},
                          {"client_key", settings.client_key}});
}

absl::StatusOr<EnvironmentSettings> DecodeSettings(std::string_view json) {
  auto parsed = ParseJson(json);
  if (!parsed.ok() || !parsed->is_object())
    return absl::DataLossError("an environment's stored settings are not readable");
  const auto& object = parsed->as_object();
  EnvironmentSettings settings;
  settings.headers = PairsFrom(object, "headers");
  settings.parameter_values = PairsFrom(object, "parameter_values");
  if (const auto* c = object.if_contains("credentials"); c != nullptr && c->is_object())
    settings.credentials = CredentialsFrom(c->as_object());
  settings.ca_bundle = Text(object, "ca_bundle");
  settings.client_cert = Text(object, "client_cert");
  settings.client_key = Text(object, "client_key");
  return settings;
}

absl::StatusOr<EnvironmentCredentials> ReadCredentials(const boost::json::value& json) {
  if (!json.is_object()) return absl::InvalidArgumentError("credentials: must be an object");
  const auto& object = json.as_object();
  for (const auto& [key, value] : object) {
    if (key != "api_key" && key != "bearer" && key != "basic" && key != "oauth2")
      return absl::InvalidArgumentError(StrCat("credentials.", std::string_view(key),
                                               ": unknown (api_key, bearer, basic, oauth2)"));
    if (key != "oauth2" && !value.is_string())
      return absl::InvalidArgumentError(
          StrCat("credentials.", std::string_view(key), ": must be a string"));
  }
  EnvironmentCredentials c = CredentialsFrom(object);
  if (!c.basic.empty() && c.basic.find(':') == std::string::npos)
    return absl::InvalidArgumentError("credentials.basic: USER:PASSWORD");
  if (const auto* oauth2 = object.if_contains("oauth2")) {
    if (!oauth2->is_object())
      return absl::InvalidArgumentError("credentials.oauth2: must be an object");
    if (!IsHttpUrl(c.oauth2->token_url))
      return absl::InvalidArgumentError("credentials.oauth2.token_url: an http:// or https:// URL");
    if (c.oauth2->client_id.empty() || c.oauth2->client_secret.empty())
      return absl::InvalidArgumentError(
          "credentials.oauth2: client_id and client_secret are required");
  }
  return c;
}

std::string EncodeCredentialsJson(const EnvironmentCredentials& credentials) {
  return boost::json::serialize(CredentialsObject(credentials));
}

absl::StatusOr<EnvironmentCredentials> DecodeCredentialsJson(std::string_view json) {
  auto parsed = ParseJson(json);
  if (!parsed.ok() || !parsed->is_object())
    return absl::DataLossError("stored credentials are not readable");
  return CredentialsFrom(parsed->as_object());
}

boost::json::object DescribeCredentials(const EnvironmentCredentials& c) {
  boost::json::object out{
      {"api_key", !c.api_key.empty()}, {"bearer", !c.bearer.empty()}, {"basic", !c.basic.empty()}};
  if (c.oauth2) {
    boost::json::array scopes;
    for (const auto& scope : c.oauth2->scopes) scopes.push_back(boost::json::string(scope));
    out["oauth2"] = {{"token_url", c.oauth2->token_url},
                     {"client_id", c.oauth2->client_id},
                     {"scopes", std::move(scopes)}};
  } else {
    out["oauth2"] = nullptr;
  }
  return out;
}

}  // namespace icopilot::services
