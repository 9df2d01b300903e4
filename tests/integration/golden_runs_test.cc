// Golden runs inside `icopilot serve`, through the REST API of the real binary: a run of
// the whole suite against the project's hosted mock (queued, executed by the background
// worker, every case and its evidence readable), environments whose secrets are never
// returned or logged, the private-address guard, profiles, and partners seeing only
// their own runs.
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kOrders = std::filesystem::path(ICOPILOT_SPEC_FIXTURES) / ".." / ".." /
                                      "golden" / "specs" / "orders.yaml";

class GoldenRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Vendor", "owner@v.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--access-log", "off"});
    project_ = Id(Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Orders"})"));
    Reply version = Call("POST", Api("/specs"), vendor_.api_key,
                         R"({"label": "v1", "document": )" + JsonString(ReadFile(kOrders)) + "}");
    ASSERT_EQ(version.status, 201) << version.body;
    spec_version_ = Id(version);
    // No behaviour configured: the mock simulates the limit the spec states (200 a minute).
    Reply mock = Call("POST", Api("/mocks"), vendor_.api_key,
                      R"({"name": "Orders mock", "spec_version_id": ")" + spec_version_ + "\"}");
    ASSERT_EQ(mock.status, 201) << mock.body;
    mock_id_ = Id(mock);
    mock_api_key_ = std::string(mock.json().at("credentials").at("api_key").as_string());
    mock_secret_ = std::string(mock.json().at("credentials").at("client_secret").as_string());
  }

  static std::string Id(const Reply& reply) { return IdOf(reply); }
  std::string Url(const std::string& path) const { return server_->url() + path; }
  std::string Api(const std::string& rest) const {
    return Url("/api/v1/projects/" + project_ + rest);
  }

  // Polls until the run leaves queued and running.
  boost::json::value WaitForRun(const std::string& run_id, const std::string& key) {
    for (int i = 0; i < 600; ++i) {
      Reply run = Call("GET", Api("/runs/" + run_id), key);
      if (run.status != 200) {
        ADD_FAILURE() << run.status << " " << run.body << "\n" << server_->Stderr();
        return boost::json::object{{"status", "unreadable"}};
      }
      auto json = run.json();
      if (json.at("status") != "queued" && json.at("status") != "running") return json;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the run did not finish in 60 s";
    return {};
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string project_, spec_version_, mock_id_, mock_api_key_, mock_secret_;
};

TEST_F(GoldenRunsTest, ARunAgainstTheHostedMockPassesAndKeepsEveryCaseWithEvidence) {
  Reply queued =
      Call("POST", Api("/runs"), vendor_.api_key,
           R"({"spec_version_id": ")" + spec_version_ + R"(", "environment_id": "mock"})");
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(queued.json().at("status"), "queued");
  auto run = WaitForRun(Id(queued), vendor_.api_key);
  ASSERT_EQ(run.at("status"), "finished") << boost::json::serialize(run);
  EXPECT_EQ(run.at("passed"), true) << boost::json::serialize(run);
  EXPECT_EQ(run.at("summary").at("failed"), 0) << boost::json::serialize(run);
  EXPECT_EQ(run.at("summary").at("errors"), 0) << boost::json::serialize(run);
  EXPECT_GT(run.at("summary").at("passed").as_int64(), 80);
  EXPECT_EQ(run.at("summary").at("not_set_up"), 0) << boost::json::serialize(run);
  // No case sends more than its bound: the rate-limit probe stops at the stated limit plus
  // a margin (200 + 50), and the whole run stays far from the run's own budget.
  EXPECT_LT(run.at("summary").at("requests").as_int64(), 1000) << boost::json::serialize(run);

  Reply cases = Call("GET", Api("/runs/" + Id(queued) + "/cases"), vendor_.api_key);
  ASSERT_EQ(cases.status, 200);
  const boost::json::array items = cases.json().at("items").as_array();
  EXPECT_GT(items.size(), 90u);
  EXPECT_FALSE(items[0].as_object().contains("evidence")) << "lists leave the evidence out";
  Reply one = Call("GET", Api("/runs/" + Id(queued) + "/cases/0"), vendor_.api_key);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_FALSE(one.json().at("evidence").as_array().empty()) << one.body;
  EXPECT_EQ(Call("GET", Api("/runs/" + Id(queued) + "/cases/99999"), vendor_.api_key).status, 404);
  EXPECT_EQ(Call("GET", Api("/runs/" + Id(queued) + "/cases/x"), vendor_.api_key).status, 404);
  for (const auto& item : items) {
    if (item.at("id") != "rate-limiting.limit-enforced") continue;
    EXPECT_EQ(item.at("status"), "passed") << boost::json::serialize(item);
  }
  // The mock's credentials the run used are masked in every case's evidence.
  for (std::size_t i = 0; i < items.size(); ++i) {
    Reply detail =
        Call("GET", Api("/runs/" + Id(queued) + "/cases/" + std::to_string(i)), vendor_.api_key);
    EXPECT_EQ(detail.body.find(mock_api_key_), std::string::npos) << detail.body;
    EXPECT_EQ(detail.body.find(mock_secret_), std::string::npos) << detail.body;
  }
}

// Values a vendor fixes per environment, or a partner per run (a sandbox's own merchant
// id), are sent by every request that has the parameter, and shown (they are not secret).
TEST_F(GoldenRunsTest, ParameterValuesAreFixedPerEnvironmentAndPerRun) {
  Reply created = Call("POST", Api("/environments"), vendor_.api_key,
                       R"({"name": "Sandbox", "base_url": "https://sandbox.example.com",
                           "parameter_values": {"merchantId": "m-1001"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json().at("parameter_values").at("merchantId"), "m-1001") << created.body;
  Reply bad = Call("POST", Api("/environments"), vendor_.api_key,
                   R"({"name": "Bad", "base_url": "https://sandbox.example.com",
                       "parameter_values": {"merchantId": 7}})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("parameter_values.merchantId"), std::string::npos) << bad.body;

  Reply queued = Call("POST", Api("/runs"), vendor_.api_key,
                      R"({"spec_version_id": ")" + spec_version_ +
                          R"(", "environment_id": "mock", "categories": ["response-conformance"],
                          "parameter_values": {"limit": "7"}})");
  ASSERT_EQ(queued.status, 202) << queued.body;
  auto run = WaitForRun(Id(queued), vendor_.api_key);
  ASSERT_EQ(run.at("status"), "finished") << boost::json::serialize(run);
  EXPECT_EQ(run.at("options").at("parameter_values").at("limit"), "7");
  const boost::json::array items =
      Call("GET", Api("/runs/" + Id(queued) + "/cases"), vendor_.api_key)
          .json()
          .at("items")
          .as_array();
  bool seen = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].at("id") != "response-conformance.status-documented" ||
        items[i].at("operation").at("operation_id") != "listOrders")
      continue;
    Reply detail =
        Call("GET", Api("/runs/" + Id(queued) + "/cases/" + std::to_string(i)), vendor_.api_key);
    seen = detail.body.find("limit=7") != std::string::npos;
    EXPECT_TRUE(seen) << detail.body;
  }
  EXPECT_TRUE(seen);
}

TEST_F(GoldenRunsTest, EnvironmentSecretsAreNeverReturnedAndPrivateTargetsAreRefused) {
  const std::string secret = "uat-secret-7d1e";
  Reply created = Call(
      "POST", Api("/environments"), vendor_.api_key,
      R"({"name": "UAT", "base_url": "http://127.0.0.1:9/v1", "headers": {"X-Tenant": "t-)" +
          secret + R"("}, "credentials": {"api_key": ")" + secret +
          R"(", "oauth2": {"token_url": "https://auth.example.com/token", "client_id": "c1", "client_secret": ")" +
          secret + R"("}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find(secret), std::string::npos) << created.body;
  EXPECT_EQ(created.json().at("credentials").at("api_key"), true);
  EXPECT_EQ(created.json().at("header_names").at(0), "X-Tenant");
  const std::string env = Id(created);
  Reply listed = Call("GET", Api("/environments"), vendor_.api_key);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << listed.body;
  EXPECT_EQ(Call("POST", Api("/environments"), vendor_.api_key,
                 R"({"name": "UAT", "base_url": "https://other.example.com"})")
                .status,
            409);
  EXPECT_EQ(Call("POST", Api("/environments"), vendor_.api_key,
                 R"({"name": "Bad", "base_url": "ftp://x"})")
                .status,
            422);

  // The base URL is on loopback and the server was not started with
  // --allow-private-targets: the run fails saying why, sending nothing.
  Reply queued =
      Call("POST", Api("/runs"), vendor_.api_key,
           R"({"spec_version_id": ")" + spec_version_ + R"(", "environment_id": ")" + env + "\"}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  auto run = WaitForRun(Id(queued), vendor_.api_key);
  EXPECT_EQ(run.at("status"), "failed");
  EXPECT_NE(std::string(run.at("error").as_string()).find("private address"), std::string::npos)
      << boost::json::serialize(run);

  // This server's own hosted mocks are allowed as targets, but a path climbing out of
  // /mocks/ is a private target like any other.
  Reply climbing =
      Call("POST", Api("/environments"), vendor_.api_key,
           R"({"name": "Climbing", "base_url": ")" + server_->url() + R"(/mocks/x/../../api/v1"})");
  ASSERT_EQ(climbing.status, 201) << climbing.body;
  Reply climbing_run = Call("POST", Api("/runs"), vendor_.api_key,
                            R"({"spec_version_id": ")" + spec_version_ +
                                R"(", "environment_id": ")" + Id(climbing) + "\"}");
  ASSERT_EQ(climbing_run.status, 202) << climbing_run.body;
  auto refused = WaitForRun(Id(climbing_run), vendor_.api_key);
  EXPECT_NE(std::string(refused.at("error").as_string()).find("private address"), std::string::npos)
      << boost::json::serialize(refused);

  // Unknown categories are refused with the reason; the limit is 10 runs a minute.
  Reply bad = Call("POST", Api("/runs"), vendor_.api_key,
                   R"({"spec_version_id": ")" + spec_version_ +
                       R"(", "environment_id": "mock", "categories": ["speed"]})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("speed"), std::string::npos);
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    Reply more = Call("POST", Api("/runs"), vendor_.api_key,
                      R"({"spec_version_id": ")" + spec_version_ +
                          R"(", "environment_id": "mock", "case": "error-handling.unknown-path"})");
    limited += more.status == 429;
  }
  EXPECT_GT(limited, 0);

  server_->Stop();
  EXPECT_EQ(server_->Stdout().find(secret), std::string::npos) << "secrets never reach the log";
  EXPECT_EQ(server_->Stderr().find(secret), std::string::npos);
}

TEST_F(GoldenRunsTest, AStoppingServerReleasesARunningRunAndTheNextStartRunsItAgain) {
  // A slow mock without the rate limit, in place of the one with it (the run takes the
  // project's mock of the spec version): the rate-limiting probe is still sending when
  // the server stops.
  ASSERT_EQ(Call("DELETE", Api("/mocks/" + mock_id_), vendor_.api_key).status, 204);
  Reply mock = Call("POST", Api("/mocks"), vendor_.api_key,
                    R"({"name": "Unlimited", "spec_version_id": ")" + spec_version_ +
                        R"(", "config": {"latency": "200ms"}})");
  ASSERT_EQ(mock.status, 201) << mock.body;
  const std::string run_id =
      Id(Call("POST", Api("/runs"), vendor_.api_key,
              R"({"spec_version_id": ")" + spec_version_ +
                  R"(", "environment_id": "mock", "categories": ["rate-limiting"]})"));
  ASSERT_FALSE(run_id.empty());
  for (int i = 0; i < 100; ++i) {
    if (Call("GET", Api("/runs/" + run_id), vendor_.api_key).json().at("status") == "running")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(15))
      << "a run in progress does not hold the server up";
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                            std::vector<std::string>{});
  // Released, not failed: the next instance to start (this one again) takes it up at once
  // and runs it from the start.
  auto run = WaitForRun(run_id, vendor_.api_key);
  EXPECT_EQ(run.at("status"), "finished")
      << boost::json::serialize(run)
      << Call("GET", Api("/runs/" + run_id + "/cases"), vendor_.api_key).body;
  EXPECT_EQ(run.at("attempts"), 2) << boost::json::serialize(run);
  EXPECT_EQ(run.at("resumed"), true);
  EXPECT_NE(server_->Stdout().find("run resumed"), std::string::npos) << server_->Stdout();
}



TEST_F(GoldenRunsTest, ProfilesAreStoredWithTheSpecVersion) {
  Reply detected = Call("GET", Api("/specs/" + spec_version_ + "/profile"), vendor_.api_key);
  ASSERT_EQ(detected.status, 200) << detected.body;
  Reply set = Call("PUT", Api("/specs/" + spec_version_ + "/profile"), vendor_.api_key,
                   R"({"performance": "required", "webhooks": "not_applicable"})");
  ASSERT_EQ(set.status, 200) << set.body;
  bool checked = false;
  const boost::json::array categories = set.json().at("categories").as_array();
  for (const auto& category : categories) {
    if (category.at("category") == "performance") {
      EXPECT_EQ(category.at("requirement"), "required");
      EXPECT_EQ(category.at("overridden"), true);
      checked = true;
    }
  }
  EXPECT_TRUE(checked);
  Reply wrong = Call("PUT", Api("/specs/" + spec_version_ + "/profile"), vendor_.api_key,
                     R"({"performance": "sometimes"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("performance"), std::string::npos) << wrong.body;
}

TEST_F(GoldenRunsTest, PartnersSeeOnlyTheirOwnRunsAndKeepTheirOwnCredentials) {
  Reply partner = Call("POST", Api("/partners"), vendor_.api_key,
                       R"({"name": "Partner P", "admin_email": "admin@p.test"})");
  ASSERT_EQ(partner.status, 201) << partner.body;
  const std::string partner_key(partner.json().at("api_key").at("secret").as_string());
  const std::string body = R"({"spec_version_id": ")" + spec_version_ +
                           R"(", "environment_id": "mock", "categories": ["error-handling"]})";
  const std::string vendor_run = Id(Call("POST", Api("/runs"), vendor_.api_key, body));
  const std::string partner_run = Id(Call("POST", Api("/runs"), partner_key, body));
  ASSERT_FALSE(partner_run.empty());
  EXPECT_EQ(WaitForRun(partner_run, partner_key).at("status"), "finished");
  Reply mine = Call("GET", Api("/runs"), partner_key);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json().at("items").as_array().size(), 1u) << mine.body;
  EXPECT_EQ(Call("GET", Api("/runs/" + vendor_run), partner_key).status, 404);
  EXPECT_EQ(Call("GET", Api("/runs"), vendor_.api_key).json().at("items").as_array().size(), 2u);

  // A partner cannot make environments, but keeps credentials of its own for one.
  EXPECT_EQ(Call("POST", Api("/environments"), partner_key,
                 R"({"name": "Mine", "base_url": "https://evil.example.com"})")
                .status,
            403);
  const std::string env =
      Id(Call("POST", Api("/environments"), vendor_.api_key,
              R"({"name": "Sandbox", "base_url": "https://sandbox.example.com"})"));
  Reply own = Call("PUT", Api("/environments/" + env + "/own-credentials"), partner_key,
                   R"({"api_key": "partner-own-key-55"})");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json().at("own_credentials"), true);
  EXPECT_EQ(own.body.find("partner-own-key-55"), std::string::npos);
  EXPECT_EQ(Call("GET", Api("/environments/" + env), vendor_.api_key).json().at("own_credentials"),
            false)
      << "the vendor does not see the partner's credentials as its own";
}

}  // namespace
}  // namespace icopilot::testing
