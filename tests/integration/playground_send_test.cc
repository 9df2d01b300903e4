// The playground sends a request for a partner: to the hosted mock with the mock's
// credentials, or to a vendor's environment with the partner's own stored credentials
// (never another partner's), private hosts refused as for runs; the exchange is kept as
// the partner's trace with its secrets masked.
#include <fstream>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "integration/refunds_project.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

class PlaygroundSendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_path_ = dir_.path() / "refunds.yaml";
    std::ofstream(spec_path_) << kRefundsSpec;
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    upstream_ = std::make_unique<ServerProcess>(
        dir_.path() / "upstream",
        ServerProcess::Command{{"mock", spec_path_.string(), "--port", "0", "--strict-auth",
                                "--api-key", "key-of-a"}});
    ASSERT_FALSE(upstream_->url().empty()) << upstream_->Stderr();
    Start({});
    p_ = CreateRefundsProject(server_->url(), vendor_.api_key);
    ASSERT_FALSE(p_.mock_key.empty());
    Reply env = Call("POST", Url(p_.base + "/environments"), vendor_.api_key,
                     R"({"name": "Local", "base_url": ")" + upstream_->url() +
                         R"(/v1", "credentials": {"api_key": "the-vendors-key"}})");
    ASSERT_EQ(env.status, 201) << env.body;
    environment_ = IdOf(env);
    // Partner A keeps its own key for the environment; B has none.
    ASSERT_EQ(Call("PUT", Url(p_.base + "/environments/" + environment_ + "/own-credentials"),
                   p_.key_a, R"({"api_key": "key-of-a"})")
                  .status,
              200);
  }

  void Start(const std::vector<std::string>& flags) {
    server_.reset();
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data", flags);
  }
  std::string Url(const std::string& path) const { return server_->url() + path; }

  Reply Send(const std::string& key, const std::string& environment, int amount = 5) {
    return Call("POST", Url(p_.base + "/specs/" + p_.version + "/operations/createRefund/send"),
                key,
                StrCat(R"({"environment_id": ")", environment, R"(", "body": "{\"amount\": )",
                       amount, R"(}"})"));
  }

  TempDir dir_;
  std::filesystem::path spec_path_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> upstream_, server_;
  RefundsProject p_;
  std::string environment_;
};

TEST_F(PlaygroundSendTest, TheMockAnswersWithItsOwnCredentialsAndTheAnswerIsChecked) {
  Reply sent = Send(p_.key_a, "mock");
  ASSERT_EQ(sent.status, 200) << sent.body;
  const boost::json::value json = sent.json();
  const auto& call = json.at("exchanges").as_array().back();
  EXPECT_EQ(call.at("status").as_int64(), 201) << sent.body;
  EXPECT_EQ(call.at("method").as_string(), "POST");
  EXPECT_NE(std::string(call.at("url").as_string()).find("/mocks/"), std::string::npos);
  EXPECT_EQ(json.at("violations").as_array().size(), 0u) << sent.body;
  EXPECT_FALSE(json.at("traced").as_bool());
  EXPECT_EQ(sent.body.find("key-of-a"), std::string::npos);

  // A typed header cannot smuggle another one, nor set what the server sets.
  const std::string send = Url(p_.base + "/specs/" + p_.version + "/operations/createRefund/send");
  Reply smuggled = Call("POST", send, p_.key_a,
                        R"({"environment_id": "mock", "headers": {"X-A": "1\r\nX-Key: stolen"}})");
  EXPECT_EQ(smuggled.status, 422) << smuggled.body;
  EXPECT_NE(smuggled.body.find("line break"), std::string::npos) << smuggled.body;
  Reply host = Call("POST", send, p_.key_a,
                    R"({"environment_id": "mock", "headers": {"Host": "internal.example"}})");
  EXPECT_EQ(host.status, 422) << host.body;
  EXPECT_EQ(
      Call("POST", send, p_.key_a, R"({"environment_id": "mock", "headers": {"a b": "1"}})").status,
      422);
}

TEST_F(PlaygroundSendTest, EachPartnerSendsWithItsOwnKeyNeverAnothersAndPrivateHostsAreRefused) {
  Reply refused = Send(p_.key_a, environment_);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("--allow-private-targets"), std::string::npos) << refused.body;

  Start({"--allow-private-targets"});
  Reply a = Send(p_.key_a, environment_, 7);
  ASSERT_EQ(a.status, 200) << a.body;
  const boost::json::value a_json = a.json();
  const auto& a_call = a_json.at("exchanges").as_array().back();
  EXPECT_EQ(a_call.at("status").as_int64(), 201) << "the upstream takes only A's key: " << a.body;
  EXPECT_TRUE(a_json.at("traced").as_bool());
  EXPECT_EQ(a.body.find("key-of-a"), std::string::npos) << "secrets are masked: " << a.body;
  EXPECT_NE(boost::json::serialize(a_call.at("request_headers")).find(R"(["x-key","****"])"),
            std::string::npos)
      << a.body;

  // B has no key of its own: the environment's goes, which the upstream refuses. A's
  // would have been taken.
  Reply b = Send(p_.key_b, environment_, 9);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.json().at("exchanges").as_array().back().at("status").as_int64(), 401) << b.body;

  // Each exchange is its sender's trace, and only its sender's.
  for (const auto& [key, org] : {std::pair{p_.key_a, p_.org_a}, {p_.key_b, p_.org_b}}) {
    Reply traces = Call("GET", Url(p_.base + "/traces?environment_id=" + environment_), key);
    ASSERT_EQ(traces.status, 200) << traces.body;
    const boost::json::value listed = traces.json();
    ASSERT_EQ(listed.at("items").as_array().size(), 1u) << traces.body;
    EXPECT_EQ(listed.at("items").at(0).at("partner_id").as_string(), org);
    EXPECT_EQ(traces.body.find("key-of-a"), std::string::npos);
  }
}

}  // namespace
}  // namespace icopilot::testing
