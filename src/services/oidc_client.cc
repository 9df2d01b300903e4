#include "services/oidc_client.h"

#include "core/crypto.h"
#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/http_client.h"
#include "services/send_target.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kCacheMs = 60 * 60 * 1000;
constexpr std::int64_t kKeyRefetchMs = 10 * 1000;
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

std::string Member(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

bool Lists(const boost::json::object& object, std::string_view name, std::string_view item) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_array()) return false;
  for (const auto& entry : value->as_array())
    if (entry.is_string() && entry.as_string() == item) return true;
  return false;
}

}  // namespace

absl::StatusOr<std::string> OidcClient::Fetch(std::string_view field, std::string_view url,
                                              std::string_view method, std::string body,
                                              std::string authorization) {
  net::ClientRequest request;
  request.method = std::string(method);
  request.url = std::string(url);
  request.max_body_bytes = kMaxAnswerBytes;
  request.headers.emplace_back("Accept", "application/json");
  if (!body.empty())
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  request.body = std::move(body);
  if (!options_.allow_private_targets) {
    ASSIGN_OR_RETURN(std::string pin, CheckPublicTarget(field, url));
    if (!url.starts_with("https://"))
      return absl::FailedPreconditionError(
          StrCat(field, ": ", url, " is not https; an identity provider is reached over TLS"));
    request.resolve.push_back(std::move(pin));
  }
  auto response = net::SendHttp(request);
  if (!response.ok())
    return absl::UnavailableError(
        StrCat(field, ": ", url, " could not be reached: ", response.status().message()));
  if (response->status != 200) {
    // The token endpoint says why in {"error", "error_description"} (RFC 6749 5.2).
    auto json = ParseJson(response->body);
    std::string why;
    if (json.ok() && json->is_object()) {
      why = Member(json->as_object(), "error");
      const std::string description = Member(json->as_object(), "error_description");
      if (!description.empty()) why = StrCat(why, ": ", description);
    }
    return absl::FailedPreconditionError(StrCat(field, ": ", url, " answered ", response->status,
                                                why.empty() ? "" : " (", why,
                                                why.empty() ? "" : ")"));
  }
  return std::move(response->body);
}

absl::StatusOr<OidcProviderMetadata> OidcClient::Discover(std::string_view issuer) {
  const std::int64_t now = clock_.NowMillis();
  {
    std::lock_guard lock(mutex_);
    auto it = metadata_.find(issuer);
    if (it != metadata_.end() && now - it->second.fetched_at < kCacheMs) return it->second.metadata;
  }
  std::string base(issuer);
  while (base.ends_with('/')) base.pop_back();
  const std::string url = StrCat(base, "/.well-known/openid-configuration");
  ASSIGN_OR_RETURN(std::string text, Fetch("issuer", url));
  auto json = ParseJson(text);
  if (!json.ok() || !json->is_object())
    return absl::FailedPreconditionError(
        StrCat("issuer: ", url, " is not an OpenID Connect discovery document (not JSON)"));
  const auto& document = json->as_object();
  OidcProviderMetadata metadata;
  metadata.issuer = Member(document, "issuer");
  metadata.authorization_endpoint = Member(document, "authorization_endpoint");
  metadata.token_endpoint = Member(document, "token_endpoint");
  metadata.jwks_uri = Member(document, "jwks_uri");
  // OpenID Connect Discovery 4.3: the document speaks for exactly the issuer asked about.
  if (metadata.issuer != issuer)
    return absl::FailedPreconditionError(StrCat("issuer: the provider calls itself \"",
                                                metadata.issuer, "\", not \"", issuer, "\""));
  for (const auto& [name, value] :
       {std::pair{"authorization_endpoint", &metadata.authorization_endpoint},
        std::pair{"token_endpoint", &metadata.token_endpoint},
        std::pair{"jwks_uri", &metadata.jwks_uri}}) {
    if (value->empty())
      return absl::FailedPreconditionError(
          StrCat("issuer: the provider's discovery document has no ", name));
  }
  if (document.contains("token_endpoint_auth_methods_supported") &&
      !Lists(document, "token_endpoint_auth_methods_supported", "client_secret_basic")) {
    if (!Lists(document, "token_endpoint_auth_methods_supported", "client_secret_post"))
      return absl::FailedPreconditionError(
          "issuer: the provider takes neither client_secret_basic nor client_secret_post");
    metadata.secret_in_body = true;
  }
  std::lock_guard lock(mutex_);
  metadata_[std::string(issuer)] = {metadata, now};
  return metadata;
}

absl::StatusOr<std::shared_ptr<const jwt::KeySet>> OidcClient::FetchKeys(
    std::string_view jwks_uri) {
  ASSIGN_OR_RETURN(std::string text, Fetch("jwks_uri", jwks_uri));
  auto keys = jwt::KeySet::Parse(text);
  if (!keys.ok())
    return absl::FailedPreconditionError(
        StrCat("jwks_uri: ", jwks_uri, ": ", keys.status().message()));
  return std::make_shared<const jwt::KeySet>(*std::move(keys));
}

absl::StatusOr<jwt::PublicKey> OidcClient::KeyFor(const OidcProviderMetadata& provider,
                                                  std::string_view kid) {
  const std::int64_t now = clock_.NowMillis();
  std::shared_ptr<const jwt::KeySet> keys;
  bool fresh_enough = false;
  {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(provider.jwks_uri);
    if (it != keys_.end()) {
      keys = it->second.keys;
      fresh_enough = now - it->second.fetched_at < kKeyRefetchMs;
      if (now - it->second.fetched_at >= kCacheMs) keys = nullptr;
    }
  }
  if (keys != nullptr) {
    if (const jwt::PublicKey* key = keys->Find(kid)) return *key;
  }
  // Unknown key id: the provider may have rotated its keys since they were fetched.
  if (keys == nullptr || !fresh_enough) {
    ASSIGN_OR_RETURN(keys, FetchKeys(provider.jwks_uri));
    std::lock_guard lock(mutex_);
    keys_[provider.jwks_uri] = {keys, now};
  }
  if (const jwt::PublicKey* key = keys->Find(kid)) return *key;
  return absl::UnauthenticatedError(StrCat("the ID token names key id \"", kid,
                                           "\", which the provider's key set (", provider.jwks_uri,
                                           ") does not have"));
}

absl::StatusOr<std::string> OidcClient::ExchangeCode(const OidcProviderMetadata& provider,
                                                     const CodeExchange& exchange) {
  std::string form = StrCat("grant_type=authorization_code&code=", PercentEncode(exchange.code),
                            "&redirect_uri=", PercentEncode(exchange.redirect_uri),
                            "&code_verifier=", PercentEncode(exchange.code_verifier));
  std::string authorization;
  if (provider.secret_in_body) {
    form += StrCat("&client_id=", PercentEncode(exchange.client_id),
                   "&client_secret=", PercentEncode(exchange.client_secret));
  } else {
    // RFC 6749 2.3.1: each form-encoded, then base64.
    authorization = StrCat("Basic ", EncodeBase64(StrCat(PercentEncode(exchange.client_id), ":",
                                                         PercentEncode(exchange.client_secret))));
  }
  ASSIGN_OR_RETURN(std::string text, Fetch("token_endpoint", provider.token_endpoint, "POST",
                                           std::move(form), std::move(authorization)));
  auto json = ParseJson(text);
  const std::string id_token =
      json.ok() && json->is_object() ? Member(json->as_object(), "id_token") : std::string();
  if (id_token.empty())
    return absl::FailedPreconditionError(
        "token_endpoint: the provider's answer has no id_token (is the \"openid\" scope allowed "
        "for this client?)");
  return id_token;
}

}  // namespace icopilot::services
