#include "services/sso_service.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/cord.h"
#include "core/ids.h"
#include "core/jwt.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "services/id_token_claims.h"
#include "store/org_repository.h"
#include "store/user_repository.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kSignInTimeoutMs = 10 * 60 * 1000;
constexpr std::size_t kMaxDomains = 50;

struct Preset {
  std::string_view name;
  std::string_view label;
};
constexpr Preset kPresets[] = {
    {"google", "Google"}, {"entra", "Microsoft Entra ID"}, {"oidc", "single sign-on"}};

std::string_view LabelOf(std::string_view preset) {
  for (const auto& p : kPresets)
    if (p.name == preset) return p.label;
  return "single sign-on";
}

absl::Status Refusal(std::string_view code, std::string message) {
  absl::Status status = absl::UnauthenticatedError(std::move(message));
  status.SetPayload(kSsoErrorPayload, absl::Cord(std::string(code)));
  return status;
}

// The same status, marked with `code` unless it carries one already.
absl::Status Marked(absl::Status status, std::string_view code) {
  if (!status.GetPayload(kSsoErrorPayload))
    status.SetPayload(kSsoErrorPayload, absl::Cord(std::string(code)));
  return status;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Listed(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += out.empty() ? item : ", " + item;
  return out;
}

std::string DomainOf(std::string_view email) {
  const std::size_t at = email.rfind('@');
  return at == std::string_view::npos ? std::string() : Lower(email.substr(at + 1));
}

// A path of this portal only: never another host (no "//host", no scheme, no backslash).
std::string SafeReturnPath(std::string_view path) {
  if (!path.starts_with('/') || path.starts_with("//") ||
      path.find('\\') != std::string_view::npos ||
      path.find_first_of("\r\n") != std::string_view::npos || path.size() > 500)
    return "/";
  return std::string(path);
}

absl::StatusOr<std::string> IssuerFor(const SsoSettings& settings) {
  if (settings.preset == "google") return std::string("https://accounts.google.com");
  if (settings.preset == "entra") {
    // Tokens name the tenant by its id: a domain here would never match their "iss".
    const bool id_like = settings.tenant.size() == 36 &&
                         std::all_of(settings.tenant.begin(), settings.tenant.end(),
                                     [](unsigned char c) { return std::isxdigit(c) || c == '-'; });
    if (!id_like)
      return absl::InvalidArgumentError(
          "tenant: the directory (tenant) id of the Entra tenant, as shown on its overview "
          "page (36 characters, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47)");
    return StrCat("https://login.microsoftonline.com/", Lower(settings.tenant), "/v2.0");
  }
  if (settings.preset == "oidc") {
    if (!settings.issuer.starts_with("https://") && !settings.issuer.starts_with("http://"))
      return absl::InvalidArgumentError("issuer: the provider's issuer URL (https://...)");
    return settings.issuer;
  }
  return absl::InvalidArgumentError("preset: one of google, entra, oidc");
}

// The role a claim gives, if one of its values names a role of the org's side; the highest
// when several do.
std::optional<store::Role> RoleFromClaim(const boost::json::object& claims, std::string_view name,
                                         bool partner_org) {
  const auto* value = claims.if_contains(name);
  if (value == nullptr) return std::nullopt;
  std::vector<std::string> names;
  if (value->is_string()) names.emplace_back(value->as_string());
  if (value->is_array())
    for (const auto& entry : value->as_array())
      if (entry.is_string()) names.emplace_back(entry.as_string());
  std::optional<store::Role> best;
  for (const auto& n : names) {
    auto role = store::ParseRole(Lower(n));
    if (!role || store::IsPartnerRole(*role) != partner_org) continue;
    if (!best || store::RoleAtLeast(*role, *best)) best = role;
  }
  return best;
}

}  // namespace

std::string SsoErrorCode(const absl::Status& status) {
  auto payload = status.GetPayload(kSsoErrorPayload);
  return payload ? std::string(*payload) : std::string("failed");
}

absl::StatusOr<std::optional<store::SsoProvider>> SsoService::Get(const Actor& actor) {
  if (!actor.scope.is_org_admin())
    return absl::PermissionDeniedError("single sign-on is set by the org's admins");
  return store::SsoRepository(db_).Get(actor.scope);
}

absl::StatusOr<store::SsoProvider> SsoService::Put(const Actor& actor,
                                                   const SsoSettings& settings) {
  if (!actor.scope.is_org_admin() || actor.scope.is_partner())
    return absl::PermissionDeniedError(
        "single sign-on is set by a vendor org's owner or admins (the platform reaches the "
        "provider, and only vendors choose where it connects)");
  ASSIGN_OR_RETURN(std::string issuer, IssuerFor(settings));
  if (settings.client_id.empty() || settings.client_id.size() > 500)
    return absl::InvalidArgumentError("client_id: the client (application) id the provider gave");
  if (settings.allowed_domains.empty() || settings.allowed_domains.size() > kMaxDomains)
    return absl::InvalidArgumentError(
        "allowed_domains: one to 50 email domains whose users sign in through this provider");
  store::SsoProvider provider;
  std::set<std::string> domains;
  for (const auto& domain : settings.allowed_domains) {
    std::string d = Lower(TrimWhitespace(domain));
    if (d.empty() || d.find('.') == std::string::npos ||
        d.find_first_of("@/ ") != std::string::npos)
      return absl::InvalidArgumentError(
          StrCat("allowed_domains: \"", domain, "\" is not an email domain (example.com)"));
    domains.insert(std::move(d));
  }
  provider.allowed_domains.assign(domains.begin(), domains.end());
  if (settings.role_claim.size() > 100)
    return absl::InvalidArgumentError("role_claim: the name of a claim (at most 100 characters)");
  if (store::IsPartnerRole(settings.default_role) || settings.default_role == store::Role::kOwner)
    return absl::InvalidArgumentError("default_role: admin or member");
  ASSIGN_OR_RETURN(auto existing, store::SsoRepository(db_).Get(actor.scope));
  if (!settings.client_secret && !existing)
    return absl::InvalidArgumentError("client_secret: the client secret the provider gave");
  // A provider that cannot be discovered now would fail every sign-in: say so now.
  auto discovered = oidc_.Discover(issuer);
  if (!discovered.ok())
    return absl::InvalidArgumentError(std::string(discovered.status().message()));
  const std::int64_t now = clock_.NowMillis();
  provider.org_id = actor.scope.org_id;
  provider.preset = settings.preset;
  provider.issuer = issuer;
  provider.client_id = settings.client_id;
  provider.client_secret_sealed =
      settings.client_secret ? box_.Seal(*settings.client_secret) : existing->client_secret_sealed;
  provider.role_claim = settings.role_claim;
  provider.default_role = settings.default_role;
  provider.password_sign_in = settings.password_sign_in;
  provider.created_at = existing ? existing->created_at : now;
  provider.updated_at = now;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::SsoRepository(tx).Put(actor.scope, provider));
    return RecordAudit(tx, actor, existing ? "sso.update" : "sso.create", "org", actor.scope.org_id,
                       {{"preset", provider.preset},
                        {"issuer", provider.issuer},
                        {"password_sign_in", provider.password_sign_in}},
                       now);
  }));
  return provider;
}

absl::Status SsoService::Delete(const Actor& actor) {
  if (!actor.scope.is_org_admin())
    return absl::PermissionDeniedError("single sign-on is set by the org's admins");
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(bool deleted, store::SsoRepository(tx).Delete(actor.scope));
    if (!deleted) return absl::OkStatus();
    return RecordAudit(tx, actor, "sso.delete", "org", actor.scope.org_id, {}, clock_.NowMillis());
  });
}

absl::StatusOr<SsoOffer> SsoService::Offer(const std::optional<store::SsoProvider>& provider) {
  if (!provider) return absl::NotFoundError("no identity provider is set up for this");
  ASSIGN_OR_RETURN(auto org, store::OrgRepository(db_).GetOwn({provider->org_id, "", {}}));
  return SsoOffer{provider->org_id, org.name, provider->preset,
                  std::string(LabelOf(provider->preset)), provider->password_sign_in};
}

absl::StatusOr<SsoOffer> SsoService::OfferForEmail(std::string_view email) {
  RETURN_IF_ERROR(ValidateEmail(email));
  ASSIGN_OR_RETURN(auto provider, store::SsoRepository(db_).FindByDomain(DomainOf(email)));
  if (!provider)
    return absl::NotFoundError(StrCat("no identity provider is set up for ", DomainOf(email),
                                      "; sign in with a password"));
  return Offer(provider);
}

absl::StatusOr<SsoOffer> SsoService::OfferForOrg(std::string_view org_id) {
  ASSIGN_OR_RETURN(auto provider, store::SsoRepository(db_).FindByOrg(org_id));
  return Offer(provider);
}

absl::StatusOr<SsoStarted> SsoService::Start(std::string_view org_id, std::string_view login_hint,
                                             std::string_view return_to) {
  ASSIGN_OR_RETURN(auto provider, store::SsoRepository(db_).FindByOrg(org_id));
  if (!provider) return absl::NotFoundError("this org has no identity provider");
  auto metadata = oidc_.Discover(provider->issuer);
  if (!metadata.ok())
    return absl::UnavailableError(
        StrCat("the org's identity provider cannot be reached: ", metadata.status().message()));
  const std::string state = RandomToken(32);
  const std::string nonce = RandomToken(32);
  const std::string verifier = RandomToken(48);  // 64 characters: RFC 7636 asks 43 to 128
  SsoStarted started;
  started.browser_binding = RandomToken(32);
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(store::SsoRepository(db_).SaveState(
      {Sha256Hex(state), provider->org_id, nonce, box_.Seal(verifier),
       Sha256Hex(started.browser_binding), SafeReturnPath(return_to), now,
       now + kSignInTimeoutMs}));
  started.authorization_url =
      StrCat(metadata->authorization_endpoint,
             metadata->authorization_endpoint.find('?') == std::string::npos ? "?" : "&",
             "response_type=code&client_id=", PercentEncode(provider->client_id),
             "&redirect_uri=", PercentEncode(callback_url_), "&scope=openid%20email%20profile",
             "&state=", state, "&nonce=", nonce,
             "&code_challenge=", EncodeBase64Url(Sha256(verifier)), "&code_challenge_method=S256");
  if (!login_hint.empty() && ValidateEmail(login_hint).ok())
    started.authorization_url += StrCat("&login_hint=", PercentEncode(login_hint));
  return started;
}

absl::StatusOr<SsoSignedIn> SsoService::Finish(std::string_view code, std::string_view state,
                                               std::string_view issuer,
                                               std::string_view browser_binding,
                                               const std::string& client_address,
                                               const std::string& request_id) {
  auto signed_in = Complete(code, state, issuer, browser_binding, client_address, request_id);
  // The page says the reason in general; the log says exactly why, for whoever is asked.
  if (!signed_in.ok())
    log::Event("warn", "single sign-on refused",
               {{"request_id", request_id},
                {"reason", SsoErrorCode(signed_in.status())},
                {"error", std::string(signed_in.status().message())}});
  return signed_in;
}

absl::StatusOr<SsoSignedIn> SsoService::Complete(std::string_view code, std::string_view state,
                                                 std::string_view issuer,
                                                 std::string_view browser_binding,
                                                 const std::string& client_address,
                                                 const std::string& request_id) {
  if (state.empty() || code.empty())
    return Refusal("incomplete", "the provider sent the browser back without a code and state");
  const std::int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto pending, store::SsoRepository(db_).TakeState(Sha256Hex(state), now));
  if (!pending)
    return Refusal("expired",
                   "this sign-in was used already, has expired (10 minutes) or was never begun "
                   "here; sign in again");
  if (!ConstantTimeEquals(Sha256Hex(browser_binding), pending->binding_hash))
    return Refusal("browser",
                   "this sign-in was begun in another browser (its cookie is missing); sign in "
                   "again from this one");
  ASSIGN_OR_RETURN(auto provider, store::SsoRepository(db_).FindByOrg(pending->org_id));
  if (!provider)
    return Refusal("not_configured", "the org's identity provider was removed meanwhile");
  // A provider that names itself must be the org's: another one's code is never exchanged
  // (the mix-up attack RFC 9207 describes).
  if (!issuer.empty() && issuer != provider->issuer)
    return Refusal("issuer", StrCat("the browser came back from \"", issuer,
                                    "\", not from the org's provider \"", provider->issuer, "\""));
  return SignIn(*provider, *pending, code, client_address, request_id);
}

absl::StatusOr<SsoSignedIn> SsoService::SignIn(const store::SsoProvider& provider,
                                               const store::SsoState& state, std::string_view code,
                                               const std::string& client_address,
                                               const std::string& request_id) {
  auto metadata = oidc_.Discover(provider.issuer);
  if (!metadata.ok()) return Marked(metadata.status(), "provider");
  ASSIGN_OR_RETURN(std::string verifier, box_.Open(state.code_verifier_sealed));
  ASSIGN_OR_RETURN(std::string secret, box_.Open(provider.client_secret_sealed));
  auto id_token = oidc_.ExchangeCode(
      *metadata, {std::string(code), callback_url_, verifier, provider.client_id, secret});
  if (!id_token.ok()) return Marked(id_token.status(), "provider");

  auto token = jwt::Decode(*id_token);
  if (!token.ok())
    return Refusal("token", StrCat("the provider's ID token: ", token.status().message()));
  auto key = oidc_.KeyFor(*metadata, token->kid);
  if (!key.ok()) return Marked(key.status(), "token");
  if (auto verified = jwt::VerifySignature(*token, *key); !verified.ok())
    return Marked(verified, "token");
  auto identity = CheckIdTokenClaims(*token, {.issuer = provider.issuer,
                                              .client_id = provider.client_id,
                                              .nonce = state.nonce,
                                              .now_ms = clock_.NowMillis()});
  if (!identity.ok()) return Marked(identity.status(), "token");

  const std::string domain = DomainOf(identity->email);
  if (std::find(provider.allowed_domains.begin(), provider.allowed_domains.end(), domain) ==
      provider.allowed_domains.end())
    return Refusal("domain", StrCat(identity->email, " is not of a domain this org lets sign in (",
                                    Listed(provider.allowed_domains), ")"));

  ASSIGN_OR_RETURN(auto org, store::OrgRepository(db_).GetOwn({provider.org_id, "", {}}));
  const bool partner_org = org.kind == "partner";
  const std::optional<store::Role> claimed =
      provider.role_claim.empty() ? std::nullopt
                                  : RoleFromClaim(token->claims, provider.role_claim, partner_org);

  SsoSignedIn result;
  result.return_to = state.return_to;
  store::User user;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::SsoRepository sso(tx);
    store::UserRepository users(tx);
    result.user_created = false;
    ASSIGN_OR_RETURN(auto linked, sso.FindIdentity(provider.issuer, identity->subject));
    std::optional<store::User> found;
    if (linked) {
      ASSIGN_OR_RETURN(found, users.FindById(*linked));
    } else {
      ASSIGN_OR_RETURN(found, users.FindByEmail(identity->email));
    }
    if (found && found->org_id != provider.org_id)
      return Refusal("other_org",
                     StrCat(identity->email, " is a user of another org; it cannot sign in here"));
    if (!found) {
      const std::string name = identity->name.empty() ? identity->email : identity->name;
      // No password: this user signs in through the provider (or is given one by an admin).
      ASSIGN_OR_RETURN(found, users.Create(provider.org_id, identity->email, name.substr(0, 200),
                                           claimed.value_or(provider.default_role), "", now));
      result.user_created = true;
      const Actor actor{{provider.org_id, found->id, found->role}, client_address, request_id};
      RETURN_IF_ERROR(RecordAudit(tx, actor, "user.create", "user", found->id,
                                  {{"email", identity->email}, {"by", "sso"}}, now));
    } else if (claimed && *claimed != found->role) {
      RETURN_IF_ERROR(users.SetRole(found->id, *claimed));
      found->role = *claimed;
    }
    RETURN_IF_ERROR(sso.LinkIdentity(provider.issuer, identity->subject, found->id, now));
    user = *found;
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(result.session, identity_.StartSession(user, "sso", client_address, request_id));
  return result;
}

}  // namespace icopilot::services
