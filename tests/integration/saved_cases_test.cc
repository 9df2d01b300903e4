// Saved cases: a partner keeps a playground request with what its answer must be; the
// partner's runs include its own cases (not another partner's) as the group
// "saved_cases"; the vendor promotes one to every partner, where a failure blocks the run.
#include <chrono>
#include <map>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "integration/refunds_project.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

class SavedCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--access-log", "off"});
    p_ = CreateRefundsProject(server_->url(), vendor_.api_key);
    ASSERT_FALSE(p_.mock_key.empty());
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }

  Reply Save(const std::string& key, std::string_view name, int expected,
             std::string_view extra = "") {
    return Call("POST", Url(p_.base + "/saved-cases"), key,
                StrCat(R"({"name": ")", name, R"(", "operation_id": "createRefund", )",
                       R"("request": {"body": "{\"amount\": 5}"}, "expected_status": )", expected,
                       extra, "}"));
  }

  // The run's cases of the group "saved_cases", by name.
  std::map<std::string, boost::json::object> RunSaved(const std::string& key,
                                                      boost::json::value& run) {
    Reply queued = Call("POST", Url(p_.base + "/runs"), key,
                        R"({"spec_version_id": ")" + p_.version +
                            R"(", "environment_id": "mock", "categories": ["authentication"]})");
    EXPECT_EQ(queued.status, 202) << queued.body;
    const std::string run_id = IdOf(queued);
    for (int i = 0; i < 600; ++i) {
      run = Call("GET", Url(p_.base + "/runs/" + run_id), key).json();
      if (run.at("status") != "queued" && run.at("status") != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(run.at("status"), "finished") << boost::json::serialize(run);
    Reply cases = Call("GET", Url(p_.base + "/runs/" + run_id + "/cases"), key);
    std::map<std::string, boost::json::object> saved;
    const boost::json::value listed = cases.json();
    for (const auto& item : listed.at("items").as_array()) {
      if (item.at("category") != "saved_cases") continue;
      Reply detail = Call(
          "GET", Url(StrCat(p_.base, "/runs/", run_id, "/cases/", item.at("position").as_int64())),
          key);
      EXPECT_EQ(detail.body.find(p_.mock_key), std::string::npos) << "secrets masked";
      saved[std::string(item.at("title").as_string())] = detail.json().as_object();
    }
    return saved;
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  RefundsProject p_;
};

TEST_F(SavedCasesTest, ACaseIsCheckedWhenSavedAndKeepsNoCredentials) {
  Reply saved = Save(p_.key_a, "refund of 5", 201);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const boost::json::value json = saved.json();
  EXPECT_EQ(json.at("partner_id").as_string(), p_.org_a);
  EXPECT_EQ(json.at("request").at("body"), R"({"amount": 5})");
  EXPECT_EQ(json.at("checks").at("body_schema"), true);

  struct Refused {
    std::string extra;
    int expected;
    std::string names;
  };
  for (const Refused& bad : std::vector<Refused>{
           {R"(, "request": {"headers": {"Authorization": "Bearer x"}})", 201,
            "request.headers.Authorization"},
           {R"(, "request": {"headers": {"x-key": "k"}})", 201, "request.headers.x-key"},
           {R"(, "checks": {"fields": [{"pointer": "id", "equals": 1}]})", 201,
            "checks.fields[0].pointer"},
           {"", 700, "expected_status"}}) {
    Reply refused = Call("POST", Url(p_.base + "/saved-cases"), p_.key_a,
                         StrCat(R"({"name": "bad", "operation_id": "createRefund", )",
                                R"("expected_status": )", bad.expected, bad.extra, "}"));
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find(bad.names), std::string::npos) << refused.body;
  }
  Reply unknown = Call("POST", Url(p_.base + "/saved-cases"), p_.key_a,
                       R"({"name": "x", "operation_id": "nope", "expected_status": 200})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_NE(unknown.body.find("operation_id"), std::string::npos) << unknown.body;

  // A's case is A's: B does not see it, the vendor does.
  EXPECT_EQ(
      Call("GET", Url(p_.base + "/saved-cases"), p_.key_b).json().at("items").as_array().size(),
      0u);
  Reply vendor_list = Call("GET", Url(p_.base + "/saved-cases"), vendor_.api_key);
  ASSERT_EQ(vendor_list.json().at("items").as_array().size(), 1u) << vendor_list.body;
  EXPECT_EQ(Call("GET", Url(p_.base + "/saved-cases/" + IdOf(saved)), p_.key_b).status, 404);
}

TEST_F(SavedCasesTest, RunsIncludeThePartnersOwnCasesAndThePromotedOnesBlock) {
  ASSERT_EQ(Save(p_.key_a, "refund of 5", 201).status, 201);
  Reply wrong_status = Save(p_.key_a, "expects 200", 200);
  ASSERT_EQ(wrong_status.status, 201) << wrong_status.body;
  ASSERT_EQ(Save(p_.key_a, "echoes the amount", 201,
                 R"(, "checks": {"fields": [{"pointer": "/id", "equals": 42}]})")
                .status,
            201);

  boost::json::value run;
  auto a_cases = RunSaved(p_.key_a, run);
  ASSERT_EQ(a_cases.size(), 3u) << boost::json::serialize(run);
  EXPECT_EQ(a_cases["refund of 5"].at("status"), "passed")
      << boost::json::serialize(a_cases["refund of 5"]);
  EXPECT_EQ(a_cases["expects 200"].at("status"), "failed");
  EXPECT_EQ(a_cases["expects 200"].at("reason"), "expected 200, got 201");
  EXPECT_EQ(a_cases["expects 200"].at("required"), false);
  EXPECT_EQ(a_cases["echoes the amount"].at("status"), "failed");
  EXPECT_NE(std::string(a_cases["echoes the amount"].at("reason").as_string()).find("/id is \""),
            std::string::npos)
      << a_cases["echoes the amount"].at("reason");
  EXPECT_FALSE(a_cases["refund of 5"].at("evidence").as_array().empty());
  EXPECT_EQ(run.at("summary").at("saved_cases"), 3);
  EXPECT_EQ(run.at("passed"), true) << "a partner's own cases do not block its run";

  auto b_cases = RunSaved(p_.key_b, run);
  EXPECT_TRUE(b_cases.empty()) << "B runs none of A's cases";

  // Promoted, the failing case is every partner's, and blocks.
  const std::string promote = Url(p_.base + "/saved-cases/" + IdOf(wrong_status) + "/promote");
  EXPECT_EQ(Call("POST", promote, p_.key_a).status, 403);
  Reply promoted = Call("POST", promote, vendor_.api_key);
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_TRUE(promoted.json().at("partner_id").is_null());
  EXPECT_EQ(promoted.json().at("promoted_from").as_string(), p_.org_a);
  Reply seen_by_b = Call("GET", Url(p_.base + "/saved-cases/" + IdOf(wrong_status)), p_.key_b);
  ASSERT_EQ(seen_by_b.status, 200);
  EXPECT_EQ(seen_by_b.body.find(p_.org_a), std::string::npos) << "B does not learn whose it was";
  b_cases = RunSaved(p_.key_b, run);
  ASSERT_EQ(b_cases.size(), 1u);
  EXPECT_EQ(b_cases["expects 200"].at("status"), "failed");
  EXPECT_EQ(b_cases["expects 200"].at("required"), true);
  EXPECT_EQ(run.at("passed"), false) << boost::json::serialize(run);

  // Only the vendor deletes a case every partner runs.
  const std::string one = Url(p_.base + "/saved-cases/" + IdOf(wrong_status));
  EXPECT_EQ(Call("DELETE", one, p_.key_a).status, 403);
  EXPECT_EQ(Call("DELETE", one, p_.key_b).status, 403);
  EXPECT_EQ(Call("DELETE", one, vendor_.api_key).status, 204);
  EXPECT_EQ(Call("GET", one, p_.key_a).status, 404);
}

}  // namespace
}  // namespace icopilot::testing
