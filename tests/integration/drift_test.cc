// Spec drift through the real binary (docs/spec-drift.md): three partners on one project;
// a breaking change to the operation two of them use (one by its calls, one by a saved
// case) reports exactly those two with their evidence, tells the vendor's channel, and
// puts an open item on their boards; a non-breaking version tells nobody. The preview of a
// document and `icopilot spec diff --partners-from` say the same before anything is stored
// (a certified partner failing the pipeline is in readiness_test.cc, which certifies).
#include <fstream>
#include <set>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

constexpr std::string_view kV1 = R"(openapi: 3.0.3
info: {title: Payments, version: '1'}
servers: [{url: 'https://sandbox.pay.example/v1'}]
paths:
  /payments:
    get:
      operationId: listPayments
      responses: {'200': {description: ok}}
    post:
      operationId: createPayment
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [amount]
              properties:
                amount: {type: integer}
                reference: {type: string}
      responses: {'201': {description: created}}
)";

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// reference becomes required: breaking for createPayment alone.
const std::string kV2 =
    Replace(std::string(kV1), "required: [amount]", "required: [amount, reference]");
// A new optional field: breaks nobody.
const std::string kV3 = Replace(kV2, "reference: {type: string}",
                                "reference: {type: string}\n                note: {type: string}");

class DriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data",
                                              std::vector<std::string>{"--access-log", "off"});
    base_ = "/api/v1/projects/" +
            IdOf(Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Payments"})"));
    ASSERT_EQ(AddVersion("v1", std::string(kV1)).status, 201);
    environment_ =
        IdOf(Call("POST", Url(base_ + "/environments"), vendor_.api_key,
                  R"({"name": "Sandbox", "base_url": "https://sandbox.pay.example/v1"})"));
    for (const char* name : {"Globex", "Initech", "Umbrella"}) {
      Reply invited =
          Call("POST", Url(base_ + "/partners"), vendor_.api_key,
               StrCat(R"({"name": ")", name, R"(", "admin_email": "dev@)", name, R"(.test"})"));
      ASSERT_EQ(invited.status, 201) << invited.body;
      partners_[name] = {std::string(invited.json().at("org").at("id").as_string()),
                         std::string(invited.json().at("api_key").at("secret").as_string())};
    }
    // Globex calls createPayment; Umbrella only lists; Initech saved a case of createPayment.
    Call_("Globex", "POST");
    Call_("Umbrella", "GET");
    Reply saved = Call("POST", Url(base_ + "/saved-cases"), partners_["Initech"].key,
                       R"({"name": "card payment", "operation_id": "createPayment",
                           "request": {"body": "{\"amount\": 5}"}, "expected_status": 201})");
    ASSERT_EQ(saved.status, 201) << saved.body;
    saved_case_ = IdOf(saved);
    for (const auto& [name, p] : partners_)  // their boards exist, as once they sign in
      ASSERT_EQ(Call("GET", Url(base_ + "/partners/" + p.org + "/plan"), vendor_.api_key).status,
                200);
    ASSERT_EQ(Call("POST", Url(base_ + "/notification-channels"), vendor_.api_key,
                   R"({"kind": "webhook", "name": "ops", "url": "http://127.0.0.1:1/hook",
                       "events": ["spec.drift"]})")
                  .status,
              201);
  }

  std::string Url(const std::string& path) const { return server_->url() + path; }
  Reply AddVersion(const std::string& label, const std::string& document) {
    return Call(
        "POST", Url(base_ + "/specs"), vendor_.api_key,
        boost::json::serialize(boost::json::object{{"label", label}, {"document", document}}));
  }
  void Call_(const std::string& partner, const std::string& method) {
    const std::string har =
        StrCat(R"({"log": {"version": "1.2", "entries": [{"startedDateTime": "2026-12-05T10:00:00Z",
        "request": {"method": ")",
               method, R"(", "url": "https://sandbox.pay.example/v1/payments", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"text": "{}"}}}]}})");
    Reply uploaded = Call("POST", Url(base_ + "/environments/" + environment_ + "/traces/har"),
                          partners_[partner].key, har);
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  }
  std::vector<std::string> DriftEvents() {
    const boost::json::value list =
        Call("GET", Url(base_ + "/notifications"), vendor_.api_key).json();
    std::vector<std::string> titles;
    for (const auto& n : list.at("items").as_array())
      if (n.at("event_type") == "spec.drift")
        titles.emplace_back(n.at("event").at("title").as_string());
    return titles;
  }
  // Partner names of a report's breaking changes, with the evidence kinds.
  static std::set<std::string> Touched(const boost::json::value& report) {
    std::set<std::string> out;
    for (const auto& c : report.at("changes").as_array())
      for (const auto& p : c.at("partners").as_array())
        for (const auto& e : p.at("evidence").as_array())
          out.insert(
              StrCat(p.at("name").as_string().c_str(), ":", e.at("kind").as_string().c_str()));
    return out;
  }

  struct Partner {
    std::string org, key;
  };
  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string base_, environment_, saved_case_;
  std::map<std::string, Partner> partners_;
};

TEST_F(DriftTest, ABreakingChangeReachesExactlyThePartnersWhoUseItAndNobodyElse) {
  // Before anything is stored: the preview says who would break.
  Reply preview = Call("POST", Url(base_ + "/specs/impact"), vendor_.api_key,
                       boost::json::serialize(boost::json::object{{"document", kV2}}));
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(Touched(preview.json()), (std::set<std::string>{"Globex:trace", "Initech:saved_case"}));
  EXPECT_EQ(preview.json().at("to"), nullptr);
  EXPECT_TRUE(DriftEvents().empty()) << "a preview tells no one";

  Reply v2 = AddVersion("v2", kV2);
  ASSERT_EQ(v2.status, 201) << v2.body;
  Reply impact = Call("GET", Url(base_ + "/specs/" + IdOf(v2) + "/impact"), vendor_.api_key);
  ASSERT_EQ(impact.status, 200) << impact.body;
  const auto report = impact.json();
  EXPECT_EQ(report.at("breaking"), 1);
  EXPECT_EQ(report.at("changes").at(0).at("rule"), "required-request-field-added");
  EXPECT_EQ(report.at("changes").at(0).at("operation_id"), "createPayment");
  EXPECT_EQ(Touched(report), (std::set<std::string>{"Globex:trace", "Initech:saved_case"}));
  EXPECT_EQ(report.at("partners_affected").as_array().size(), 2u);
  EXPECT_NE(impact.body.find(saved_case_), std::string::npos) << "the evidence is named";
  EXPECT_EQ(impact.body.find(partners_["Umbrella"].org), std::string::npos);
  EXPECT_EQ(
      Call("GET", Url(base_ + "/specs/" + IdOf(v2) + "/impact"), partners_["Globex"].key).status,
      403)
      << "partners do not read who else a change breaks";

  // The vendor's channel heard of it; the two partners' boards have it open, the third's not.
  const auto events = DriftEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], "Spec version v2 of Payments has 1 breaking change; 2 partners affected");
  for (const auto& [name, p] : partners_) {
    Reply board = Call("GET", Url(base_ + "/partners/" + p.org + "/plan"), p.key);
    ASSERT_EQ(board.status, 200) << board.body;
    const bool has_item = board.body.find("Adapt to spec version v2") != std::string::npos;
    EXPECT_EQ(has_item, name != "Umbrella") << name;
  }

  // A change that breaks nobody tells nobody.
  Reply v3 = AddVersion("v3", kV3);
  ASSERT_EQ(v3.status, 201);
  Reply quiet = Call("GET", Url(base_ + "/specs/" + IdOf(v3) + "/impact"), vendor_.api_key);
  ASSERT_EQ(quiet.status, 200);
  EXPECT_EQ(quiet.json().at("breaking"), 0);
  EXPECT_TRUE(quiet.json().at("partners_affected").as_array().empty());
  EXPECT_EQ(DriftEvents().size(), 1u);
  EXPECT_EQ(
      Call("GET",
           Url(base_ + "/specs/" + IdOf(AddVersion("v1-again", std::string(kV1))) + "/impact"),
           vendor_.api_key)
          .json()
          .at("breaking"),
      0)
      << "dropping a required field breaks no client";
}

TEST_F(DriftTest, TheCliNamesThePartnersAndPassesWhenNoneIsCertified) {
  const auto folder = dir_.path() / "ci";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "main.yaml") << kV1;
  std::ofstream(folder / "openapi.yaml") << kV2;
  const std::string project_url = Url(base_);
  CommandResult result =
      RunIcopilot({"spec", "diff", "main.yaml", "openapi.yaml", "--partners-from", project_url},
                  {{"ICOPILOT_API_KEY", vendor_.api_key}}, folder);
  EXPECT_EQ(result.exit_code, 0) << "breaking, but no certified partner uses it: " << result.out
                                 << result.err;
  EXPECT_NE(result.out.find("touches Globex: trace trc_"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("touches Initech: saved_case "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("Umbrella"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2 partners touched, 0 certified"), std::string::npos) << result.out;
  CommandResult json = RunIcopilot({"spec", "diff", "main.yaml", "openapi.yaml", "--partners-from",
                                    project_url, "--format", "json"},
                                   {{"ICOPILOT_API_KEY", vendor_.api_key}}, folder);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(boost::json::parse(json.out).at("partners_affected"), 2);
  // Without the key, or with a partner's: refused, exit 2, saying why.
  CommandResult no_key = RunIcopilot(
      {"spec", "diff", "main.yaml", "openapi.yaml", "--partners-from", project_url}, {}, folder);
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_NE(no_key.err.find("ICOPILOT_API_KEY"), std::string::npos) << no_key.err;
  CommandResult partner =
      RunIcopilot({"spec", "diff", "main.yaml", "openapi.yaml", "--partners-from", project_url},
                  {{"ICOPILOT_API_KEY", partners_["Globex"].key}}, folder);
  EXPECT_EQ(partner.exit_code, 2);
  EXPECT_NE(partner.err.find("HTTP 403"), std::string::npos) << partner.err;
}

}  // namespace
}  // namespace icopilot::testing
