// Single sign-on through a real OpenID Provider (npm's oidc-provider, OpenID Certified,
// started by the test: tests/integration/oidc_provider.mjs) and the real binary. The test
// is the browser: it begins a sign-in, follows the provider's redirects with its cookies,
// and brings the code back. Refusals: a replayed state, a callback from another browser or
// naming another issuer, a nonce that is not the sign-in's, an email outside the org's
// domains, a tampered signature, an expired token, a token for another client, a key id the
// provider's JWKS does not have. None creates a user.
#include <chrono>
#include <functional>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

constexpr std::string_view kClientId = "icopilot-test";
constexpr std::string_view kClientSecret = "s3cret-for-the-test-provider";

// Cookies as a browser keeps them for one site (paths and expiry ignored: one test's visit).
class CookieJar {
 public:
  void Take(const Reply& reply) {
    for (const auto& [name, value] : reply.headers.fields()) {
      if (!net::EqualsIgnoreCase(name, "set-cookie")) continue;
      const std::string pair = value.substr(0, value.find(';'));
      const std::size_t equals = pair.find('=');
      if (equals == std::string::npos) continue;
      const std::string cookie = pair.substr(0, equals), content = pair.substr(equals + 1);
      if (content.empty() || value.find("Max-Age=0") != std::string::npos ||
          value.find("expires=Thu, 01 Jan 1970") != std::string::npos)
        cookies_.erase(cookie);
      else
        cookies_[cookie] = content;
    }
  }
  std::string Header() const {
    std::string out;
    for (const auto& [name, value] : cookies_)
      out += StrCat(out.empty() ? "" : "; ", name, "=", value);
    return out;
  }
  bool Has(const std::string& name) const { return cookies_.contains(name); }

 private:
  std::map<std::string, std::string> cookies_;
};

Reply Get(const std::string& url, const CookieJar& jar) {
  return Call("GET", url, "", "", {{"cookie", jar.Header()}});
}

class SsoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    // The log on (stdout): a refusal's reason is said there.
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--allow-private-targets"});
    provider_ = std::make_unique<ServerProcess>(
        dir_.path() / "provider",
        ServerProcess::Command{
            {std::string(ICOPILOT_SOURCE_DIR) + "/tests/integration/oidc_provider.mjs",
             std::string(kClientId), std::string(kClientSecret),
             server_->url() + "/api/v1/sso/callback"},
            "node"});
    ASSERT_FALSE(provider_->url().empty()) << provider_->Stderr();
    Reply set = Configure(R"("role_claim": "icopilot_role")");
    ASSERT_EQ(set.status, 200) << set.body;
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }

  Reply Configure(const std::string& more = "", const std::string& key = "") {
    return Call(
        "PUT", Url("/api/v1/org/sso"), key.empty() ? vendor_.api_key : key,
        StrCat(R"({"preset": "oidc", "issuer": ")", provider_->url(), R"(", "client_id": ")",
               kClientId, R"(", "client_secret": ")", kClientSecret,
               R"(", "allowed_domains": ["acme.test"])", more.empty() ? "" : ", ", more, "}"));
  }

  void Misbehave(const std::string& mode) {
    ASSERT_EQ(Call("POST", provider_->url() + "/__mode", "", mode, {{"content-type", "text/plain"}})
                  .status,
              204);
  }

  // Begins a sign-in as `email` and follows the provider's redirects; returns the callback
  // URL it sends the browser to. `edit` may change the authorization URL first.
  std::string ThroughTheProvider(const std::string& email, CookieJar& ours,
                                 const std::function<std::string(std::string)>& edit = nullptr) {
    Reply started = Call("POST", Url("/api/v1/sso/start"), "",
                         StrCat(R"({"email": ")", email, R"(", "return_to": "/projects"})"));
    EXPECT_EQ(started.status, 200) << started.body;
    ours.Take(started);
    std::string next(started.json().at("authorization_url").as_string());
    if (edit) next = edit(next);
    CookieJar theirs;
    for (int hop = 0; hop < 10; ++hop) {
      Reply reply = Get(next, theirs);
      theirs.Take(reply);
      auto location = reply.headers.Find("location");
      EXPECT_TRUE(location.has_value()) << reply.status << " " << reply.body;
      if (!location) return "";
      next = location->starts_with("/") ? provider_->url() + std::string(*location)
                                        : std::string(*location);
      if (next.starts_with(Url("/api/v1/sso/callback"))) return next;
    }
    ADD_FAILURE() << "the provider never sent the browser back";
    return "";
  }

  // The whole sign-in; returns the callback's answer (the jar then holds the session).
  Reply SignIn(const std::string& email, CookieJar& ours,
               const std::function<std::string(std::string)>& edit = nullptr) {
    const std::string callback = ThroughTheProvider(email, ours, edit);
    Reply back = Get(callback, ours);
    ours.Take(back);
    return back;
  }

  std::size_t UserCount() {
    Reply users = Call("GET", Url("/api/v1/users"), vendor_.api_key);
    EXPECT_EQ(users.status, 200) << users.body;
    return users.json().at("items").as_array().size();
  }

  // A refused sign-in lands on the sign-in page with `code`; its body says why.
  void ExpectRefused(const Reply& back, const std::string& code, const std::string& says) {
    EXPECT_EQ(back.status, 303) << back.body;
    EXPECT_EQ(back.headers.Find("location"), "/login?sso_error=" + code) << back.body;
    EXPECT_NE(back.body.find(says), std::string::npos) << back.body;
    for (const auto& [name, value] : back.headers.fields())
      EXPECT_FALSE(net::EqualsIgnoreCase(name, "set-cookie") && value.starts_with("icp_session=") &&
                   !value.starts_with("icp_session=;"))
          << value;
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ServerProcess> provider_;
};

TEST_F(SsoTest, AFirstSignInCreatesTheUserInTheOrgAndLaterOnesFindIt) {
  const std::size_t before = UserCount();
  CookieJar browser;
  Reply back = SignIn("dev@acme.test", browser);
  EXPECT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(back.headers.Find("location"), "/projects");
  ASSERT_TRUE(browser.Has("icp_session"));
  EXPECT_FALSE(browser.Has("icp_sso"));  // the sign-in's own cookie is spent

  Reply me = Get(Url("/api/v1/session"), browser);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("user").at("email"), "dev@acme.test");
  EXPECT_EQ(me.json().at("org").at("id").as_string(), vendor_.org_id);
  EXPECT_EQ(me.json().at("role"), "member");  // no role claim: the default
  EXPECT_EQ(UserCount(), before + 1);
  const std::string user_id(me.json().at("user").at("id").as_string());

  CookieJar again;
  EXPECT_EQ(SignIn("dev@acme.test", again).status, 303);
  Reply me_again = Get(Url("/api/v1/session"), again);
  EXPECT_EQ(me_again.json().at("user").at("id").as_string(), user_id);
  EXPECT_EQ(UserCount(), before + 1);

  // The role claim names a role: the user has it.
  CookieJar admin;
  SignIn("admin.ops@acme.test", admin);
  EXPECT_EQ(Get(Url("/api/v1/session"), admin).json().at("role"), "admin");

  // The audit log tells how each signed in.
  Reply audit = Call("GET", Url("/api/v1/audit-events?action=session.create"), vendor_.api_key);
  EXPECT_NE(audit.body.find(R"("method":"sso")"), std::string::npos) << audit.body;
}

TEST_F(SsoTest, AReplayedStateOrACallbackInAnotherBrowserIsRefused) {
  const std::size_t before = UserCount();
  CookieJar browser;
  const std::string callback = ThroughTheProvider("dev@acme.test", browser);
  // Another browser (no sign-in cookie) brings the same code and state first.
  ExpectRefused(Get(callback, CookieJar()), "browser", "another browser");
  // The state is spent: the right browser cannot use it after that either.
  ExpectRefused(Get(callback, browser), "expired", "used already");
  EXPECT_EQ(UserCount(), before);

  CookieJar second;
  const std::string good = ThroughTheProvider("dev@acme.test", second);
  EXPECT_EQ(Get(good, second).status, 303);
  ExpectRefused(Get(good, second), "expired", "used already");  // replayed
  EXPECT_EQ(UserCount(), before + 1);

  // The log says why, for whoever is asked about it (warnings are written at once).
  const std::string log = server_->Stdout();
  EXPECT_NE(log.find("single sign-on refused"), std::string::npos) << log;
  EXPECT_NE(log.find("begun in another browser"), std::string::npos) << log;
}

TEST_F(SsoTest, ANonceThatIsNotTheSignInsIsRefused) {
  const std::size_t before = UserCount();
  CookieJar browser;
  Reply back = SignIn("dev@acme.test", browser, [](std::string url) {
    const std::size_t at = url.find("&nonce=") + 7;
    return url.replace(at, url.find('&', at) - at, "a-nonce-of-someone-elses");
  });
  ExpectRefused(back, "token", "(nonce)");
  EXPECT_EQ(UserCount(), before);
}

TEST_F(SsoTest, ACallbackNamingAnotherIssuerIsRefused) {
  const std::size_t before = UserCount();
  CookieJar browser;
  std::string callback = ThroughTheProvider("dev@acme.test", browser);
  const std::size_t at = callback.find("&iss=");
  ASSERT_NE(at, std::string::npos) << callback;  // oidc-provider names itself
  callback = callback.substr(0, at) + "&iss=https%3A%2F%2Fevil.example";
  ExpectRefused(Get(callback, browser), "issuer", "https://evil.example");
  EXPECT_EQ(UserCount(), before);
}

TEST_F(SsoTest, AnEmailOutsideTheOrgsDomainsIsRefused) {
  const std::size_t before = UserCount();
  // Signed in at the provider as someone of another domain.
  // An org's sign-in link names no user for the provider.
  Reply started = Call("POST", Url("/api/v1/sso/start"), "",
                       StrCat(R"({"org_id": ")", vendor_.org_id, R"("})"));
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.body.find("login_hint"), std::string::npos) << started.body;
  CookieJar browser;
  Reply back = SignIn("dev@acme.test", browser, [](std::string url) {
    const std::size_t at = url.find("&login_hint=") + 12;
    return url.replace(at, std::string::npos, "mallory%40elsewhere.test");
  });
  ExpectRefused(back, "domain", "mallory@elsewhere.test is not of a domain");
  EXPECT_EQ(UserCount(), before);
  // And an email of another domain finds no provider to begin with.
  Reply none = Call("POST", Url("/api/v1/sso/start"), "", R"({"email": "dev@elsewhere.test"})");
  EXPECT_EQ(none.status, 404) << none.body;
}

TEST_F(SsoTest, ATamperedSignatureIsRefused) {
  const std::size_t before = UserCount();
  Misbehave("tamper");
  CookieJar tampered;
  ExpectRefused(SignIn("dev@acme.test", tampered), "token", "signature does not match");
  EXPECT_EQ(UserCount(), before);
}

// Signed by the provider's own key, but not for this sign-in: expired, or for another
// client.
TEST_F(SsoTest, AnExpiredTokenOrOneForAnotherClientIsRefused) {
  const std::size_t before = UserCount();
  Misbehave("expired");
  CookieJar expired;
  ExpectRefused(SignIn("dev@acme.test", expired), "token", "expired at");
  Misbehave("wrong_aud");
  CookieJar other_client;
  ExpectRefused(SignIn("dev@acme.test", other_client), "token", "is for another client");
  EXPECT_EQ(UserCount(), before);
}

TEST_F(SsoTest, AKeyIdTheJwksLacksIsRefusedAndTheKeysAreFetchedAgainLater) {
  const std::size_t before = UserCount();
  Misbehave("hide_keys");
  CookieJar unknown_key;
  ExpectRefused(SignIn("dev@acme.test", unknown_key), "token", "does not have");
  EXPECT_EQ(UserCount(), before);
  // The provider publishes its key again: a set fetched less than 10 s ago is not fetched
  // again for an unknown key id (made-up ones must not make us hammer the provider), one
  // older is.
  Misbehave("normal");
  std::this_thread::sleep_for(std::chrono::milliseconds(10'500));
  CookieJar fine;
  EXPECT_EQ(SignIn("dev@acme.test", fine).status, 303);
  EXPECT_EQ(UserCount(), before + 1);
}

TEST_F(SsoTest, PasswordSignInCanBeSwitchedOffForTheOrg) {
  auto password_login = [&] {
    return Call("POST", Url("/api/v1/session"), "",
                StrCat(R"({"email": "owner@acme.test", "password": ")", vendor_.password, R"("})"));
  };
  EXPECT_EQ(password_login().status, 201);
  ASSERT_EQ(Configure(R"("password_sign_in": false)").status, 200);
  Reply refused = password_login();
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("identity provider"), std::string::npos) << refused.body;
  Reply offer = Call("GET", Url("/api/v1/sso/offer?email=someone%40acme.test"), "");
  ASSERT_EQ(offer.status, 200) << offer.body;
  EXPECT_EQ(offer.json().at("org_name"), "Acme");
  EXPECT_EQ(offer.json().at("password_sign_in"), false);
  // A wrong password still says only that.
  Reply wrong = Call("POST", Url("/api/v1/session"), "",
                     R"({"email": "owner@acme.test", "password": "not-the-password"})");
  EXPECT_EQ(wrong.status, 401);
}

TEST_F(SsoTest, SettingsAreCheckedAndTheSecretNeverComesBack) {
  Reply got = Call("GET", Url("/api/v1/org/sso"), vendor_.api_key);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body.find(kClientSecret), std::string::npos);
  EXPECT_EQ(got.json().at("configured"), true);
  EXPECT_EQ(got.json().at("client_secret_set"), true);
  EXPECT_EQ(got.json().at("redirect_uri").as_string(), Url("/api/v1/sso/callback"));
  // Kept when omitted.
  Reply kept =
      Call("PUT", Url("/api/v1/org/sso"), vendor_.api_key,
           StrCat(R"({"preset": "oidc", "issuer": ")", provider_->url(),
                  R"(", "client_id": "icopilot-test", "allowed_domains": ["acme.test"]})"));
  EXPECT_EQ(kept.status, 200) << kept.body;
  CookieJar browser;
  EXPECT_EQ(SignIn("dev@acme.test", browser).status, 303);

  // Each mistake named.
  Reply no_issuer = Call("PUT", Url("/api/v1/org/sso"), vendor_.api_key,
                         R"({"preset": "oidc", "issuer": "http://127.0.0.1:9", "client_id": "c",
                             "client_secret": "s", "allowed_domains": ["acme.test"]})");
  EXPECT_EQ(no_issuer.status, 422) << no_issuer.body;
  EXPECT_NE(no_issuer.body.find("issuer"), std::string::npos) << no_issuer.body;
  Reply tenant = Call("PUT", Url("/api/v1/org/sso"), vendor_.api_key,
                      R"({"preset": "entra", "tenant": "contoso.com", "client_id": "c",
                          "client_secret": "s", "allowed_domains": ["acme.test"]})");
  EXPECT_EQ(tenant.status, 422) << tenant.body;
  EXPECT_NE(tenant.body.find("tenant"), std::string::npos) << tenant.body;
  EXPECT_EQ(Configure(R"("allowed_domains": [])").status, 422);

  // A domain is one org's.
  OrgCredentials other = CreateOrgWithCli(dir_.path() / "data", "Other", "owner@other.test");
  Reply clash = Configure("", other.api_key);
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_NE(clash.body.find("acme.test"), std::string::npos) << clash.body;

  // Partners do not choose where the platform connects.
  Reply project = Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "P"})");
  Reply invited =
      Call("POST", Url("/api/v1/projects/" + IdOf(project) + "/partners"), vendor_.api_key,
           R"({"name": "Partner", "admin_email": "dev@partner.test"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string partner_key(invited.json().at("api_key").at("secret").as_string());
  EXPECT_EQ(Call("PUT", Url("/api/v1/org/sso"), partner_key, "{}").status, 403);

  EXPECT_EQ(Call("DELETE", Url("/api/v1/org/sso"), vendor_.api_key).status, 204);
  Reply none = Call("GET", Url("/api/v1/org/sso"), vendor_.api_key);
  EXPECT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json().at("configured"), false);
  EXPECT_EQ(none.json().at("redirect_uri").as_string(), Url("/api/v1/sso/callback"));
  EXPECT_EQ(Call("DELETE", Url("/api/v1/org/sso"), vendor_.api_key).status, 204);  // idempotent
  EXPECT_EQ(Call("POST", Url("/api/v1/sso/start"), "", R"({"email": "dev@acme.test"})").status,
            404);
}

TEST_F(SsoTest, AnIssuerOnAPrivateAddressIsRefusedUnlessAllowed) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                            std::vector<std::string>{"--access-log", "off"});
  Reply refused = Configure();
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("allow-private-targets"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace icopilot::testing
