// `icopilot serve` over real sockets: operations endpoints, errors, limits, storage.
#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--body-limit", "65536"});
  }
  std::string Url(const std::string& path) const { return server_->url() + path; }
  static std::string ProblemType(const Reply& reply) {
    auto json = reply.json();
    return json.is_object() && json.as_object().contains("type")
               ? std::string(json.at("type").as_string())
               : "";
  }

  TempDir dir_;
  OrgCredentials org_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ServeTest, HealthReadinessAndMetrics) {
  // The suite's PostgreSQL variant really serves from PostgreSQL: no SQLite file appears, and
  // the start is logged with the URL, its password hidden.
  EXPECT_EQ(std::filesystem::exists(dir_.path() / "data" / "icopilot.db"), !OnPostgres());
  if (OnPostgres()) {
    EXPECT_NE(server_->Stdout().find(R"("database":"postgres://icopilot:***@127.0.0.1:)"), std::string::npos)
        << server_->Stdout();
  }
  EXPECT_EQ(Call("GET", Url("/healthz")).status, 200);
  Reply ready = Call("GET", Url("/readyz"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("status").as_string(), "ok");
  Call("GET", Url("/api/v1/projects"), org_.api_key);
  Reply metrics = Call("GET", Url("/metrics"));
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("icopilot_http_requests_total{route=\"/api/v1/"
                              "projects\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("icopilot_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("icopilot_http_requests_in_flight"), std::string::npos);
  EXPECT_NE(metrics.body.find("icopilot_db_query_duration_seconds_count{kind=\"read\"}"),
            std::string::npos);
}

TEST_F(ServeTest, EveryAnswerCarriesSecurityHeadersAndARequestId) {
  Reply reply =
      Call("GET", Url("/api/v1/projects"), org_.api_key, "", {{"X-Request-Id", "trace-123"}});
  EXPECT_EQ(reply.headers.Find("x-request-id").value_or(""), "trace-123");
  EXPECT_EQ(reply.headers.Find("x-content-type-options").value_or(""), "nosniff");
  EXPECT_TRUE(reply.headers.Find("content-security-policy").has_value());
  EXPECT_EQ(reply.headers.Find("cache-control").value_or(""), "no-store");
  Reply generated = Call("GET", Url("/healthz"), "", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_TRUE(generated.headers.Find("x-request-id").value_or("").starts_with("req_"));
}

TEST_F(ServeTest, MalformedJsonIs400NamingTheOffset) {
  Reply reply = Call("POST", Url("/api/v1/projects"), org_.api_key, R"({"name": "x",})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.headers.Find("content-type").value_or(""), "application/problem+json");
  EXPECT_EQ(ProblemType(reply), "urn:icopilot:problem:malformed-json");
  EXPECT_NE(reply.body.find("offset 13"), std::string::npos) << reply.body;
}

// JSON may carry a NUL character (\u0000); SQLite stores it, PostgreSQL's text cannot hold
// one: there it is the request's fault (422 naming it), never a 500.
TEST_F(ServeTest, ANulCharacterInTextIsStoredOrRefusedAsTheRequestsFault) {
  Reply created = Call("POST", Url("/api/v1/projects"), org_.api_key, R"({"name": "Nul\u0000Name"})");
  if (OnPostgres()) {
    EXPECT_EQ(created.status, 422) << created.body;
    EXPECT_NE(created.body.find("0x00"), std::string::npos) << created.body;
  } else {
    EXPECT_EQ(created.status, 201) << created.body;
  }
}

TEST_F(ServeTest, WrongContentTypeIs415) {
  Reply reply =
      Call("POST", Url("/api/v1/projects"), org_.api_key, "", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(reply.status, 415);
  EXPECT_EQ(ProblemType(reply), "urn:icopilot:problem:unsupported-media-type");
}

TEST_F(ServeTest, InvalidFieldsAre422NamingTheField) {
  Reply reply = Call("POST", Url("/api/v1/projects"), org_.api_key, R"({"name": 42})");
  EXPECT_EQ(reply.status, 422);
  EXPECT_NE(reply.body.find("name: expected a string"), std::string::npos) << reply.body;
  // Every invalid field at once, each at its pointer (checked against the served
  // document's schema before the handler runs).
  Reply many = Call("POST", Url("/api/v1/projects"), org_.api_key,
                    R"({"name": "", "description": 7, "nmae": "b"})");
  EXPECT_EQ(many.status, 422);
  std::set<std::string> pointers;
  const boost::json::value many_json = many.json();
  for (const auto& error : many_json.at("errors").as_array())
    pointers.insert(std::string(error.at("pointer").as_string()));
  EXPECT_EQ(pointers, (std::set<std::string>{"/name", "/description", "/nmae"})) << many.body;
  Reply missing = Call("POST", Url("/api/v1/projects"), org_.api_key, R"({})");
  EXPECT_EQ(missing.status, 422);
  const boost::json::value missing_json = missing.json();
  EXPECT_EQ(missing_json.at("errors").at(0).at("pointer"), "/name") << missing.body;
  EXPECT_EQ(missing_json.at("errors").at(0).at("detail"), "required");
}

TEST_F(ServeTest, BodyOverTheLimitIs413) {
  std::string big = R"({"name": ")" + std::string(100'000, 'x') + "\"}";
  Reply reply = Call("POST", Url("/api/v1/projects"), org_.api_key, big);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(Call("GET", Url("/healthz")).status, 200);
}

TEST_F(ServeTest, HugeHeadersAre431) {
  std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 400; ++i)
    request += "X-Header-" + std::to_string(i) + ": " + std::string(50, 'v') + "\r\n";
  request += "\r\n";
  std::string reply = RawExchange(server_->port(), request);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431")) << reply.substr(0, 100);
}

TEST_F(ServeTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  Reply missing = Call("GET", Url("/api/v1/nothing-here"), org_.api_key);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ProblemType(missing), "urn:icopilot:problem:not-found");
  Reply wrong = Call("PUT", Url("/api/v1/projects"), org_.api_key, "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.Find("allow").value_or(""), "POST, GET");
  Reply head = Call("HEAD", Url("/healthz"));
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ServeTest, StringsAreStoredVerbatim) {
  const std::string name = "Robert'); DROP TABLE projects;-- \\\"quoted\\\" Zürich 漢字 🚀";
  const std::string expected = "Robert'); DROP TABLE projects;-- \"quoted\" Zürich 漢字 🚀";
  Reply created =
      Call("POST", Url("/api/v1/projects"), org_.api_key, "{\"name\": \"" + name + "\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.json().at("id").as_string());
  EXPECT_TRUE(id.starts_with("prj_"));
  EXPECT_EQ(created.headers.Find("location").value_or(""), "/api/v1/projects/" + id);
  Reply fetched = Call("GET", Url("/api/v1/projects/" + id), org_.api_key);
  EXPECT_EQ(fetched.json().at("name").as_string(), expected);
  EXPECT_EQ(Call("GET", Url("/api/v1/projects"), org_.api_key).json().at("items").as_array().size(),
            1u);
}

TEST_F(ServeTest, ProjectLifecycle) {
  Reply created = Call("POST", Url("/api/v1/projects"), org_.api_key,
                       R"({"name": "Payments", "description": "v1"})");
  std::string item = Url("/api/v1/projects/" + std::string(created.json().at("id").as_string()));
  Reply renamed = Call("PATCH", item, org_.api_key, R"({"name": "Payments v2"})");
  EXPECT_EQ(renamed.status, 200);
  EXPECT_EQ(renamed.json().at("name").as_string(), "Payments v2");
  EXPECT_EQ(renamed.json().at("description").as_string(), "v1")
      << "fields not sent keep their value";
  Reply archived = Call("POST", item + "/archive", org_.api_key);
  EXPECT_EQ(archived.json().at("archived").as_bool(), true);
  EXPECT_TRUE(
      Call("GET", Url("/api/v1/projects"), org_.api_key).json().at("items").as_array().empty());
  EXPECT_EQ(Call("GET", Url("/api/v1/projects?include_archived=true"), org_.api_key)
                .json()
                .at("items")
                .as_array()
                .size(),
            1u);
  Reply restored = Call("PATCH", item, org_.api_key, R"({"archived": false})");
  EXPECT_EQ(restored.json().at("archived").as_bool(), false);
  EXPECT_EQ(Call("DELETE", item, org_.api_key).status, 204);
  EXPECT_EQ(Call("GET", item, org_.api_key).status, 404);
}

TEST_F(ServeTest, ListsPageWithCursors) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Call("POST", Url("/api/v1/projects"), org_.api_key,
                   "{\"name\": \"p" + std::to_string(i) + "\"}")
                  .status,
              201);
  }
  std::set<std::string> seen;
  std::string next = Url("/api/v1/projects?limit=2");
  int pages = 0;
  while (!next.empty() && pages < 10) {
    Reply page = Call("GET", next, org_.api_key);
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    const boost::json::value json = page.json();
    for (const auto& item : json.at("items").as_array())
      seen.insert(std::string(item.at("id").as_string()));
    const auto& cursor = json.at("next_cursor");
    next = cursor.is_null()
               ? ""
               : Url("/api/v1/projects?limit=2&cursor=" + std::string(cursor.as_string()));
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(Call("GET", Url("/api/v1/projects?limit=0"), org_.api_key).status, 422);
}

TEST_F(ServeTest, CredentialProblemsAre401WithWwwAuthenticate) {
  for (const std::string& key :
       {std::string(), std::string("icp_not-a-real-key"), std::string("something")}) {
    Reply reply = Call("GET", Url("/api/v1/projects"), key);
    EXPECT_EQ(reply.status, 401) << key;
    EXPECT_EQ(reply.headers.Find("www-authenticate").value_or(""), "Bearer realm=\"icopilot\"");
  }
  Reply basic =
      Call("GET", Url("/api/v1/projects"), "", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(basic.status, 401);
}

TEST_F(ServeTest, RevokedKeysStopWorking) {
  Reply key =
      Call("POST", Url("/api/v1/api-keys"), org_.api_key, R"({"name": "ci", "role": "member"})");
  ASSERT_EQ(key.status, 201) << key.body;
  std::string secret(key.json().at("secret").as_string());
  std::string id(key.json().at("id").as_string());
  EXPECT_EQ(Call("GET", Url("/api/v1/projects"), secret).status, 200);
  Reply listed = Call("GET", Url("/api/v1/api-keys"), org_.api_key);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "a key's secret is shown once";
  EXPECT_EQ(Call("DELETE", Url("/api/v1/api-keys/" + id), org_.api_key).status, 200);
  Reply refused = Call("GET", Url("/api/v1/projects"), secret);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body.find("revoked"), std::string::npos);
}

TEST_F(ServeTest, MembersCannotDoAdminWork) {
  Reply user = Call("POST", Url("/api/v1/users"), org_.api_key,
                    R"({"email": "m@acme.test", "name": "Mia", "role": "member"})");
  ASSERT_EQ(user.status, 201) << user.body;
  Reply key = Call("POST", Url("/api/v1/api-keys"), org_.api_key,
                   R"({"name": "member key", "role": "member"})");
  std::string member_key(key.json().at("secret").as_string());
  Reply created = Call("POST", Url("/api/v1/projects"), member_key, R"({"name": "by member"})");
  EXPECT_EQ(created.status, 201);
  std::string id(created.json().at("id").as_string());
  EXPECT_EQ(Call("DELETE", Url("/api/v1/projects/" + id), member_key).status, 403);
  EXPECT_EQ(Call("GET", Url("/api/v1/audit-events"), member_key).status, 403);
  EXPECT_EQ(Call("POST", Url("/api/v1/api-keys"), member_key, R"({"name": "up", "role": "owner"})")
                .status,
            403);
}

TEST_F(ServeTest, AuditLogRecordsWhoWhatWhenAndWhere) {
  Reply created = Call("POST", Url("/api/v1/projects"), org_.api_key, R"({"name": "Audited"})",
                       {{"X-Request-Id", "audit-1"}});
  ASSERT_EQ(created.status, 201);
  Reply events = Call("GET", Url("/api/v1/audit-events"), org_.api_key);
  ASSERT_EQ(events.status, 200);
  const boost::json::value json = events.json();
  const auto& latest = json.at("items").as_array().at(0);
  EXPECT_EQ(latest.at("action").as_string(), "project.create");
  EXPECT_EQ(latest.at("actor_id").as_string(), org_.user_id);
  EXPECT_EQ(latest.at("target_id").as_string(), created.json().at("id").as_string());
  EXPECT_EQ(latest.at("client_address").as_string(), "127.0.0.1");
  EXPECT_EQ(latest.at("request_id").as_string(), "audit-1");
  EXPECT_TRUE(latest.at("created_at").as_string().starts_with("20"));
}

TEST_F(ServeTest, SignupIsOffUnlessAllowed) {
  const std::string body =
      R"({"org_name": "New Co", "email": "new@co.test", "password": "long enough password"})";
  Reply refused = Call("POST", Url("/api/v1/signup"), "", body);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ProblemType(refused), "urn:icopilot:problem:signup-disabled");

  ServerProcess open(dir_.path() / "open", {"--allow-signup"});
  Reply created = Call("POST", open.url() + "/api/v1/signup", "", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.json().as_object().contains("password"));
  std::string key(created.json().at("api_key").at("secret").as_string());
  EXPECT_EQ(Call("GET", open.url() + "/api/v1/org", key).json().at("name").as_string(), "New Co");
}

TEST_F(ServeTest, AccessLogHasOneJsonLinePerRequest) {
  ASSERT_EQ(
      Call("GET", Url("/api/v1/projects"), org_.api_key, "", {{"X-Request-Id", "log-me"}}).status,
      200);
  ASSERT_EQ(server_->Stop(), 0);  // flushes the log
  std::istringstream lines(server_->Stdout());
  std::string line;
  int found = 0;
  while (std::getline(lines, line)) {
    if (line.find("\"log-me\"") == std::string::npos) continue;
    ++found;
    boost::system::error_code ec;
    auto entry = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << line;
    EXPECT_EQ(entry.at("msg").as_string(), "request");
    EXPECT_EQ(entry.at("route").as_string(), "/api/v1/projects");
    EXPECT_EQ(entry.at("status").as_int64(), 200);
    EXPECT_TRUE(entry.at("duration_us").is_int64());
    EXPECT_EQ(entry.at("client").as_string(), "127.0.0.1");
  }
  EXPECT_EQ(found, 1) << server_->Stdout();
}

TEST_F(ServeTest, SigtermExitsCleanly) {
  EXPECT_EQ(Call("GET", Url("/healthz")).status, 200);
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_NE(server_->Stdout().find("\"msg\":\"stopped\""), std::string::npos);
}

// Peak resident memory of a process, from /proc/PID/status (VmHWM), in KiB.
long PeakKib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return -1;
}

// A 1.4 KB YAML "billion laughs": nine levels of ten aliases each. Three uploads at once
// once took the server to 1.46 GB; the expansion is now bounded by the document's own size.
TEST_F(ServeTest, AYamlAliasBombUploadIsRefusedWithoutTakingMemory) {
  std::string bomb =
      "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &a [lol, lol, lol, lol, "
      "lol, lol, lol, lol, lol, lol]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    const char previous = static_cast<char>(level - 1);
    bomb += std::string("x-") + level + ": &" + level + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + previous;
    bomb += "]\n";
  }
  const std::string project =
      IdOf(Call("POST", Url("/api/v1/projects"), org_.api_key, R"({"name": "Bombs"})"));
  ASSERT_FALSE(project.empty());
  const long before = PeakKib(server_->pid());
  ASSERT_GT(before, 0);
  // At once, as the issue saw them; one after another under AddressSanitizer, whose
  // allocator can be left locked in a child forked from a busy multi-threaded process (YAML
  // is checked in a forked child first, decision 0009): the child then waits out its 60 s
  // limit. glibc's allocator is fork-safe, so the release build runs them together.
#if defined(__SANITIZE_ADDRESS__)
  constexpr auto kLaunch = std::launch::deferred;
#else
  constexpr auto kLaunch = std::launch::async;
#endif
  std::vector<std::future<Reply>> uploads;
  for (int i = 0; i < 3; ++i) {
    uploads.push_back(std::async(kLaunch, [&] {
      return Call("POST", Url("/api/v1/projects/" + project + "/specs"), org_.api_key,
                  R"({"label": "bomb", "document": )" + JsonString(bomb) + "}");
    }));
  }
  for (auto& upload : uploads) {
    Reply reply = upload.get();
    EXPECT_EQ(reply.status / 100, 4) << reply.body;
    EXPECT_NE(reply.body.find("YAML aliases"), std::string::npos) << reply.body;
  }
  const long grown = PeakKib(server_->pid()) - before;
  std::printf("  peak resident memory grew by %ld KiB\n", grown);
  EXPECT_LT(grown, 100 * 1024) << "the uploads took " << grown << " KiB";
  EXPECT_EQ(Call("GET", Url("/healthz")).status, 200);
}

// The portals come from the binary itself: `/` and the app's client routes get
// index.html (never cached, with a CSP that allows only this origin's scripts), its
// hashed assets are cached for ever and sent compressed when asked; the API's paths keep
// their problem+json.
TEST_F(ServeTest, ThePortalIsServedFromTheBinary) {
  Reply root = Call("GET", Url("/"));
  if (!ICOPILOT_WEB_UI_BUILT) {
    EXPECT_EQ(root.status, 404);
    EXPECT_NE(root.body.find("built without the portals"), std::string::npos) << root.body;
    return;
  }
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(root.headers.Find("content-type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(root.headers.Find("cache-control").value_or(""), "no-cache");
  const std::string csp(root.headers.Find("content-security-policy").value_or(""));
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(root.body.find("<script>"), std::string::npos) << "no inline script";
  Reply route = Call("GET", Url("/projects/prj_1/runs"));
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, root.body) << "client routes get the app";
  const std::size_t src = root.body.find("src=\"/assets/");
  ASSERT_NE(src, std::string::npos) << root.body;
  const std::string script = root.body.substr(src + 5, root.body.find('"', src + 5) - src - 5);
  Reply asset = Call("GET", Url(script), "", "", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(asset.status, 200) << script;
  EXPECT_EQ(asset.headers.Find("cache-control").value_or(""),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.headers.Find("content-encoding").value_or(""), "gzip");
  Reply plain = Call("GET", Url(script));
  EXPECT_FALSE(plain.headers.Find("content-encoding").has_value());
  EXPECT_GT(plain.body.size(), asset.body.size());
  EXPECT_EQ(Call("GET", Url("/assets/missing.js")).status, 404);
  EXPECT_EQ(ProblemType(Call("GET", Url("/api/v1/nothing-here"))),
            "urn:icopilot:problem:not-found");
  EXPECT_EQ(Call("POST", Url("/projects")).status, 404) << "only GET and HEAD reach the app";
}

}  // namespace
}  // namespace icopilot::testing
