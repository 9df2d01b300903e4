// authentication.* and authorization.*: who may call, and with which scopes.
#include <algorithm>
#include <optional>
#include <set>

#include "absl/strings/str_join.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"

namespace icopilot::golden {
namespace {

// 401 is the answer for missing or wrong credentials; 403 is accepted with a note, as
// many APIs give it.
void ExpectRefused(CaseContext& context, const net::ClientResponse& response,
                   std::string_view without) {
  if (response.status == 401) return context.Pass();
  if (response.status == 403) {
    context.Note("403 where 401 is the standard answer for missing or wrong credentials");
    return context.Pass();
  }
  context.Fail(StrCat("expected 401 ", without, ", ", Got(response)));
}

void MissingCredentials(CaseContext& context, bool challenge) {
  auto request = context.ValidWithoutCredentials();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  auto response = context.Send(*request, {.without_default_credentials = true});
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (!challenge) return ExpectRefused(context, *response, "without credentials");
  if (response->status != 401)
    return context.Fail(
        StrCat("expected 401 with WWW-Authenticate without credentials, ", Got(*response)));
  auto header = response->headers.Find("www-authenticate");
  if (!header || header->empty())
    return context.Fail("the 401 has no WWW-Authenticate header saying how to authenticate");
  // The challenge should name a scheme the operation accepts.
  std::string lower = ToLower(*header);
  for (const auto& requirement : context.run.credentials.RequirementsOf(context.op())) {
    for (const auto& [name, scopes] : requirement) {
      const spec::SecurityScheme* scheme = spec::FindSecurityScheme(context.run.spec, name);
      if (scheme == nullptr) continue;
      std::string expected =
          scheme->type == spec::SchemeType::kHttp ? ToLower(scheme->scheme) : "bearer";
      if (lower.starts_with(expected) || lower.find(", " + expected) != std::string::npos ||
          lower.find(" " + expected + " ") != std::string::npos)
        return context.Pass();
    }
  }
  // RFC 9110 §11.6.1 asks for a challenge, not for one of the spec's schemes: a challenge
  // for another of the operation's alternatives (`ApiKey realm=...`) is a departure from
  // convention at most.
  context.Warn(StrCat("WWW-Authenticate '", *header,
                      "' names no HTTP or OAuth scheme the operation documents"));
}

void InvalidCredentials(CaseContext& context) {
  auto request = context.ValidWithoutCredentials();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  context.run.credentials.AddInvalid(context.op(), *request);
  auto response = context.Send(*request, {.without_default_credentials = true});
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  ExpectRefused(context, *response, "for credentials the API never issued");
}

void ValidCredentials(CaseContext& context) {
  auto request = context.Valid();
  if (!request.ok()) {
    if (absl::IsUnauthenticated(request.status()))
      return context.Error(std::string(request.status().message()));
    return context.ErrorFrom(request.status(), "building");
  }
  auto response = context.Send(*request);
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (response->status == 401 || response->status == 403)
    return context.Fail(StrCat("the environment's credentials were refused: ", Got(*response)));
  context.Pass(Got(*response));
}

// The scopes a bearer token needs for the operation: one set per security alternative a
// bearer token alone can satisfy (OAuth2, OpenID Connect, HTTP bearer), and every scope the
// schemes list. An alternative may name several OAuth2 schemes at once (Google's specs
// do): one token serves them all, so it needs the union of their scopes. Google's specs
// also list alternatives of one scope each: a token holding any of them is enough.
struct ScopeNeed {
  std::vector<std::set<std::string>> alternatives;  // each enough on its own
  std::set<std::string> all;
  bool some_need_none = false;  // an alternative a token of no scope satisfies
};

std::optional<ScopeNeed> ScopesOf(CaseContext& context) {
  ScopeNeed need;
  for (const auto& requirement : context.run.credentials.RequirementsOf(context.op())) {
    std::set<std::string> scopes;
    bool bearer_only = !requirement.empty();
    for (const auto& [name, listed] : requirement) {
      const spec::SecurityScheme* scheme = spec::FindSecurityScheme(context.run.spec, name);
      if (scheme == nullptr) continue;
      const bool bearer =
          scheme->type == spec::SchemeType::kOAuth2 ||
          scheme->type == spec::SchemeType::kOpenIdConnect ||
          (scheme->type == spec::SchemeType::kHttp && ToLower(scheme->scheme) == "bearer");
      bearer_only = bearer_only && bearer;
      scopes.insert(listed.begin(), listed.end());
      for (const auto& flow : scheme->flows)
        need.all.insert(flow.scopes.begin(), flow.scopes.end());
    }
    if (!bearer_only) continue;
    if (scopes.empty()) need.some_need_none = true;
    need.all.insert(scopes.begin(), scopes.end());
    need.alternatives.push_back(std::move(scopes));
  }
  std::erase_if(need.alternatives, [](const auto& scopes) { return scopes.empty(); });
  if (need.alternatives.empty()) return std::nullopt;
  return need;
}

// Whether `granted` is enough for one of the alternatives.
bool Suffices(const std::set<std::string>& granted, const ScopeNeed& need) {
  return std::any_of(need.alternatives.begin(), need.alternatives.end(), [&](const auto& scopes) {
    return std::includes(granted.begin(), granted.end(), scopes.begin(), scopes.end());
  });
}

// A refusal is expected only of a token that the server says suffices for no alternative.
void WithToken(CaseContext& context, const std::set<std::string>& scopes, const ScopeNeed& need,
               bool expect_refusal, std::string_view token_words) {
  auto issued = context.run.credentials.Issue(scopes, context.result.evidence);
  if (!issued.ok()) {
    // A server may refuse to issue a token for fewer scopes (invalid_scope, RFC 6749
    // §5.2): then the narrower token this case needs cannot be had.
    if (expect_refusal && absl::IsFailedPrecondition(issued.status()))
      return context.Skip(StrCat("the token endpoint issues no token with ", token_words, " (",
                                 issued.status().message(), ")"));
    return context.Error(std::string(issued.status().message()));
  }
  if (expect_refusal && Suffices(issued->granted, need)) {
    return context.Skip(StrCat(
        "asked for a token with ", token_words, ", the server granted '",
        absl::StrJoin(issued->granted, " "),
        "', which holds every scope the operation needs (RFC 6749 §3.3 lets a server grant its "
        "default scopes); no narrower token can be had"));
  }
  auto request = context.ValidWithoutCredentials();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  request->headers.Set("authorization", StrCat("Bearer ", issued->token));
  auto response = context.Send(*request, {.without_default_credentials = true});
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (!expect_refusal) {
    if (response->status == 401 || response->status == 403)
      return context.Fail(StrCat("a token with ", token_words, " was refused: ", Got(*response)));
    return context.Pass(Got(*response));
  }
  if (response->status == 403) return context.Pass();
  if (response->status == 401) {
    context.Note("401 where 403 (insufficient_scope) is the standard answer for a valid token");
    return context.Pass();
  }
  context.Fail(StrCat("expected 403 for a token with ", token_words, ", ", Got(*response)));
}

// Authorization cases need tokens of chosen scopes and an operation that asks for some;
// the scopes it needs, or nullopt with the case ended.
std::optional<ScopeNeed> ScopesFor(CaseContext& context, bool any_alternative_ok) {
  if (!context.run.credentials.CanAskForScopes()) {
    context.Skip(
        "needs OAuth2 client credentials (--oauth2-token-url, --client-id, --client-secret) to "
        "ask for tokens with fewer scopes");
    return std::nullopt;
  }
  auto need = ScopesOf(context);
  if (!need) {
    context.NotApplicable("the operation asks a bearer token for no OAuth2 scope");
    return std::nullopt;
  }
  if (need->some_need_none && !any_alternative_ok) {
    context.NotApplicable(
        "one of the operation's security alternatives asks for no scope, so a token of any "
        "scope is enough");
    return std::nullopt;
  }
  return need;
}

void ExactScope(CaseContext& context) {
  auto need = ScopesFor(context, true);
  if (!need) return;
  WithToken(context, need->alternatives.front(), *need, false, "exactly the documented scopes");
}

void NoScope(CaseContext& context) {
  auto need = ScopesFor(context, false);
  if (!need) return;
  WithToken(context, {}, *need, true, "no scope");
}

void InsufficientScope(CaseContext& context) {
  auto need = ScopesFor(context, false);
  if (!need) return;
  // Every scope but one of each alternative's: enough for none of them.
  std::set<std::string> fewer = need->all;
  std::set<std::string> left_out;
  for (const auto& scopes : need->alternatives) left_out.insert(*scopes.begin());
  for (const auto& scope : left_out) fewer.erase(scope);
  WithToken(context, fewer, *need, true, StrCat("every scope but ", absl::StrJoin(left_out, ", ")));
}

// An empty requirement among the alternatives (`security: [{}, {basic_auth: []}]`, as
// Azure's instance metadata service has) makes credentials optional: an API that answers
// without them does what its spec says.
bool RequiresCredentials(const Subject& subject, std::string& why_not) {
  const auto& security = spec::SecurityOf(subject.spec, subject.op());
  if (security.empty()) {
    why_not = "the operation requires no credentials";
    return false;
  }
  if (std::any_of(security.begin(), security.end(), [](const auto& r) { return r.empty(); })) {
    why_not = "credentials are optional: one of its security requirements is empty";
    return false;
  }
  return true;
}

bool ChallengeApplies(const Subject& subject, std::string& why_not) {
  if (!RequiresCredentials(subject, why_not)) return false;
  for (const auto& requirement : spec::SecurityOf(subject.spec, subject.op())) {
    for (const auto& [name, scopes] : requirement) {
      const spec::SecurityScheme* scheme = spec::FindSecurityScheme(subject.spec, name);
      if (scheme != nullptr && scheme->type != spec::SchemeType::kApiKey &&
          scheme->type != spec::SchemeType::kMutualTls)
        return true;
    }
  }
  why_not = "its schemes are API keys, which have no challenge";
  return false;
}

bool RequiresScopes(const Subject& subject, std::string& why_not) {
  const auto& security = spec::SecurityOf(subject.spec, subject.op());
  const bool scoped = std::any_of(security.begin(), security.end(), [](const auto& requirement) {
    return std::any_of(requirement.begin(), requirement.end(),
                       [](const auto& scheme) { return !scheme.second.empty(); });
  });
  if (!scoped) why_not = "the operation requires no OAuth2 scope";
  return scoped;
}

constexpr std::string_view kRequiresCredentials =
    "operations whose security requires credentials (not optional: no empty requirement)";
constexpr std::string_view kAuthenticationBasis =
    "the operation's security requirement in the spec; RFC 9110 §15.5.2 (401)";

}  // namespace

std::vector<Case> AuthenticationCases() {
  constexpr auto kCategory = TestCategory::kAuthentication;
  return {
      {"authentication.missing-credentials", kCategory, "Calls without credentials are refused",
       "a valid request with every credential left out",
       "401, with a WWW-Authenticate challenge for HTTP and OAuth schemes", kRequiresCredentials,
       kExchangeEvidence, Scope::kOperation, false, Rule::kContract, kAuthenticationBasis,
       RequiresCredentials, [](CaseContext& context) { MissingCredentials(context, false); }},
      {"authentication.invalid-credentials", kCategory, "Wrong credentials are refused",
       "a valid request with a credential of the right kind that the API never issued", "401",
       kRequiresCredentials, kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       kAuthenticationBasis, RequiresCredentials, InvalidCredentials},
      {"authentication.valid-credentials", kCategory, "The environment's credentials work",
       "a valid request with the environment's credentials", "neither 401 nor 403",
       kRequiresCredentials, kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "the operation's security requirement in the spec", RequiresCredentials, ValidCredentials},
      {"authentication.challenge", kCategory, "A refusal says how to authenticate",
       "a request without credentials",
       "the 401 carries WWW-Authenticate naming a scheme the operation accepts (Bearer, Basic)",
       "operations secured by HTTP or OAuth2/OpenID Connect schemes", kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract,
       "RFC 9110 §11.6.1: a 401 MUST send WWW-Authenticate", ChallengeApplies,
       [](CaseContext& context) { MissingCredentials(context, true); }},
  };
}

std::vector<Case> AuthorizationCases() {
  constexpr auto kCategory = TestCategory::kAuthorization;
  constexpr std::string_view kScoped = "operations that require OAuth2 scopes";
  constexpr std::string_view kListedScopes =
      "the scopes the operation's security requirement lists";
  return {
      {"authorization.insufficient-scope", kCategory, "A token without the scope is refused",
       "a valid request with a token holding every scope but the one the operation needs",
       "403 (insufficient_scope)", kScoped, kExchangeEvidence, Scope::kOperation, false,
       Rule::kContract,
       "the scopes the operation's security requirement lists; RFC 6750 §3.1 "
       "(insufficient_scope)",
       RequiresScopes, InsufficientScope},
      {"authorization.no-scope", kCategory, "A token with no scope is refused",
       "a valid request with a token issued for no scope", "403", kScoped, kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract,
       "the scopes the operation's security requirement lists; RFC 6749 §3.3 (a server may "
       "grant default scopes)",
       RequiresScopes, NoScope},
      {"authorization.exact-scope", kCategory, "Exactly the documented scopes suffice",
       "a valid request with a token holding only the scopes the operation documents",
       "neither 401 nor 403", kScoped, kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       kListedScopes, RequiresScopes, ExactScope},
  };
}

}  // namespace icopilot::golden
