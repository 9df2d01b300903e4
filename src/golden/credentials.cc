#include "golden/credentials.h"

#include <algorithm>

#include "contract/request_builder.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/strings.h"

namespace icopilot::golden {
namespace {

using Clock = std::chrono::steady_clock;

bool IsBasic(const spec::SecurityScheme& scheme) {
  return scheme.type == spec::SchemeType::kHttp && net::EqualsIgnoreCase(scheme.scheme, "basic");
}

std::string Joined(const std::set<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out += StrCat(out.empty() ? "" : " ", scope);
  return out;
}

// What a flag would give for a scheme the environment lacks.
std::string Missing(const spec::SecurityScheme& scheme) {
  if (scheme.type == spec::SchemeType::kApiKey)
    return StrCat("an API key for '", scheme.name, "' (--api-key)");
  if (IsBasic(scheme)) return StrCat("a user and password for '", scheme.name, "' (--basic)");
  if (scheme.type == spec::SchemeType::kMutualTls)
    return StrCat("a client certificate for '", scheme.name, "' (--client-cert)");
  return StrCat("a token for '", scheme.name,
                "' (--bearer, or --oauth2-token-url with --client-id and --client-secret)");
}

}  // namespace

Credentials::Credentials(const spec::Spec& spec, Session& session)
    : spec_(spec), session_(session) {}

const std::vector<spec::SecurityRequirement>& Credentials::RequirementsOf(
    const spec::Operation& op) const {
  return spec::SecurityOf(spec_, op);
}

bool Credentials::CanSatisfy(const spec::SecurityRequirement& requirement) const {
  const Target& target = session_.target();
  for (const auto& [name, scopes] : requirement) {
    const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec_, name);
    if (scheme == nullptr) return false;
    if (scheme->type == spec::SchemeType::kApiKey) {
      if (target.api_key.empty()) return false;
    } else if (IsBasic(*scheme)) {
      if (target.basic.empty()) return false;
    } else if (scheme->type == spec::SchemeType::kMutualTls) {
      if (target.tls.client_cert.empty() && target.tls.client_cert_pem.empty()) return false;
    } else if (target.bearer.empty() && !target.oauth2) {
      return false;
    }
  }
  return true;
}

std::set<std::string> Credentials::EnvironmentScopes(
    const spec::SecurityRequirement& requirement) const {
  const Target& target = session_.target();
  std::set<std::string> scopes;
  if (target.oauth2 && !target.oauth2->scopes.empty()) {
    scopes.insert(target.oauth2->scopes.begin(), target.oauth2->scopes.end());
    return scopes;
  }
  // Every scope the spec's OAuth2 schemes list, and the ones this alternative asks for.
  for (const auto& scheme : spec_.security_schemes) {
    for (const auto& flow : scheme.flows) scopes.insert(flow.scopes.begin(), flow.scopes.end());
  }
  for (const auto& [name, wanted] : requirement) scopes.insert(wanted.begin(), wanted.end());
  return scopes;
}

absl::Status Credentials::AddValid(const spec::Operation& op, net::Request& request,
                                   std::vector<Exchange>& evidence) {
  const auto& requirements = RequirementsOf(op);
  if (requirements.empty()) return absl::OkStatus();
  for (const auto& requirement : requirements) {
    if (requirement.empty()) return absl::OkStatus();  // `{}`: anonymous calls allowed
    if (!CanSatisfy(requirement)) continue;
    const Target& target = session_.target();
    contract::SentCredentials sent{
        .api_key = target.api_key, .bearer = target.bearer, .basic = target.basic};
    if (target.bearer.empty() && target.oauth2) {
      bool wants_token = std::any_of(requirement.begin(), requirement.end(), [&](const auto& r) {
        const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec_, r.first);
        return scheme != nullptr && scheme->type != spec::SchemeType::kApiKey &&
               !IsBasic(*scheme) && scheme->type != spec::SchemeType::kMutualTls;
      });
      if (wants_token) {
        auto token = TokenFor(EnvironmentScopes(requirement), evidence);
        if (!token.ok()) return token.status();
        sent.bearer = *token;
      }
    }
    contract::AddCredentials(spec_, requirement, sent, request);
    return absl::OkStatus();
  }
  std::string missing;
  for (const auto& [name, scopes] : requirements.front()) {
    if (const spec::SecurityScheme* scheme = spec::FindSecurityScheme(spec_, name))
      missing += StrCat(missing.empty() ? "" : " and ", Missing(*scheme));
  }
  return absl::UnauthenticatedError(
      StrCat("the environment has no credentials this operation accepts: give ", missing));
}

void Credentials::AddInvalid(const spec::Operation& op, net::Request& request) const {
  const auto& requirements = RequirementsOf(op);
  if (requirements.empty()) return;
  const std::string wrong = StrCat("icopilot-invalid-", RandomToken(8));
  contract::AddCredentials(spec_, requirements.front(),
                           {.api_key = wrong, .bearer = wrong, .basic = StrCat("icopilot:", wrong)},
                           request);
}

bool Credentials::CanAskForScopes() const { return session_.target().oauth2.has_value(); }

absl::StatusOr<std::string> Credentials::TokenFor(const std::set<std::string>& scopes,
                                                  std::vector<Exchange>& evidence) {
  auto issued = Issue(scopes, evidence);
  if (!issued.ok()) return issued.status();
  return std::move(issued->token);
}

absl::StatusOr<Credentials::Issued> Credentials::Issue(const std::set<std::string>& scopes,
                                                       std::vector<Exchange>& evidence) {
  const auto& oauth2 = session_.target().oauth2;
  if (!oauth2) return absl::FailedPreconditionError("no OAuth2 client credentials were given");
  {
    std::lock_guard lock(mutex_);
    auto found = tokens_.find(scopes);
    if (found != tokens_.end() && found->second.expires > Clock::now()) return found->second.issued;
  }
  std::string form = "grant_type=client_credentials";
  if (!scopes.empty()) form += StrCat("&scope=", PercentEncode(Joined(scopes)));
  // client_secret_basic first (RFC 6749 2.3.1); servers that only read the form get a
  // second try with the credentials in the body.
  net::ClientRequest request{.method = "POST", .url = oauth2->token_url};
  request.headers = {
      {"content-type", "application/x-www-form-urlencoded"},
      {"accept", "application/json"},
      {"authorization",
       StrCat("Basic ", EncodeBase64(StrCat(oauth2->client_id, ":", oauth2->client_secret)))}};
  request.body = form;
  auto response = session_.SendTo(request, evidence);
  if (response.ok() && (response->status == 400 || response->status == 401)) {
    request.headers.pop_back();
    request.body = StrCat(form, "&client_id=", PercentEncode(oauth2->client_id),
                          "&client_secret=", PercentEncode(oauth2->client_secret));
    response = session_.SendTo(request, evidence);
  }
  if (!response.ok()) {
    return absl::UnavailableError(StrCat("the token endpoint could not be reached: ",
                                         std::string(response.status().message())));
  }
  if (response->status != 200) {
    return absl::FailedPreconditionError(
        StrCat("the token endpoint refused the client credentials (", response->status, ")"));
  }
  auto body = ParseJson(response->body);
  const boost::json::value* token =
      body.ok() && body->is_object() ? body->as_object().if_contains("access_token") : nullptr;
  if (token == nullptr || !token->is_string() || token->as_string().empty()) {
    return absl::FailedPreconditionError("the token endpoint's answer has no access_token");
  }
  Issued issued{std::string(token->as_string()), scopes};
  if (const auto* granted = body->as_object().if_contains("scope");
      granted != nullptr && granted->is_string()) {
    issued.granted.clear();
    for (std::string_view scope : SplitAndTrim(std::string_view(granted->as_string()), ' '))
      issued.granted.emplace(scope);
  }
  session_.AddSecret(issued.token);
  std::int64_t expires_in = 3600;
  if (const auto* expires = body->as_object().if_contains("expires_in");
      expires != nullptr && expires->is_int64()) {
    expires_in = expires->as_int64();
  }
  // A margin so that a token is not sent in its last seconds.
  auto lifetime = std::chrono::seconds(std::max<std::int64_t>(0, expires_in - 30));
  std::lock_guard lock(mutex_);
  tokens_[scopes] = {issued, Clock::now() + lifetime};
  return issued;
}

bool Credentials::Forget(const std::string& token) {
  std::lock_guard lock(mutex_);
  bool known = false;
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    known |= it->second.issued.token == token;
    it = it->second.issued.token == token ? tokens_.erase(it) : std::next(it);
  }
  return known;
}

}  // namespace icopilot::golden
