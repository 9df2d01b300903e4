// Walks every operation of the served /api/v1/openapi.json and calls it with no
// credentials, with another org's key, and with a partner's key. A new operation is
// covered the day it is added to the route table; one without a sample body fails here.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

std::string Id(const Reply& reply, const char* member = "id") {
  auto json = reply.json();
  EXPECT_TRUE(json.is_object() && json.as_object().contains(member))
      << reply.status << " " << reply.body;
  return json.is_object() && json.as_object().contains(member)
             ? std::string(json.at(member).as_string())
             : "";
}

class AuthorizationMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = CreateOrgWithCli(dir_.path() / "data", "Org A", "owner@a.test");
    b_ = CreateOrgWithCli(dir_.path() / "data", "Org B", "owner@b.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--access-log", "off"});
    project_ = Id(Call("POST", Url("/api/v1/projects"), a_.api_key, R"({"name": "A's project"})"));
    Reply partner = Call("POST", Url("/api/v1/projects/" + project_ + "/partners"), a_.api_key,
                         R"({"name": "Partner P", "admin_email": "admin@p.test"})");
    ASSERT_EQ(partner.status, 201) << partner.body;
    partner_key_ = std::string(partner.json().at("api_key").at("secret").as_string());
    partner_org_ = std::string(partner.json().at("org").at("id").as_string());
    member_ = Id(Call("POST", Url("/api/v1/users"), a_.api_key,
                      R"({"email": "m@a.test", "name": "M", "role": "member"})"));
    key_ = Id(Call("POST", Url("/api/v1/api-keys"), a_.api_key, R"({"name": "A's spare key"})"));
    spec_version_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/specs"), a_.api_key,
                            SampleBody("SpecVersionCreate")));
    mock_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/mocks"), a_.api_key,
                    SampleBody("MockCreate")));
    annotation_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/annotations"), a_.api_key,
                          SampleBody("AnnotationCreate")));
    saved_case_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/saved-cases"), a_.api_key,
                          SampleBody("SavedCaseCreate")));
    environment_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/environments"),
                           a_.api_key, SampleBody("EnvironmentCreate")));
    run_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/runs"), a_.api_key,
                   SampleBody("RunCreate")));
    Reply uploaded =
        Call("POST",
             Url("/api/v1/projects/" + project_ + "/environments/" + environment_ + "/traces/har"),
             a_.api_key, SampleBody("Har"));
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
    trace_ = std::string(uploaded.json().at("trace_ids").at(0).as_string());
    Reply board =
        Call("GET", Url("/api/v1/projects/" + project_ + "/partners/" + partner_org_ + "/plan"),
             a_.api_key);
    ASSERT_EQ(board.status, 200) << board.body;
    plan_item_ =
        std::string(board.json().at("phases").at(0).at("items").at(0).at("id").as_string());
    question_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/assistant/questions"),
                        a_.api_key, SampleBody("AssistantQuestionCreate")));
    channel_ = Id(Call("POST", Url("/api/v1/projects/" + project_ + "/notification-channels"),
                       a_.api_key, SampleBody("NotificationChannelCreate")));
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }

  // Fills {params} with org A's resources.
  std::string Resolve(std::string path) const {
    const std::map<std::string, std::string> values = {{"{project_id}", project_},
                                                       {"{user_id}", member_},
                                                       {"{key_id}", key_},
                                                       {"{partner_org_id}", partner_org_},
                                                       {"{spec_version_id}", spec_version_},
                                                       {"{mock_id}", mock_},
                                                       {"{annotation_id}", annotation_},
                                                       {"{case_id}", saved_case_},
                                                       {"{environment_id}", environment_},
                                                       {"{run_id}", run_},
                                                       {"{trace_id}", trace_},
                                                       {"{position}", "0"},
                                                       {"{partner_id}", partner_org_},
                                                       {"{item_id}", plan_item_},
                                                       {"{question_id}", question_},
                                                       {"{channel_id}", channel_},
                                                       // None is dead: nothing was sent.
                                                       {"{notification_id}", "ntf_none"},
                                                       // None is issued: no partner here is ready.
                                                       {"{certificate_id}", "cert_none"},
                                                       {"{operation_id}", "getX"}};
    for (const auto& [name, value] : values) {
      for (auto at = path.find(name); at != std::string::npos; at = path.find(name))
        path.replace(at, name.size(), value);
    }
    EXPECT_EQ(path.find('{'), std::string::npos) << "no sample value for a parameter of " << path;
    return path;
  }

  // A valid body per request schema. Unique values where the server wants them unique.
  std::string SampleBody(const std::string& schema) {
    ++counter_;
    std::string n = std::to_string(counter_);
    if (schema == "ProjectCreate") return R"({"name": "matrix )" + n + "\"}";
    if (schema == "ProjectUpdate") return R"({"name": "matrix rename )" + n + "\"}";
    if (schema == "PartnerInvite")
      return R"({"name": "Matrix partner )" + n + R"(", "admin_email": "mp)" + n + "@p.test\"}";
    if (schema == "UserCreate")
      return R"({"email": "mu)" + n + R"(@x.test", "name": "U", "role": "member"})";
    if (schema == "ApiKeyCreate") return R"({"name": "matrix key )" + n + "\"}";
    if (schema == "OrgUpdate") return R"({"name": "Renamed by caller )" + n + "\"}";
    if (schema == "SessionCreate")
      return R"({"email": "nobody@x.test", "password": "wrong password"})";
    if (schema == "SpecVersionCreate")
      return R"({"label": "v)" + n +
             R"(", "document": "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {/x: {get: {operationId: getX, responses: {'200': {description: ok}}}}}\n"})";
    if (schema == "MockCreate")
      return R"({"spec_version_id": ")" + spec_version_ + R"(", "name": "matrix mock )" + n + "\"}";
    if (schema == "AnnotationCreate")
      return R"({"operation_id": "getX", "kind": "tip", "message": "note )" + n +
             R"(", "condition": "query.a == 1"})";
    if (schema == "AnnotationUpdate") return R"({"message": "changed )" + n + "\"}";
    if (schema == "ConditionPreviewRequest")
      return R"({"operation_id": "getX", "condition": "query.a == 1"})";
    if (schema == "PlaygroundRequest") return R"({"query": {"a": "1"}})";
    if (schema == "PlaygroundSend") return R"({"environment_id": "mock"})";
    if (schema == "SavedCaseCreate")
      return R"({"name": "case )" + n + R"(", "operation_id": "getX", "expected_status": 200})";
    if (schema == "PlanTemplate")
      return R"({"phases": [{"name": "Phase )" + n +
             R"(", "items": [{"key": "k", "title": "T", "rule": {"kind": "no_violations"}}]}]})";
    if (schema == "PlanItemCreate") return R"({"phase": 0, "title": "item )" + n + "\"}";
    if (schema == "PlanItemUpdate") return R"({"assignee": "someone )" + n + "\"}";
    if (schema == "CertificateCreate") return R"({"environment_id": ")" + environment_ + "\"}";
    if (schema == "AssistantQuestionCreate")
      return R"({"question": "why does getX fail?", "partner_id": ")" + partner_org_ + "\"}";
    if (schema == "AssistantModelSet")
      return R"({"base_url": "https://llm.example.invalid/v1", "model": "matrix-)" + n + "\"}";
    if (schema == "AssistantFeedback")
      return R"({"helpful": true, "comment": "matrix )" + n + "\"}";
    if (schema == "SpecImpactPreview")
      return R"({"document": "openapi: 3.0.3\ninfo: {title: T, version: '2'}\npaths: {}\n"})";
    if (schema == "NotificationChannelCreate")
      return R"({"kind": "webhook", "name": "hook )" + n +
             R"(", "url": "https://hooks.example.invalid/x", "events": ["run.failed"]})";
    if (schema == "NotificationChannelUpdate") return R"({"name": "hook rename )" + n + "\"}";
    if (schema == "PlanCommentCreate") return R"({"body": "comment )" + n + "\"}";
    if (schema == "MockUpdate") return R"({"name": "matrix mock rename )" + n + "\"}";
    if (schema == "EnvironmentCreate")
      return R"({"name": "UAT )" + n +
             R"(", "base_url": "https://uat.example.invalid/v1", "credentials": {"api_key": "matrix-secret-)" +
             n + "\"}}";
    if (schema == "EnvironmentUpdate") return R"({"timeout_ms": 5000})";
    if (schema == "Credentials") return R"({"bearer": "partner-token"})";
    if (schema == "ProfileOverrides") return R"({"performance": "required"})";
    if (schema == "RunCreate")
      return R"({"spec_version_id": ")" + spec_version_ + R"(", "environment_id": ")" +
             environment_ + "\"}";
    if (schema == "Har")
      return R"({"log": {"version": "1.2", "entries": [{"startedDateTime": "2026-11-26T10:00:00Z",
                 "request": {"method": "GET", "url": "https://uat.example.invalid/v1/x", "headers": []},
                 "response": {"status": 200, "headers": [], "content": {"text": "{}"}}}]}})";
    if (schema == "TraceIngest")
      return R"({"request": {"method": "GET", "url": "/v1/x"}, "response": {"status": 200}})";
    if (schema == "TraceSecretCreate") return R"({"grace_seconds": 60})";
    if (schema == "TraceSettings") return R"({"secret_fields": ["matrix_field_)" + n + R"("]})";
    // Org B's owner is the caller for whom a body must succeed; the others are refused
    // (401, or 422 for a password that is not theirs). Nothing later needs B's password.
    if (schema == "PasswordChange")
      return R"({"current_password": ")" + b_.password + R"(", "new_password": "matrix password )" +
             n + "\"}";
    // No provider answers in the matrix: org B's setting is refused by the discovery check
    // (422), after authorization (see NeedsAnOutsideService).
    if (schema == "SsoSettings")
      return R"({"preset": "oidc", "issuer": "https://idp.example.invalid", "client_id": "c",
                 "client_secret": "s", "allowed_domains": ["matrix-)" +
             n + R"(.test"]})";
    if (schema == "SsoStart") return R"({"email": "someone@matrix.test"})";
    if (schema == "Signup")
      return R"({"org_name": "M", "email": "s)" + n + R"(@x.test", "password": "a long password"})";
    ADD_FAILURE() << "no sample body for request schema " << schema << ": add one to the matrix";
    return "{}";
  }

  // Operations whose success needs a service the matrix does not run: setting single
  // sign-on fetches the identity provider's discovery document first.
  static bool NeedsAnOutsideService(const std::string& what) {
    return what == "PUT /api/v1/org/sso";
  }

  // None of org A's private ids may appear in what another caller sees.
  void ExpectNoLeak(const Reply& reply, const std::string& what, bool partner) const {
    // A partner legitimately sees the shared project and whose it is.
    std::vector<std::string> secret_ids = {a_.user_id, member_, key_};
    if (!partner) {
      secret_ids.push_back(project_);
      secret_ids.push_back(a_.org_id);
    }
    EXPECT_EQ(reply.body.find("matrix-secret-"), std::string::npos)
        << what << " shows an environment's credential: " << reply.body;
    for (const std::string& id : secret_ids) {
      EXPECT_EQ(reply.body.find(id), std::string::npos)
          << what << " leaks " << id << ": " << reply.body;
    }
  }

  TempDir dir_;
  OrgCredentials a_, b_;
  std::unique_ptr<ServerProcess> server_;
  std::string project_, partner_key_, partner_org_, member_, key_, spec_version_, mock_,
      annotation_, saved_case_, plan_item_, question_;
  std::string environment_, run_, trace_, channel_;
  int counter_ = 0;
};

TEST_F(AuthorizationMatrix, CoversEveryOperationOfTheServedDocument) {
  Reply document = Call("GET", Url("/api/v1/openapi.json"));
  ASSERT_EQ(document.status, 200);
  const boost::json::value document_json = document.json();
  const auto& paths = document_json.at("paths").as_object();
  int operations = 0;
  int calls = 0;
  std::set<std::string> access_levels;
  for (const auto& path_item : paths) {
    const std::string path(path_item.key());
    for (const auto& entry : path_item.value().as_object()) {
      const auto& op = entry.value().as_object();
      std::string method(entry.key());
      for (auto& c : method) c = static_cast<char>(std::toupper(c));
      const std::string access(op.at("x-icopilot-access").as_string());
      const bool is_public = op.contains("security") && op.at("security").as_array().empty();
      const bool has_params = path.find('{') != std::string::npos;
      std::string schema;
      if (op.contains("requestBody")) {
        std::string ref(op.at("requestBody")
                            .at("content")
                            .at("application/json")
                            .at("schema")
                            .at("$ref")
                            .as_string());
        schema = ref.substr(ref.rfind('/') + 1);
      }
      const std::string what = method + " " + path;
      const std::string url = Url(Resolve(path));
      auto body = [&] { return schema.empty() ? std::string() : SampleBody(schema); };
      ++operations;
      access_levels.insert(access);

      // 1. No credentials.
      Reply anonymous = Call(method, url, "", body());
      ++calls;
      EXPECT_LT(anonymous.status, 500) << what;
      if (!is_public) {
        EXPECT_EQ(anonymous.status, 401) << what;
        EXPECT_TRUE(anonymous.headers.Find("www-authenticate").has_value()) << what;
        EXPECT_EQ(access == "public", false) << what;
      }
      if (is_public) continue;

      // 2. Another vendor org's owner key.
      Reply other = Call(method, url, b_.api_key, body());
      ++calls;
      EXPECT_LT(other.status, 500) << what << ": " << other.body;
      if (has_params) {
        EXPECT_EQ(other.status, 404)
            << what << ": another org's resource must look absent: " << other.body;
      } else if (NeedsAnOutsideService(what)) {
        // Allowed, and then refused for what only that service could confirm.
        EXPECT_EQ(other.status, 422) << what << ": " << other.body;
      } else {
        EXPECT_GE(other.status, 200) << what << ": " << other.body;
        EXPECT_LT(other.status, 300) << what << ": " << other.body;
        auto json = other.json();
        if (json.is_object() && json.as_object().contains("org_id")) {
          EXPECT_EQ(json.at("org_id").as_string(), b_.org_id)
              << what << " created outside the caller's org";
        }
        if (path == "/api/v1/org") {
          EXPECT_EQ(Id(other), b_.org_id) << what;
        }
      }
      ExpectNoLeak(other, what + " as org B", false);

      // 3. The invited partner's admin key.
      Reply partner = Call(method, url, partner_key_, body());
      ++calls;
      EXPECT_LT(partner.status, 500) << what << ": " << partner.body;
      EXPECT_NE(partner.status, 401) << what;
      if (access == "vendor" || access == "vendor-admin") {
        EXPECT_EQ(partner.status, 403)
            << what << ": vendor-only operation answered a partner: " << partner.body;
      }
      ExpectNoLeak(partner, what + " as partner", true);
    }
  }
  // The document and the matrix really are big enough to mean something.
  EXPECT_GE(operations, 20);
  EXPECT_EQ(access_levels,
            (std::set<std::string>{"public", "any-user", "vendor", "vendor-admin", "org-admin"}));
  std::cout << "authorization matrix: " << operations << " operations, " << calls << " calls\n";

  // Nothing the other callers did touched org A's data.
  Reply project = Call("GET", Url("/api/v1/projects/" + project_), a_.api_key);
  ASSERT_EQ(project.status, 200);
  EXPECT_EQ(project.json().at("name").as_string(), "A's project");
  EXPECT_EQ(Call("GET", Url("/api/v1/org"), a_.api_key).json().at("name").as_string(), "Org A");
  Reply partners = Call("GET", Url("/api/v1/projects/" + project_ + "/partners"), a_.api_key);
  EXPECT_NE(partners.body.find(partner_org_), std::string::npos);
}

TEST_F(AuthorizationMatrix, PartnersSeeTheirInvitedProjectOnly) {
  Reply listed = Call("GET", Url("/api/v1/projects"), partner_key_);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Id(Call("GET", Url("/api/v1/projects/" + project_), partner_key_)), project_);
  std::string other =
      Id(Call("POST", Url("/api/v1/projects"), a_.api_key, R"({"name": "not shared"})"));
  EXPECT_EQ(Call("GET", Url("/api/v1/projects/" + other), partner_key_).status, 404);
  EXPECT_EQ(Call("POST", Url("/api/v1/projects"), partner_key_, R"({"name": "mine"})").status, 403);
}

TEST_F(AuthorizationMatrix, AListWithAnotherOrgsKeyHasNoneOfTheFirstOrgsItems) {
  Reply listed = Call("GET", Url("/api/v1/projects"), b_.api_key);
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.json().at("items").as_array().empty());
  Reply created = Call("POST", Url("/api/v1/projects"), b_.api_key, R"({"name": "B's own"})");
  EXPECT_EQ(created.json().at("org_id").as_string(), b_.org_id);
  EXPECT_EQ(Call("GET", Url("/api/v1/projects"), a_.api_key).body.find("B's own"),
            std::string::npos);
}

}  // namespace
}  // namespace icopilot::testing
