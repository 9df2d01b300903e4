// Single sign-on through an org's OpenID Connect provider (docs/single-sign-on.md): the
// org admin's settings, what the sign-in page may offer, and the round trip through the
// provider. The callback answers browsers: a redirect into the portal, signed in, or back to
// the sign-in page with a reason it shows.
#include <boost/json/array.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/sso_service.h"

namespace icopilot::api {
namespace {

constexpr std::string_view kBindingCookie = "icp_sso";
constexpr std::string_view kCallbackPath = "/api/v1/sso/callback";

std::string BindingCookie(std::string_view value, int max_age, bool https) {
  return StrCat(kBindingCookie, "=", value,
                "; Path=/api/v1/sso; HttpOnly; SameSite=Lax; Max-Age=", max_age,
                https ? "; Secure" : "");
}

// An org without a provider gets the redirect URI to register before it sets one.
boost::json::object ProviderJson(const std::optional<store::SsoProvider>& maybe,
                                 const std::string& redirect) {
  if (!maybe) return {{"configured", false}, {"redirect_uri", redirect}};
  const store::SsoProvider& provider = *maybe;
  boost::json::array domains;
  for (const auto& d : provider.allowed_domains) domains.emplace_back(d);
  return {{"configured", true},
          {"preset", provider.preset},
          {"issuer", provider.issuer},
          {"client_id", provider.client_id},
          {"client_secret_set", !provider.client_secret_sealed.empty()},
          {"allowed_domains", std::move(domains)},
          {"role_claim", provider.role_claim},
          {"default_role", store::RoleName(provider.default_role)},
          {"password_sign_in", provider.password_sign_in},
          {"redirect_uri", redirect},
          {"created_at", FormatTimestamp(provider.created_at)},
          {"updated_at", FormatTimestamp(provider.updated_at)}};
}

absl::StatusOr<services::SsoSettings> ReadSettings(const net::Request& request) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(request));
  RETURN_IF_ERROR(
      OnlyFields(body, {"preset", "issuer", "tenant", "client_id", "client_secret",
                        "allowed_domains", "role_claim", "default_role", "password_sign_in"}));
  services::SsoSettings settings;
  ASSIGN_OR_RETURN(auto preset, StringField(body, "preset", true));
  ASSIGN_OR_RETURN(auto issuer, StringField(body, "issuer", false));
  ASSIGN_OR_RETURN(auto tenant, StringField(body, "tenant", false));
  ASSIGN_OR_RETURN(auto client_id, StringField(body, "client_id", true));
  ASSIGN_OR_RETURN(settings.client_secret, StringField(body, "client_secret", false));
  ASSIGN_OR_RETURN(auto role_claim, StringField(body, "role_claim", false));
  ASSIGN_OR_RETURN(auto default_role, StringField(body, "default_role", false));
  settings.preset = *preset;
  settings.issuer = issuer.value_or("");
  settings.tenant = tenant.value_or("");
  settings.client_id = *client_id;
  settings.role_claim = role_claim.value_or("");
  if (default_role) {
    auto role = store::ParseRole(*default_role);
    if (!role) return absl::InvalidArgumentError("default_role: admin or member");
    settings.default_role = *role;
  }
  const auto* domains = body.if_contains("allowed_domains");
  if (domains == nullptr || !domains->is_array())
    return absl::InvalidArgumentError("allowed_domains: a list of email domains (example.com)");
  for (const auto& domain : domains->as_array()) {
    if (!domain.is_string())
      return absl::InvalidArgumentError("allowed_domains: each an email domain (a string)");
    settings.allowed_domains.emplace_back(domain.as_string());
  }
  if (const auto* password = body.if_contains("password_sign_in")) {
    if (!password->is_bool()) return absl::InvalidArgumentError("password_sign_in: true or false");
    settings.password_sign_in = password->as_bool();
  }
  return settings;
}

boost::json::object OfferJson(const services::SsoOffer& offer) {
  return {{"org_id", offer.org_id},
          {"org_name", offer.org_name},
          {"preset", offer.preset},
          {"label", offer.label},
          {"password_sign_in", offer.password_sign_in}};
}

// Back to the sign-in page with the reason's code, which the page explains; the body says it
// all for clients that read it (and the log has it with the request id).
net::Response SignInRefused(const absl::Status& status) {
  net::Response response = ProblemFromStatus(status);
  response.status = 303;
  response.headers.Set("location", StrCat("/login?sso_error=", services::SsoErrorCode(status)));
  return response;
}

net::Response Callback(ApiDependencies& deps, Context& context) {
  const net::Request& request = context.request;
  net::Response response;
  // The provider's own refusal (the user cancelled, the app is not assigned to them).
  if (auto error = request.QueryParam("error")) {
    absl::Status status = absl::UnauthenticatedError(
        StrCat("the identity provider refused: ", *error,
               request.QueryParam("error_description")
                   ? StrCat(" (", *request.QueryParam("error_description"), ")")
                   : std::string()));
    status.SetPayload(services::kSsoErrorPayload,
                      absl::Cord(std::string(*error == "access_denied" ? "denied" : "provider")));
    response = SignInRefused(status);
  } else {
    std::string binding;
    if (auto cookies = request.headers.Find("cookie"))
      binding = CookieValue(*cookies, kBindingCookie).value_or("");
    auto signed_in = deps.sso.Finish(request.QueryParam("code").value_or(""),
                                     request.QueryParam("state").value_or(""),
                                     request.QueryParam("iss").value_or(""), binding,
                                     request.client_address, request.request_id);
    if (!signed_in.ok()) {
      response = SignInRefused(signed_in.status());
    } else {
      response.status = 303;
      response.headers.Set("location", signed_in->return_to);
      const auto& session = signed_in->session.session;
      response.headers.Add(
          "set-cookie",
          SessionCookie(signed_in->session.token, (session.expires_at - session.created_at) / 1000,
                        request.https));
    }
  }
  response.headers.Add("set-cookie", BindingCookie("", 0, request.https));
  response.headers.Set("cache-control", "no-store");
  return response;
}

}  // namespace

void AddSsoRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  ops.push_back(
      ApiOp("GET", "/api/v1/org/sso", "getSso",
            "The org's identity provider for single sign-on (the client secret is never returned); "
            "configured false, with the redirect URI to register, when it has none",
            "org", Access::kVendorAdmin, "", 200, "SsoProvider",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto provider, d.sso.Get(c.actor()));
              return JsonResponse(200, ProviderJson(provider, d.sso.callback_url()));
            })));
  ops.push_back(
      ApiOp("PUT", "/api/v1/org/sso", "putSso",
            "Sets the org's identity provider (Google, Microsoft Entra ID or any OpenID Connect "
            "provider); its discovery document is fetched and checked first. Register the answer's "
            "redirect_uri with the provider",
            "org", Access::kVendorAdmin, "SsoSettings", 200, "SsoProvider",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto settings, ReadSettings(c.request));
              ASSIGN_OR_RETURN(auto provider, d.sso.Put(c.actor(), settings));
              return JsonResponse(200, ProviderJson(provider, d.sso.callback_url()));
            })));
  ops.push_back(
      ApiOp("DELETE", "/api/v1/org/sso", "deleteSso",
            "Removes the org's identity provider (none: nothing to do): its users sign in with "
            "passwords again; those it created have none, and cannot sign in until it is back",
            "org", Access::kVendorAdmin, "", 204, "",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              RETURN_IF_ERROR(d.sso.Delete(c.actor()));
              return NoContent();
            })));
  ops.back().response_media_type = "";

  Operation offer = ApiOp(
      "GET", "/api/v1/sso/offer", "getSsoOffer",
      "Whether an email's domain (or an org) signs in through an identity provider, and which: "
      "what the sign-in page offers. 404 when none",
      "session", Access::kPublic, "", 200, "SsoOffer",
      Wrap(deps,
           [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
             auto email = c.request.QueryParam("email");
             auto org = c.request.QueryParam("org");
             if (!email && !org) return absl::InvalidArgumentError("email or org: one is needed");
             ASSIGN_OR_RETURN(auto found,
                              email ? d.sso.OfferForEmail(*email) : d.sso.OfferForOrg(*org));
             return JsonResponse(200, OfferJson(found));
           }),
      {{"email", "string", "The address about to sign in"},
       {"org", "string", "An org id (a sign-in link the org shares)"}});
  offer.rate_group = RateGroup::kAuth;
  ops.push_back(std::move(offer));

  Operation start = ApiOp(
      "POST", "/api/v1/sso/start", "startSso",
      "Begins a sign-in with the identity provider of the email's domain (or of the org): answers "
      "the provider's URL to send the browser to, and sets a cookie that ties the sign-in to "
      "this browser",
      "session", Access::kPublic, "SsoStart", 200, "SsoStarted",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        RETURN_IF_ERROR(OnlyFields(body, {"email", "org_id", "return_to"}));
        ASSIGN_OR_RETURN(auto email, StringField(body, "email", false));
        ASSIGN_OR_RETURN(auto org_id, StringField(body, "org_id", false));
        ASSIGN_OR_RETURN(auto return_to, StringField(body, "return_to", false));
        if (!email && !org_id) return absl::InvalidArgumentError("email or org_id: one is needed");
        std::string org = org_id.value_or("");
        if (email) {
          ASSIGN_OR_RETURN(auto found, d.sso.OfferForEmail(*email));
          org = found.org_id;
        }
        ASSIGN_OR_RETURN(auto started,
                         d.sso.Start(org, email.value_or(""), return_to.value_or("/")));
        auto response = JsonResponse(
            200, boost::json::object{{"authorization_url", started.authorization_url}});
        response.headers.Set("set-cookie",
                             BindingCookie(started.browser_binding, 600, c.request.https));
        response.headers.Set("cache-control", "no-store");
        return response;
      }));
  start.rate_group = RateGroup::kAuth;
  ops.push_back(std::move(start));

  Operation callback = ApiOp(
      "GET", std::string(kCallbackPath), "ssoCallback",
      "Where the identity provider sends the browser back (register it as the redirect URI): "
      "303 into the portal, signed in, or 303 to /login?sso_error=REASON with the details in "
      "the body",
      "session", Access::kPublic, "", 303, "", [&deps](Context& c) { return Callback(deps, c); },
      {{"code", "string", "The authorization code"},
       {"state", "string", "The sign-in's state"},
       {"iss", "string", "The provider's issuer (RFC 9207), checked when sent"},
       {"error", "string", "The provider's refusal"},
       {"error_description", "string", "The provider's reason"}});
  callback.rate_group = RateGroup::kAuth;
  callback.response_media_type = "";
  ops.push_back(std::move(callback));
}

}  // namespace icopilot::api
