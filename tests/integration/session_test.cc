// Browser sessions with CSRF, Idempotency-Key, rate limits and proxies, end to end.
#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

std::string CookieFrom(const Reply& reply) {
  std::string header(reply.headers.Find("set-cookie").value_or(""));
  return header.substr(0, header.find(';'));
}

TEST(Session, CookieLoginNeedsTheCsrfTokenForWrites) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  ServerProcess server(dir.path() / "data");
  const std::string url = server.url();

  Reply wrong = Call("POST", url + "/api/v1/session", "",
                     R"({"email": "owner@acme.test", "password": "nope"})");
  EXPECT_EQ(wrong.status, 401);

  Reply login = Call("POST", url + "/api/v1/session", "",
                     R"({"email": "owner@acme.test", "password": ")" + org.password + "\"}");
  ASSERT_EQ(login.status, 201) << login.body;
  std::string set_cookie(login.headers.Find("set-cookie").value_or(""));
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  std::string cookie = CookieFrom(login);
  std::string csrf(login.json().at("csrf_token").as_string());

  Reply whoami = Call("GET", url + "/api/v1/session", "", "", {{"Cookie", cookie}});
  ASSERT_EQ(whoami.status, 200);
  EXPECT_EQ(whoami.json().at("authenticated_by").as_string(), "session");
  // A reloaded page gets its token back; a caller with an API key has none to get.
  EXPECT_EQ(whoami.json().at("csrf_token").as_string(), csrf);
  EXPECT_FALSE(
      Call("GET", url + "/api/v1/session", org.api_key).json().as_object().contains("csrf_token"));
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos)
      << "plain http: a Secure cookie would be lost";

  Reply no_csrf =
      Call("POST", url + "/api/v1/projects", "", R"({"name": "x"})", {{"Cookie", cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_NE(no_csrf.body.find("csrf-token-invalid"), std::string::npos);
  Reply bad_csrf = Call("POST", url + "/api/v1/projects", "", R"({"name": "x"})",
                        {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}});
  EXPECT_EQ(bad_csrf.status, 403);
  Reply with_csrf = Call("POST", url + "/api/v1/projects", "", R"({"name": "x"})",
                         {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(with_csrf.status, 201) << with_csrf.body;

  EXPECT_EQ(
      Call("DELETE", url + "/api/v1/session", "", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
          .status,
      204);
  EXPECT_EQ(Call("GET", url + "/api/v1/session", "", "", {{"Cookie", cookie}}).status, 401);
}

TEST(Idempotency, RetriesGetTheFirstAnswer) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  ServerProcess server(dir.path() / "data");
  const std::string url = server.url() + "/api/v1/projects";
  Reply first = Call("POST", url, org.api_key, R"({"name": "Once"})", {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first.status, 201);
  Reply retry = Call("POST", url, org.api_key, R"({"name": "Once"})", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.json().at("id"), first.json().at("id"));
  EXPECT_EQ(retry.headers.Find("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(Call("GET", url, org.api_key).json().at("items").as_array().size(), 1u)
      << "created once";

  Reply other_body =
      Call("POST", url, org.api_key, R"({"name": "Twice"})", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(other_body.status, 422);
  EXPECT_NE(other_body.body.find("idempotency-key-reused"), std::string::npos);

  // A secret shown once is replayed to the same caller, and stored sealed, not in clear.
  Reply key = Call("POST", server.url() + "/api/v1/api-keys", org.api_key, R"({"name": "k"})",
                   {{"Idempotency-Key", "k-2"}});
  Reply key_again = Call("POST", server.url() + "/api/v1/api-keys", org.api_key, R"({"name": "k"})",
                         {{"Idempotency-Key", "k-2"}});
  EXPECT_EQ(key_again.json().at("secret"), key.json().at("secret"));
}

TEST(RateLimit, RefusesWith429AndRetryAfter) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  ServerProcess server(dir.path() / "data", {"--rate-limit", "api=3/min"});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Call("GET", server.url() + "/api/v1/projects", org.api_key).status, 200);
  Reply limited = Call("GET", server.url() + "/api/v1/projects", org.api_key);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.Find("retry-after").value_or(""), "20");
  EXPECT_NE(limited.body.find("rate-limited"), std::string::npos);
  EXPECT_EQ(Call("GET", server.url() + "/healthz").status, 200)
      << "operations endpoints are not limited";
  EXPECT_NE(Call("GET", server.url() + "/metrics")
                .body.find("icopilot_rate_limited_total{limit=\"api\"} 1"),
            std::string::npos);
}

TEST(RateLimit, LoginIsLimitedPerClientAddress) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", {"--rate-limit", "auth=2/min"});
  const std::string body = R"({"email": "x@y.test", "password": "wrong"})";
  EXPECT_EQ(Call("POST", server.url() + "/api/v1/session", "", body).status, 401);
  EXPECT_EQ(Call("POST", server.url() + "/api/v1/session", "", body).status, 401);
  EXPECT_EQ(Call("POST", server.url() + "/api/v1/session", "", body).status, 429);
}

TEST(TrustedProxies, ForwardedForCountsOnlyFromTrustedPeers) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  {
    ServerProcess untrusted(dir.path() / "data");
    Call("POST", untrusted.url() + "/api/v1/projects", org.api_key, R"({"name": "a"})",
         {{"X-Forwarded-For", "203.0.113.7"}});
    Reply events = Call("GET", untrusted.url() + "/api/v1/audit-events", org.api_key);
    EXPECT_EQ(events.json().at("items").at(0).at("client_address").as_string(), "127.0.0.1");
  }
  ServerProcess trusted(dir.path() / "data", {"--trusted-proxies", "127.0.0.1/32"});
  Call("POST", trusted.url() + "/api/v1/projects", org.api_key, R"({"name": "b"})",
       {{"X-Forwarded-For", "203.0.113.7"}});
  Reply events = Call("GET", trusted.url() + "/api/v1/audit-events", org.api_key);
  EXPECT_EQ(events.json().at("items").at(0).at("client_address").as_string(), "203.0.113.7");
  // A trusted proxy that terminated TLS says so; the session cookie is then Secure.
  const std::string login_body =
      R"({"email": "owner@acme.test", "password": ")" + org.password + "\"}";
  Reply over_https = Call("POST", trusted.url() + "/api/v1/session", "", login_body,
                          {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(over_https.status, 201) << over_https.body;
  EXPECT_NE(over_https.headers.Find("set-cookie").value_or("").find("; Secure"), std::string::npos);
}

TEST(TrustedProxies, AnUntrustedPeerCannotClaimHttps) {
  TempDir dir;
  OrgCredentials org = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  ServerProcess server(dir.path() / "data");
  Reply login = Call("POST", server.url() + "/api/v1/session", "",
                     R"({"email": "owner@acme.test", "password": ")" + org.password + "\"}",
                     {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(login.status, 201) << login.body;
  EXPECT_EQ(login.headers.Find("set-cookie").value_or("").find("Secure"), std::string::npos);
}

// A partner's first user signs in with the one-time password of the vendor's invitation
// and must choose their own before the session can do anything else.
TEST(Session, AOneTimePasswordMustBeReplacedFirst) {
  TempDir dir;
  OrgCredentials vendor = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  ServerProcess server(dir.path() / "data");
  const std::string url = server.url();
  Reply project = Call("POST", url + "/api/v1/projects", vendor.api_key, R"({"name": "Payments"})");
  ASSERT_EQ(project.status, 201) << project.body;
  const std::string project_id(project.json().at("id").as_string());
  Reply invited = Call("POST", url + "/api/v1/projects/" + project_id + "/partners", vendor.api_key,
                       R"({"name": "Globex", "admin_email": "dev@globex.test"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string one_time(invited.json().at("password").as_string());

  Reply login = Call("POST", url + "/api/v1/session", "",
                     R"({"email": "dev@globex.test", "password": ")" + one_time + "\"}");
  ASSERT_EQ(login.status, 201) << login.body;
  EXPECT_TRUE(login.json().at("password_change_required").as_bool());
  const std::string cookie = CookieFrom(login);
  const std::string csrf(login.json().at("csrf_token").as_string());
  const std::vector<std::pair<std::string, std::string>> session{{"Cookie", cookie},
                                                                 {"X-CSRF-Token", csrf}};

  Reply blocked = Call("GET", url + "/api/v1/projects", "", "", session);
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.body.find("password-change-required"), std::string::npos) << blocked.body;
  EXPECT_TRUE(Call("GET", url + "/api/v1/session", "", "", session)
                  .json()
                  .at("password_change_required")
                  .as_bool());

  const std::string change = url + "/api/v1/session/password";
  Reply wrong =
      Call("PUT", change, "",
           R"({"current_password": "guess", "new_password": "a long new password"})", session);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.json().at("errors").at(0).at("pointer").as_string(), "/current_password");
  Reply short_one =
      Call("PUT", change, "",
           R"({"current_password": ")" + one_time + R"(", "new_password": "short"})", session);
  EXPECT_EQ(short_one.status, 422);
  EXPECT_EQ(short_one.json().at("errors").at(0).at("pointer").as_string(), "/new_password");
  Reply changed = Call(
      "PUT", change, "",
      R"({"current_password": ")" + one_time + R"(", "new_password": "globex chose this one"})",
      session);
  EXPECT_EQ(changed.status, 204) << changed.body;

  EXPECT_EQ(Call("GET", url + "/api/v1/projects", "", "", session).status, 200)
      << "the same session goes on";
  EXPECT_EQ(Call("POST", url + "/api/v1/session", "",
                 R"({"email": "dev@globex.test", "password": ")" + one_time + "\"}")
                .status,
            401)
      << "the one-time password is gone";
  Reply again = Call("POST", url + "/api/v1/session", "",
                     R"({"email": "dev@globex.test", "password": "globex chose this one"})");
  ASSERT_EQ(again.status, 201);
  EXPECT_FALSE(again.json().at("password_change_required").as_bool());
}

// The vendor sees who at a partner has access to its project, and only while the partner
// is on it; nothing of another org's partners.
TEST(PartnerUsers, TheVendorSeesThemWhileThePartnerIsOnTheProject) {
  TempDir dir;
  OrgCredentials vendor = CreateOrgWithCli(dir.path() / "data", "Acme", "owner@acme.test");
  OrgCredentials other = CreateOrgWithCli(dir.path() / "data", "Initrode", "owner@initrode.test");
  ServerProcess server(dir.path() / "data");
  const std::string url = server.url();
  Reply project = Call("POST", url + "/api/v1/projects", vendor.api_key, R"({"name": "Payments"})");
  ASSERT_EQ(project.status, 201) << project.body;
  const std::string base =
      url + "/api/v1/projects/" + std::string(project.json().at("id").as_string());
  Reply invited = Call("POST", base + "/partners", vendor.api_key,
                       R"({"name": "Globex", "admin_email": "dev@globex.test"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const std::string partner(invited.json().at("org").at("id").as_string());
  const std::string users = base + "/partners/" + partner + "/users";

  Reply listed = Call("GET", users, vendor.api_key);
  ASSERT_EQ(listed.status, 200) << listed.body;
  boost::json::value body = listed.json();
  ASSERT_EQ(body.at("items").as_array().size(), 1u);
  EXPECT_EQ(body.at("items").at(0).at("email").as_string(), "dev@globex.test");
  EXPECT_EQ(body.at("items").at(0).at("role").as_string(), "partner-admin");
  EXPECT_EQ(listed.body.find("password"), std::string::npos) << listed.body;

  EXPECT_EQ(Call("GET", base + "/partners/" + vendor.org_id + "/users", vendor.api_key).status, 404)
      << "an org that is not a partner of the project";
  EXPECT_EQ(Call("GET", users, other.api_key).status, 404) << "another vendor";
  ASSERT_EQ(Call("DELETE", base + "/partners/" + partner, vendor.api_key).status, 204);
  EXPECT_EQ(Call("GET", users, vendor.api_key).status, 404) << "withdrawn";
}

}  // namespace
}  // namespace icopilot::testing
