#include "mock/security.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "contract/form_body.h"
#include "contract/request_check.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot::mock {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& v) { return ConstantTimeEquals(v, value); });
}

// "Bearer abc" -> "abc" when the scheme matches (case-insensitive).
std::optional<std::string> AuthorizationValue(const net::Request& request,
                                              std::string_view scheme) {
  auto header = request.headers.Find("authorization");
  if (!header) return std::nullopt;
  std::string_view text = TrimWhitespace(*header);
  if (text.size() <= scheme.size() ||
      !net::EqualsIgnoreCase(text.substr(0, scheme.size()), scheme) || text[scheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string value(TrimWhitespace(text.substr(scheme.size() + 1)));
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<std::string> ApiKeyValue(const net::Request& request,
                                       const spec::SecurityScheme& scheme) {
  if (!scheme.in) return std::nullopt;  // the document does not say where the key goes
  for (const std::string& value :
       contract::ValuesSent(request, *scheme.in, scheme.parameter_name)) {
    std::string_view trimmed = TrimWhitespace(value);
    if (!trimmed.empty()) return std::string(trimmed);
  }
  return std::nullopt;
}

// Where an API key goes; a scheme that does not say is read as a header (and never met).
std::string_view KeyLocation(const spec::SecurityScheme& scheme) {
  return spec::LocationName(scheme.in.value_or(spec::ParameterIn::kHeader));
}

std::string Challenge(const spec::SecurityScheme& scheme) {
  if (scheme.type == spec::SchemeType::kHttp && net::EqualsIgnoreCase(scheme.scheme, "basic"))
    return "Basic realm=\"mock\"";
  if (scheme.type == spec::SchemeType::kApiKey)
    return StrCat("ApiKey realm=\"mock\", ", KeyLocation(scheme), "=\"", scheme.parameter_name,
                  "\"");
  return "Bearer realm=\"mock\"";
}

std::string Describe(const spec::SecurityScheme& scheme) {
  if (scheme.type == spec::SchemeType::kApiKey)
    return StrCat("an API key in the ", KeyLocation(scheme), " '", scheme.parameter_name, "'");
  if (scheme.type == spec::SchemeType::kHttp && net::EqualsIgnoreCase(scheme.scheme, "basic"))
    return "HTTP basic credentials";
  return "a bearer token";
}

enum class SchemeResult { kSatisfied, kMissing, kInvalid, kMissingScope };

SchemeResult CheckScheme(const spec::SecurityScheme& scheme, const std::vector<std::string>& scopes,
                         const net::Request& request, const AuthOptions& options,
                         const TokenStore& tokens, std::string& missing_scopes) {
  if (scheme.type == spec::SchemeType::kMutualTls)
    return SchemeResult::kSatisfied;  // not visible over plain HTTP
  if (scheme.type == spec::SchemeType::kApiKey) {
    auto value = ApiKeyValue(request, scheme);
    if (!value) return SchemeResult::kMissing;
    return !options.strict || Contains(options.api_keys, *value) ? SchemeResult::kSatisfied
                                                                 : SchemeResult::kInvalid;
  }
  if (scheme.type == spec::SchemeType::kHttp && net::EqualsIgnoreCase(scheme.scheme, "basic")) {
    auto value = AuthorizationValue(request, "Basic");
    if (!value) return SchemeResult::kMissing;
    auto decoded = DecodeBase64(*value);
    if (!decoded || decoded->find(':') == std::string::npos) return SchemeResult::kInvalid;
    return !options.strict || Contains(options.basic, *decoded) ? SchemeResult::kSatisfied
                                                                : SchemeResult::kInvalid;
  }
  // http bearer (and other http schemes), oauth2, openIdConnect: a bearer token
  auto token = AuthorizationValue(request, "Bearer");
  if (!token) return SchemeResult::kMissing;
  auto issued = tokens.Find(*token);
  if (!issued) {
    if (options.strict && !Contains(options.api_keys, *token)) return SchemeResult::kInvalid;
    return SchemeResult::kSatisfied;  // a token from elsewhere carries every scope
  }
  for (const auto& scope : scopes) {
    if (!issued->contains(scope))
      missing_scopes += StrCat(missing_scopes.empty() ? "" : " ", scope);
  }
  return missing_scopes.empty() ? SchemeResult::kSatisfied : SchemeResult::kMissingScope;
}

std::string FormValue(std::string_view body, std::string_view name) {
  auto fields = contract::ParseUrlEncodedForm(body);
  if (!fields.ok()) return "";
  for (const auto& field : *fields) {
    if (field.name == name) return field.value;
  }
  return "";
}

net::Response OAuthError(int status, std::string_view error, std::string_view description) {
  net::Response response;
  response.status = status;
  response.headers.Set("content-type", "application/json");
  response.headers.Set("cache-control", "no-store");
  response.body = boost::json::serialize(
      boost::json::object{{"error", error}, {"error_description", description}});
  return response;
}

}  // namespace

std::string TokenStore::Issue(std::set<std::string> scopes) {
  std::string token = StrCat("mock_", RandomToken(24));
  std::lock_guard lock(mutex_);
  tokens_.emplace(token, std::move(scopes));
  order_.push_back(token);
  while (order_.size() > capacity_) {
    tokens_.erase(order_.front());
    order_.pop_front();
  }
  return token;
}

std::optional<std::set<std::string>> TokenStore::Find(const std::string& token) const {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

AuthOutcome CheckSecurity(const spec::Spec& spec, const spec::Operation& operation,
                          const net::Request& request, const AuthOptions& options,
                          const TokenStore& tokens) {
  const auto& requirements = spec::SecurityOf(spec, operation);
  AuthOutcome outcome;
  if (requirements.empty()) return outcome;
  std::string challenge, first_problem, scope_problem;
  auto uses_authorization = [](const spec::SecurityScheme& s) {
    if (s.type == spec::SchemeType::kApiKey)
      return s.in == spec::ParameterIn::kHeader &&
             net::EqualsIgnoreCase(s.parameter_name, "authorization");
    return s.type != spec::SchemeType::kMutualTls;
  };
  for (const auto& alternative : requirements) {
    bool satisfied = true;
    // One request has one Authorization header: when an alternative names several
    // schemes that read it (basic and bearer together), one accepted credential does.
    bool authorization_accepted = false;
    for (const auto& [name, scopes] : alternative) {
      const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec, name);
      if (scheme == nullptr || !uses_authorization(*scheme)) continue;
      std::string ignored;
      if (CheckScheme(*scheme, scopes, request, options, tokens, ignored) ==
          SchemeResult::kSatisfied) {
        authorization_accepted = true;
      }
    }
    for (const auto& [name, scopes] : alternative) {
      const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec, name);
      if (scheme == nullptr) continue;  // undefined scheme: the linter's business
      if (challenge.empty()) challenge = Challenge(*scheme);
      std::string missing_scopes;
      SchemeResult result = CheckScheme(*scheme, scopes, request, options, tokens, missing_scopes);
      if (result == SchemeResult::kSatisfied) continue;
      if (result != SchemeResult::kMissingScope && authorization_accepted &&
          uses_authorization(*scheme))
        continue;
      satisfied = false;
      if (result == SchemeResult::kMissingScope && scope_problem.empty()) {
        scope_problem =
            StrCat("the token lacks the scope ", missing_scopes, " this operation needs");
        challenge = StrCat("Bearer realm=\"mock\", error=\"insufficient_scope\", scope=\"",
                           missing_scopes, "\"");
      } else if (first_problem.empty()) {
        first_problem = result == SchemeResult::kMissing
                            ? StrCat("this operation needs ", Describe(*scheme))
                            : StrCat(Describe(*scheme), " was not accepted");
      }
    }
    if (satisfied) return outcome;  // an alternative with no schemes ({}) allows anyone
  }
  outcome.allowed = false;
  outcome.status = scope_problem.empty() ? 401 : 403;
  outcome.message = scope_problem.empty() ? first_problem : scope_problem;
  outcome.www_authenticate = challenge;
  return outcome;
}

net::Response IssueToken(const net::Request& request, const AuthOptions& options,
                         TokenStore& tokens) {
  std::string grant = FormValue(request.body, "grant_type");
  if (grant != "client_credentials") {
    return OAuthError(400, "unsupported_grant_type",
                      "this mock issues tokens for grant_type=client_credentials");
  }
  std::string client = FormValue(request.body, "client_id");
  std::string secret = FormValue(request.body, "client_secret");
  if (auto basic = AuthorizationValue(request, "Basic")) {
    if (auto decoded = DecodeBase64(*basic); decoded && decoded->find(':') != std::string::npos) {
      client = decoded->substr(0, decoded->find(':'));
      secret = decoded->substr(decoded->find(':') + 1);
    }
  }
  if (client.empty() || (options.strict && !Contains(options.basic, StrCat(client, ":", secret)))) {
    net::Response response = OAuthError(401, "invalid_client", "unknown client credentials");
    response.headers.Set("www-authenticate", "Basic realm=\"mock\"");
    return response;
  }
  std::set<std::string> scopes;
  std::string requested = FormValue(request.body, "scope");
  std::size_t start = 0;
  while (start < requested.size()) {
    std::size_t space = requested.find(' ', start);
    std::string scope =
        requested.substr(start, space == std::string::npos ? std::string::npos : space - start);
    if (!scope.empty()) scopes.insert(scope);
    if (space == std::string::npos) break;
    start = space + 1;
  }
  std::string token = tokens.Issue(scopes);
  net::Response response;
  response.headers.Set("content-type", "application/json");
  response.headers.Set("cache-control", "no-store");
  response.body = boost::json::serialize(boost::json::object{{"access_token", token},
                                                             {"token_type", "Bearer"},
                                                             {"expires_in", 3600},
                                                             {"scope", requested}});
  return response;
}

}  // namespace icopilot::mock
