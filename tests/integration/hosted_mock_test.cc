// Hosted mocks through the REST API of the real binary: upload a spec, create a mock,
// call it under /mocks/{id} with its own credentials, read its journal, health and
// traffic, change its settings, reset it, unload it when idle, restart the server, delete.
#include <thread>

#include <arpa/inet.h>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/crypto.h"
#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

constexpr std::string_view kSpec = R"(openapi: 3.0.3
info: {title: Notes, version: '1'}
servers: [{url: 'https://notes.example.com/v1'}]
security: [{key: []}, {oauth: [notes:write]}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {notes:write: write}}}
  schemas:
    Note:
      type: object
      required: [id, text]
      properties:
        id: {type: integer, readOnly: true}
        text: {type: string, maxLength: 40}
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
  /notes/{id}:
    get:
      operationId: getNote
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
)";

class HostedMockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Vendor", "owner@v.test");
    Start();
    Reply project = Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Notes"})");
    ASSERT_EQ(project.status, 201) << project.body;
    project_ = std::string(project.json().at("id").as_string());
  }

  void Start() {
    server_.reset();
    server_ = std::make_unique<ServerProcess>(
        dir_.path() / "data", std::vector<std::string>{"--access-log", "off", "--mock-idle", "3s"});
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }
  std::string Api(const std::string& rest) const {
    return Url("/api/v1/projects/" + project_ + rest);
  }

  // Uploads the spec and makes a mock of it; returns the mock's JSON.
  boost::json::value CreateMock(const std::string& config = "{}") {
    Reply version = Call("POST", Api("/specs"), vendor_.api_key,
                         R"({"label": "v1", "document": )" + JsonString(kSpec) + "}");
    EXPECT_EQ(version.status, 201) << version.body;
    EXPECT_EQ(version.json().at("operation_count"), 2);
    EXPECT_EQ(version.json().at("base_path"), "/v1");
    Reply mock = Call("POST", Api("/mocks"), vendor_.api_key,
                      R"({"name": "Notes mock", "spec_version_id": ")" +
                          std::string(version.json().at("id").as_string()) + R"(", "config": )" +
                          config + "}");
    EXPECT_EQ(mock.status, 201) << mock.body;
    return mock.json();
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string project_;
};

TEST_F(HostedMockTest, ServesWithItsOwnCredentialsAndRemembersWhatWasCreated) {
  auto mock = CreateMock();
  const std::string id(mock.at("id").as_string());
  const std::string path(mock.at("path").as_string());
  EXPECT_EQ(path, "/mocks/" + id + "/v1");
  const std::string api_key(mock.at("credentials").at("api_key").as_string());

  // Strict: nothing but the mock's own credentials.
  Reply anonymous = Call("POST", Url(path + "/notes"), "", R"({"text": "hi"})");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_TRUE(anonymous.headers.Find("www-authenticate").has_value());
  EXPECT_EQ(Call("POST", Url(path + "/notes"), "", R"({"text": "hi"})", {{"x-api-key", "made-up"}})
                .status,
            401);

  // Stateful by default: POST, then GET returns it; Location carries the mock's prefix.
  Reply created =
      Call("POST", Url(path + "/notes"), "", R"({"text": "hello"})", {{"x-api-key", api_key}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.headers.Find("location"), path + "/notes/1");
  Reply read = Call("GET", Url(path + "/notes/1"), "", "", {{"x-api-key", api_key}});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.json().at("text"), "hello");
  EXPECT_EQ(Call("GET", Url(path + "/notes/2"), "", "", {{"x-api-key", api_key}}).status, 404);

  // The token endpoint takes the mock's client credentials and issues scoped tokens.
  const std::string form =
      "grant_type=client_credentials&scope=notes:write&client_id=" +
      std::string(mock.at("credentials").at("client_id").as_string()) +
      "&client_secret=" + std::string(mock.at("credentials").at("client_secret").as_string());
  Reply token = Call("POST", Url("/mocks/" + id + "/oauth/token"), "", form,
                     {{"content-type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(token.status, 200) << token.body;
  const std::string bearer(token.json().at("access_token").as_string());
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), bearer).status, 200);
  Reply wrong_client = Call("POST", Url("/mocks/" + id + "/oauth/token"), "",
                            "grant_type=client_credentials&client_id=x&client_secret=y",
                            {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(wrong_client.status, 401);

  // A bad request: the journal says what was wrong; health counts the traffic.
  Reply bad = Call("POST", Url(path + "/notes"), "", R"({"text": 5})", {{"x-api-key", api_key}});
  EXPECT_EQ(bad.status, 400);
  Reply journal = Call("GET", Api("/mocks/" + id + "/requests"), vendor_.api_key);
  ASSERT_EQ(journal.status, 200);
  const boost::json::value entries = journal.json();
  const auto& newest = entries.at("items").as_array().at(0);
  EXPECT_EQ(newest.at("status"), 400);
  EXPECT_EQ(newest.at("target"), "/v1/notes");
  EXPECT_NE(std::string(newest.at("violations").as_array().at(0).as_string()).find("body.text"),
            std::string::npos)
      << journal.body;
  auto health = Call("GET", Api("/mocks/" + id), vendor_.api_key).json().at("health");
  EXPECT_EQ(health.at("status"), "loaded");
  EXPECT_GE(health.at("requests").as_int64(), 8);
  EXPECT_GE(health.at("client_errors").as_int64(), 4);
  EXPECT_EQ(health.at("resources"), 1);

  // Reset clears the stored resources.
  Reply reset = Call("POST", Api("/mocks/" + id + "/reset"), vendor_.api_key);
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.json().at("health").at("resources"), 0);
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), "", "", {{"x-api-key", api_key}}).status, 404);
}

TEST_F(HostedMockTest, SettingsChangeBehaviourAndBadSettingsAreRefused) {
  auto mock = CreateMock(R"({"operations": {"getNote": {"chaos": 1}}})");
  const std::string id(mock.at("id").as_string());
  const std::string path(mock.at("path").as_string());
  const std::string api_key(mock.at("credentials").at("api_key").as_string());
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), api_key).status, 500);  // chaos on getNote

  Reply bad =
      Call("PATCH", Api("/mocks/" + id), vendor_.api_key, R"({"config": {"latency": "soon"}})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("config.latency"), std::string::npos) << bad.body;

  Reply changed =
      Call("PATCH", Api("/mocks/" + id), vendor_.api_key, R"({"config": {"stateful": false}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  // Not stateful any more: any id answers from the spec.
  EXPECT_EQ(Call("GET", Url(path + "/notes/77"), api_key).status, 200);

  Reply unusable = Call("POST", Api("/specs"), vendor_.api_key,
                        R"({"label": "broken", "document": "openapi: [unterminated"})");
  EXPECT_EQ(unusable.status, 422) << unusable.body;
}

// A new version of the spec is served by the same mock (same URL, same credentials) once
// the mock is moved to it; a version of another project, or none, is refused and changes
// nothing.
TEST_F(HostedMockTest, AMockMovesToANewVersionOfItsProjectsSpecOnly) {
  auto mock = CreateMock();
  const std::string id(mock.at("id").as_string());
  const std::string path(mock.at("path").as_string());
  const std::string api_key(mock.at("credentials").at("api_key").as_string());
  const std::string first(mock.at("spec_version_id").as_string());
  std::string v2(kSpec);
  v2.insert(v2.find("  /notes:"),
            "  /ping:\n    get:\n      operationId: ping\n      security: []\n"
            "      responses: {'200': {description: pong}}\n");
  Reply version = Call("POST", Api("/specs"), vendor_.api_key,
                       R"({"label": "v2", "document": )" + JsonString(v2) + "}");
  ASSERT_EQ(version.status, 201) << version.body;
  EXPECT_EQ(Call("GET", Url(path + "/ping")).status, 404);

  Reply other_project =
      Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Other"})");
  Reply elsewhere = Call("POST", Url("/api/v1/projects/" + IdOf(other_project) + "/specs"),
                         vendor_.api_key, R"({"label": "x", "document": )" + JsonString(v2) + "}");
  ASSERT_EQ(elsewhere.status, 201) << elsewhere.body;
  for (const std::string& refused : {IdOf(elsewhere), std::string("spv_none")}) {
    Reply moved = Call("PATCH", Api("/mocks/" + id), vendor_.api_key,
                       R"({"spec_version_id": ")" + refused + "\"}");
    EXPECT_EQ(moved.status, 404) << moved.body;
  }
  EXPECT_EQ(
      Call("GET", Api("/mocks/" + id), vendor_.api_key).json().at("spec_version_id").as_string(),
      first);

  Reply moved = Call("PATCH", Api("/mocks/" + id), vendor_.api_key,
                     R"({"spec_version_id": ")" + IdOf(version) + "\"}");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("spec_version_id").as_string(), IdOf(version));
  EXPECT_EQ(moved.json().at("credentials").at("api_key").as_string(), api_key)
      << "the same credentials";
  EXPECT_EQ(Call("GET", Url(path + "/ping")).status, 200);
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), api_key).status, 404) << "still guarded, empty";
}

// A portal points at the problem in the document's text: an unusable document's 422 names
// the line and column, and a stored one lists what the engine warned about, placed.
TEST_F(HostedMockTest, SpecProblemsComeWithTheirLineAndColumn) {
  Reply unusable = Call("POST", Api("/specs"), vendor_.api_key,
                        R"({"label": "broken", "document": "openapi: 3.0.3\npaths:\n  /a: [\n"})");
  ASSERT_EQ(unusable.status, 422) << unusable.body;
  const boost::json::value problem = unusable.json();
  const auto& error = problem.at("errors").at(0);
  EXPECT_EQ(error.at("pointer").as_string(), "/document");
  EXPECT_GT(error.at("line").as_int64(), 2) << unusable.body;
  EXPECT_EQ(error.at("rule").as_string(), "unparsable");

  Reply stored = Call(
      "POST", Api("/specs"), vendor_.api_key,
      R"({"label": "sloppy", "document": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get: {responses: {'200': {description: ok}}}\n"})");
  ASSERT_EQ(stored.status, 201) << stored.body;
  const boost::json::value version = stored.json();
  const auto& diagnostics = version.at("diagnostics").as_array();
  ASSERT_FALSE(diagnostics.empty()) << stored.body;
  EXPECT_EQ(diagnostics[0].at("rule").as_string(), "path-parameter-undeclared");
  EXPECT_EQ(diagnostics[0].at("line").as_int64(), 5);
}

TEST_F(HostedMockTest, IdleMocksUnloadSurviveARestartAndDeleteForGood) {
  auto mock = CreateMock();
  const std::string id(mock.at("id").as_string());
  const std::string path(mock.at("path").as_string());
  const std::string api_key(mock.at("credentials").at("api_key").as_string());
  ASSERT_EQ(Call("POST", Url(path + "/notes"), api_key, R"({"text": "kept"})").status, 201);
  EXPECT_EQ(Call("GET", Api("/mocks/" + id), vendor_.api_key).json().at("health").at("status"),
            "loaded");

  // Idle past --mock-idle (3s: under a sanitizer on a busy machine, a request and the
  // health read after it can take more than 1s): unloaded, state kept, back on the next
  // request.
  std::string status;
  for (int i = 0; i < 150 && status != "idle"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = Call("GET", Api("/mocks/" + id), vendor_.api_key)
                 .json()
                 .at("health")
                 .at("status")
                 .as_string();
  }
  EXPECT_EQ(status, "idle");
  Reply again = Call("GET", Url(path + "/notes/1"), api_key);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("text"), "kept");

  // A restart keeps the mock (and its credentials); state starts afresh.
  Start();
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), api_key).status, 404);
  EXPECT_EQ(Call("POST", Url(path + "/notes"), api_key, R"({"text": "new"})").status, 201);

  EXPECT_EQ(Call("DELETE", Api("/mocks/" + id), vendor_.api_key).status, 204);
  EXPECT_EQ(Call("GET", Url(path + "/notes/1"), api_key).status, 404);
  EXPECT_EQ(Call("GET", Url("/mocks/mck_nothing/v1/notes/1")).status, 404);
  EXPECT_EQ(Call("GET", Url("/mocks/")).status, 404);
  EXPECT_EQ(Call("GET", Url("/mocks/a%2F..%2Fb/v1/notes")).status, 404);
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool Listening(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

TEST_F(HostedMockTest, AMockCanHaveAPortOfItsOwn) {
  const int port = FreePort();
  auto mock = CreateMock();
  const std::string id(mock.at("id").as_string());
  const std::string api_key(mock.at("credentials").at("api_key").as_string());
  Reply with_port = Call("PATCH", Api("/mocks/" + id), vendor_.api_key,
                         R"({"port": )" + std::to_string(port) + "}");
  ASSERT_EQ(with_port.status, 200) << with_port.body;
  EXPECT_EQ(with_port.json().at("port"), port);
  const std::string own = "http://127.0.0.1:" + std::to_string(port);
  Reply created = Call("POST", own + "/v1/notes", api_key, R"({"text": "direct"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.headers.Find("location"), "/v1/notes/1");  // no prefix on its own port
  // The same state through the main port.
  EXPECT_EQ(Call("GET", Url("/mocks/" + id + "/v1/notes/1"), api_key).status, 200);

  // A port in use is refused and nothing changes.
  Reply second = Call("POST", Api("/mocks"), vendor_.api_key,
                      R"({"name": "clash", "spec_version_id": ")" +
                          std::string(mock.at("spec_version_id").as_string()) + R"(", "port": )" +
                          std::to_string(port) + "}");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(Call("PATCH", Api("/mocks/" + id), vendor_.api_key, R"({"port": 80})").status, 422);

  // Back after a restart.
  Start();
  EXPECT_EQ(Call("POST", own + "/v1/notes", api_key, R"({"text": "again"})").status, 201);
  Reply none = Call("PATCH", Api("/mocks/" + id), vendor_.api_key, R"({"port": null})");
  EXPECT_TRUE(none.json().at("port").is_null());
  EXPECT_FALSE(Listening(port));
}

}  // namespace
}  // namespace icopilot::testing
