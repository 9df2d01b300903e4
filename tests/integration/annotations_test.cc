// Annotations and the playground's request check over HTTP against the real binary:
// who may read and write them, targets that vanish with a new spec version, conditions
// matched against the request a partner types.
#include <set>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "integration/platform.h"
#include "support/http.h"

namespace icopilot::testing {
namespace {

constexpr std::string_view kPayments = R"(openapi: 3.0.3
info: {title: Payments, version: '1'}
servers: [{url: 'https://api.payments.example/v1'}]
paths:
  /payments/{payment_id}/refunds:
    post:
      operationId: createRefund
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: string}}
        - {name: X-Region, in: header, schema: {type: string, enum: [EU, US]}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [amount]
              properties:
                amount: {type: integer, minimum: 1, maximum: 50000}
                reason: {type: string}
            examples:
              small: {value: {amount: 500}}
              large: {value: {amount: 20000, reason: duplicate}}
      responses:
        '201': {description: Refunded}
)";

std::string SpecBody(std::string_view label, std::string_view document) {
  return boost::json::serialize(boost::json::object{{"label", label}, {"document", document}});
}

class AnnotationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    other_ = CreateOrgWithCli(dir_.path() / "data", "Initrode", "owner@initrode.test");
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    Reply project = Call("POST", server_->url() + "/api/v1/projects", vendor_.api_key,
                         R"({"name": "Payments"})");
    ASSERT_EQ(project.status, 201) << project.body;
    base_ = server_->url() + "/api/v1/projects/" + std::string(project.json().at("id").as_string());
    Reply invited = Call("POST", base_ + "/partners", vendor_.api_key,
                         R"({"name": "Globex", "admin_email": "dev@globex.test"})");
    ASSERT_EQ(invited.status, 201) << invited.body;
    partner_key_ = std::string(invited.json().at("api_key").at("secret").as_string());
    Reply version = Call("POST", base_ + "/specs", vendor_.api_key, SpecBody("v1", kPayments));
    ASSERT_EQ(version.status, 201) << version.body;
    version_ = std::string(version.json().at("id").as_string());
  }

  Reply Annotate(const std::string& body, const std::string& key = "") {
    return Call("POST", base_ + "/annotations", key.empty() ? vendor_.api_key : key, body);
  }

  Reply Check(const std::string& body, const std::string& key = "") {
    return Call("POST", base_ + "/specs/" + version_ + "/operations/createRefund/check",
                key.empty() ? partner_key_ : key, body);
  }

  TempDir dir_;
  OrgCredentials vendor_, other_;
  std::unique_ptr<ServerProcess> server_;
  std::string base_, partner_key_, version_;
};

constexpr std::string_view kElevated =
    R"({"operation_id": "createRefund", "pointer": "/body/amount", "kind": "auth",
        "message": "Refunds above 10,000 need a token with `payments:elevated`.",
        "link": "https://docs.payments.example/scopes",
        "condition": "body.amount > 10000 and headers[\"X-Region\"] == \"EU\""})";

TEST_F(AnnotationsTest, VendorsWritePartnersReadOtherOrgsSeeNothing) {
  Reply created = Annotate(std::string(kElevated));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.json().at("id").as_string());
  EXPECT_EQ(created.json().at("target").at("status").as_string(), "present");
  EXPECT_EQ(boost::json::serialize(created.json().at("condition_fields")),
            R"(["/body/amount","/headers/x-region"])");

  Reply listed = Call("GET", base_ + "/annotations?operation_id=createRefund", partner_key_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(listed.json().at("items").at(0).at("kind").as_string(), "auth");
  EXPECT_EQ(Call("GET", base_ + "/annotations?operation_id=other", partner_key_)
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);

  EXPECT_EQ(Annotate(std::string(kElevated), partner_key_).status, 403) << "partners only read";
  EXPECT_EQ(Call("PATCH", base_ + "/annotations/" + id, partner_key_, R"({"message": "x"})").status,
            403);
  EXPECT_EQ(Call("DELETE", base_ + "/annotations/" + id, partner_key_).status, 403);
  EXPECT_EQ(Call("GET", base_ + "/annotations", other_.api_key).status, 404);
  EXPECT_EQ(Call("GET", base_ + "/annotations/" + id, other_.api_key).status, 404);
  EXPECT_EQ(Annotate(std::string(kElevated), other_.api_key).status, 404);

  Reply changed = Call("PATCH", base_ + "/annotations/" + id, vendor_.api_key,
                       R"({"kind": "edge_case", "condition": null, "link": null})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("kind").as_string(), "edge_case");
  EXPECT_TRUE(changed.json().at("condition").is_null());
  EXPECT_TRUE(changed.json().at("link").is_null());
  EXPECT_EQ(Call("DELETE", base_ + "/annotations/" + id, vendor_.api_key).status, 204);
  EXPECT_EQ(Call("GET", base_ + "/annotations/" + id, vendor_.api_key).status, 404);
}

TEST_F(AnnotationsTest, MistakesAreNamedByFieldAndColumn) {
  struct Case {
    std::string body;
    std::string pointer;
    std::string detail;
  };
  for (
      const Case& c : std::vector<Case>{
          {R"({"operation_id": "createRefund", "kind": "tip", "message": "m", "condition": "body.amount = 5"})",
           "/condition", "column 13: `=` alone: compare with `==`"},
          {R"({"operation_id": "createRefund", "kind": "tip", "message": "m", "pointer": "/body/currency"})",
           "/pointer", "createRefund's request body has no field /body/currency"},
          {R"({"operation_id": "deleteEverything", "kind": "tip", "message": "m"})",
           "/operation_id", "the current version has no operation deleteEverything"},
          {R"({"operation_id": "createRefund", "kind": "rumour", "message": "m"})", "/kind", ""},
          {R"j({"operation_id": "createRefund", "kind": "tip", "message": "m", "link": "javascript:alert(1)"})j",
           "/link", "an http:// or https:// URL"},
      }) {
    Reply reply = Annotate(c.body);
    ASSERT_EQ(reply.status, 422) << c.body << ": " << reply.body;
    const boost::json::value json = reply.json();
    const auto& error = json.at("errors").at(0);
    EXPECT_EQ(error.at("pointer").as_string(), c.pointer) << reply.body;
    if (!c.detail.empty()) {
      EXPECT_EQ(error.at("detail").as_string(), c.detail) << reply.body;
    }
  }
}

TEST_F(AnnotationsTest, ANoteWhoseTargetANewVersionDropsIsFlaggedNotDropped) {
  ASSERT_EQ(Annotate(std::string(kElevated)).status, 201);
  std::string v2(kPayments);
  v2.replace(v2.find("amount: {type: integer"), 6, "amount_minor");
  v2.replace(v2.find("required: [amount]"), 18, "required: [amount_minor]");
  Reply version = Call("POST", base_ + "/specs", vendor_.api_key, SpecBody("v2", v2));
  ASSERT_EQ(version.status, 201) << version.body;

  Reply listed = Call("GET", base_ + "/annotations", partner_key_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json().at("items").as_array().size(), 1u);
  const boost::json::value json = listed.json();
  const auto& target = json.at("items").at(0).at("target");
  EXPECT_EQ(target.at("status").as_string(), "missing");
  EXPECT_EQ(target.at("checked_against").as_string(), version.json().at("id").as_string());
  EXPECT_EQ(target.at("problem").as_string(),
            "createRefund's request body has no field /body/amount");

  Reply old = Call("GET", base_ + "/annotations?spec_version_id=" + version_, partner_key_);
  EXPECT_EQ(old.json().at("items").at(0).at("target").at("status").as_string(), "present");
}

TEST_F(AnnotationsTest, TheCheckGivesTheValidatorsVerdictsAndTheNotesThatApply) {
  ASSERT_EQ(Annotate(std::string(kElevated)).status, 201);
  ASSERT_EQ(
      Annotate(R"({"operation_id": "createRefund", "kind": "tip", "message": "Send a reason."})")
          .status,
      201);

  Reply too_large = Check(
      R"({"path": {"payment_id": "pay_1"}, "headers": {"X-Region": "EU"}, "body": "{\"amount\": 60000}"})");
  ASSERT_EQ(too_large.status, 200) << too_large.body;
  EXPECT_FALSE(too_large.json().at("valid").as_bool());
  ASSERT_EQ(too_large.json().at("problems").as_array().size(), 1u) << too_large.body;
  EXPECT_EQ(too_large.json().at("problems").at(0).at("pointer").as_string(), "/body/amount");
  EXPECT_EQ(too_large.json().at("problems").at(0).at("keyword").as_string(), "maximum");
  EXPECT_EQ(too_large.json().at("path").as_string(), "/payments/pay_1/refunds");
  EXPECT_EQ(too_large.json().at("content_type").as_string(), "application/json");

  Reply elevated = Check(
      R"({"path": {"payment_id": "pay_1"}, "headers": {"X-Region": "EU"}, "body": "{\"amount\": 12000}"})");
  ASSERT_EQ(elevated.status, 200) << elevated.body;
  EXPECT_TRUE(elevated.json().at("valid").as_bool()) << elevated.body;
  ASSERT_EQ(elevated.json().at("matched_annotations").as_array().size(), 1u);
  EXPECT_EQ(elevated.json().at("matched_annotations").at(0).at("kind").as_string(), "auth");
  EXPECT_EQ(elevated.json().at("other_annotations").as_array().size(), 1u);

  Reply us = Check(
      R"({"path": {"payment_id": "pay_1"}, "headers": {"X-Region": "US"}, "body": "{\"amount\": 12000}"})");
  EXPECT_EQ(us.json().at("matched_annotations").as_array().size(), 0u) << us.body;
  EXPECT_EQ(us.json().at("other_annotations").as_array().size(), 2u);

  Reply broken = Check(R"({"path": {"payment_id": "p"}, "body": "{\"amount\": "})");
  ASSERT_EQ(broken.status, 200) << broken.body;
  EXPECT_EQ(broken.json().at("problems").at(0).at("keyword").as_string(), "json");
  Reply missing = Check(R"({})");
  std::string pointers;
  const boost::json::value missing_json = missing.json();
  for (const auto& problem : missing_json.at("problems").as_array()) {
    pointers += std::string(problem.at("pointer").as_string()) + " ";
  }
  EXPECT_EQ(pointers, "/path/payment_id /body ") << missing.body;

  EXPECT_EQ(Check(R"({})", other_.api_key).status, 404) << "another org's version";
  EXPECT_EQ(
      Call("POST", base_ + "/specs/" + version_ + "/operations/nope/check", partner_key_, "{}")
          .status,
      422);
  EXPECT_EQ(Check(R"({"query": {"a": 1}})").status, 422) << "values are text";
}

TEST_F(AnnotationsTest, BadExamplesEachBreakOneConstraintAndTheCheckSaysWhich) {
  Reply bad = Call("GET", base_ + "/specs/" + version_ + "/operations/createRefund/bad-examples",
                   partner_key_);
  ASSERT_EQ(bad.status, 200) << bad.body;
  const boost::json::value json = bad.json();
  std::set<std::string> keywords;
  for (const auto& example : json.at("items").as_array()) {
    const std::string keyword(example.at("keyword").as_string());
    keywords.insert(keyword);
    // The server's own check finds the mistake the example was made with.
    boost::json::object parts{{"path", boost::json::object{{"payment_id", "pay_1"}}},
                              {"body", example.at("body")}};
    Reply checked = Check(boost::json::serialize(parts));
    ASSERT_EQ(checked.status, 200) << checked.body;
    const boost::json::value verdict = checked.json();
    EXPECT_FALSE(verdict.at("valid").as_bool())
        << example.at("description") << ": " << checked.body;
    bool named = false;
    for (const auto& problem : verdict.at("problems").as_array()) {
      named = named || problem.at("keyword").as_string() == keyword ||
              (keyword == "type" && problem.at("keyword").as_string() == "json");
    }
    EXPECT_TRUE(named) << keyword << " not among " << checked.body;
  }
  EXPECT_TRUE(keywords.count("maximum") && keywords.count("minimum") && keywords.count("required"))
      << bad.body;
}

TEST_F(AnnotationsTest, ThePreviewSaysWhichExamplesAConditionMatches) {
  Reply preview = Call("POST", base_ + "/annotations/preview", vendor_.api_key,
                       R"({"operation_id": "createRefund", "condition": "body.amount > 10000"})");
  ASSERT_EQ(preview.status, 200) << preview.body;
  std::string matched;
  const boost::json::value preview_json = preview.json();
  for (const auto& example : preview_json.at("examples").as_array()) {
    matched += std::string(example.at("name").as_string()) + "=" +
               (example.at("matched").as_bool() ? "yes" : "no") + " ";
  }
  EXPECT_EQ(matched.substr(0, matched.find("generated")), "small=no large=yes ") << preview.body;
  Reply bad = Call("POST", base_ + "/annotations/preview", vendor_.api_key,
                   R"({"operation_id": "createRefund", "condition": "body.amount >"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Call("POST", base_ + "/annotations/preview", partner_key_,
                 R"({"operation_id": "createRefund", "condition": "true"})")
                .status,
            403);
}

}  // namespace
}  // namespace icopilot::testing
