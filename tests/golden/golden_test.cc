#include <fstream>
#include <set>
#include <sstream>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "contract/spec_schemas.h"
#include "golden/case_context.h"
#include "golden/catalog.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/report.h"
#include "golden/result.h"
#include "spec/load.h"

namespace icopilot::golden {
namespace {

TEST(GoldenCatalog, HasStableUniqueIdsInTheTenCategories) {
  std::set<std::string_view> ids, categories;
  for (const Case& c : AllCases()) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
    EXPECT_TRUE(c.id.starts_with(std::string(spec::CategoryName(c.category)) + ".")) << c.id;
    EXPECT_FALSE(c.title.empty() || c.sends.empty() || c.expects.empty() || c.applies_to.empty() ||
                 c.evidence.empty() || c.basis.empty())
        << c.id;
    EXPECT_TRUE(c.applies != nullptr && c.run != nullptr) << c.id;
    categories.insert(spec::CategoryName(c.category));
  }
  EXPECT_EQ(categories.size(), 10u);
  for (TestCategory category : spec::kTestCategories) {
    EXPECT_TRUE(categories.contains(spec::CategoryName(category)));
    EXPECT_EQ(spec::ParseCategory(spec::CategoryName(category)), category);
  }
  EXPECT_EQ(spec::ParseCategory("authentications"), std::nullopt);
  EXPECT_GE(AllCases().size(), 36u);
  EXPECT_LE(AllCases().size(), 40u);
  EXPECT_EQ(FindCase("authentication.missing-credentials")->category,
            TestCategory::kAuthentication);
  EXPECT_EQ(FindCase("nothing.like-this"), nullptr);
}

// Warnings never block a run; a required case left not set up does (nothing was checked in
// its place); each report keeps the levels apart and names the case's basis.
TEST(GoldenReport, WarningsAndGapsAreReportedApartWithTheirBasis) {
  const Case* lenient = FindCase("request-validation.unsupported-media-type");
  const Case* body = FindCase("response-conformance.body-schema");
  ASSERT_NE(lenient, nullptr);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(lenient->rule, Rule::kConvention);
  EXPECT_EQ(body->rule, Rule::kContract);
  RunReport report;
  auto result = [](const Case* c, Verdict status, std::string reason) {
    CaseResult r;
    r.c = c;
    r.status = status;
    r.reason = std::move(reason);
    return r;
  };
  report.cases.push_back(result(lenient, Verdict::kWarning, "got 201"));
  report.summary = Summarize(report.cases);
  EXPECT_TRUE(report.Passed());
  EXPECT_EQ(report.summary.warnings, 1u);

  report.cases.push_back(result(body, Verdict::kNotSetUp, "no success answer to check"));
  report.summary = Summarize(report.cases);
  EXPECT_FALSE(report.Passed()) << "a required gap keeps the run from passing";
  EXPECT_EQ(report.summary.not_set_up, 1u);

  const boost::json::object json = ReportJson(report);
  EXPECT_EQ(json.at("summary").at("warnings"), 1);
  EXPECT_EQ(json.at("summary").at("not_set_up"), 1);
  EXPECT_EQ(json.at("cases").at(0).at("status"), "warning");
  EXPECT_EQ(json.at("cases").at(0).at("rule"), "convention");
  EXPECT_EQ(json.at("cases").at(0).at("basis").as_string(), lenient->basis);
  EXPECT_EQ(json.at("cases").at(1).at("status"), "not_set_up");

  const std::string junit = ReportJunit(report, "Orders");
  EXPECT_NE(junit.find("<system-out>warning (convention"), std::string::npos) << junit;
  EXPECT_NE(junit.find("<error type=\"not-set-up\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("errors=\"1\""), std::string::npos) << junit;

  report.cases.back().required = false;  // an optional gap is a skip
  report.summary = Summarize(report.cases);
  EXPECT_TRUE(report.Passed());
  EXPECT_NE(ReportJunit(report, "Orders").find("<skipped message=\"not set up: "),
            std::string::npos);
}

TEST(GoldenCatalog, TheDocumentationIsGeneratedFromIt) {
  std::ifstream in(ICOPILOT_SOURCE_DIR "/docs/golden-tests.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), CatalogMarkdown())
      << "docs/golden-tests.md is stale: run `icopilot test --catalog > docs/golden-tests.md`";
}

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Shop, version: '1'}
security: [{oauth: [orders:read]}]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {orders:read: r, orders:write: w}}}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
    post:
      operationId: createOrder
      security: [{oauth: [orders:write]}]
      parameters: [{name: Idempotency-Key, in: header, schema: {type: string}}]
      requestBody:
        content: {application/json: {schema: {type: object, required: [sku], properties: {sku: {type: string}}}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {type: object}}}}
        '422': {description: bad, content: {application/json: {schema: {type: object}}}}
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
  /health:
    get:
      operationId: health
      security: []
      responses:
        '200': {description: ok}
)";

class GoldenPlanTest : public ::testing::Test {
 protected:
  GoldenPlanTest() : loaded_(spec::LoadSpecText("shop.yaml", std::string(kSpec))) {
    EXPECT_TRUE(loaded_.spec.has_value()) << loaded_.unusable_reason;
    blueprint_ = spec::BuildBlueprint(*loaded_.spec);
    profile_ = DetectProfile(blueprint_);
  }

  std::vector<const PlannedCase*> Rows(const std::vector<PlannedCase>& plan, std::string_view id) {
    std::vector<const PlannedCase*> rows;
    for (const auto& row : plan) {
      if (row.c->id == id) rows.push_back(&row);
    }
    return rows;
  }

  spec::LoadedSpec loaded_;
  spec::Blueprint blueprint_;
  Profile profile_;
};

TEST_F(GoldenPlanTest, TheProfileFollowsTheSpecWithReasons) {
  EXPECT_EQ(profile_.Find(TestCategory::kAuthentication).requirement, Requirement::kRequired);
  EXPECT_EQ(profile_.Find(TestCategory::kPagination).requirement, Requirement::kRequired);
  EXPECT_EQ(profile_.Find(TestCategory::kIdempotency).requirement, Requirement::kRequired);
  EXPECT_EQ(profile_.Find(TestCategory::kWebhooks).requirement, Requirement::kNotApplicable);
  EXPECT_FALSE(profile_.Find(TestCategory::kWebhooks).reason.empty());
  EXPECT_EQ(profile_.Find(TestCategory::kPerformance).requirement, Requirement::kOptional);

  ASSERT_TRUE(ApplyOverrides(boost::json::parse(R"({"pagination": "optional"})"), profile_).ok());
  EXPECT_EQ(profile_.Find(TestCategory::kPagination).requirement, Requirement::kOptional);
  EXPECT_TRUE(profile_.Find(TestCategory::kPagination).overridden);
  auto unknown = ApplyOverrides(boost::json::parse(R"({"speed": "required"})"), profile_);
  EXPECT_NE(unknown.message().find("speed: not a category"), std::string::npos) << unknown;
  auto bad = ApplyOverrides(boost::json::parse(R"({"webhooks": "sometimes"})"), profile_);
  EXPECT_NE(bad.message().find("webhooks"), std::string::npos) << bad;
}

TEST_F(GoldenPlanTest, CasesArePlannedPerOperationTheyApplyTo) {
  auto plan = PlanRun(*loaded_.spec, blueprint_, profile_, {});
  // Secured operations only: /health declares no security.
  auto missing = Rows(plan, "authentication.missing-credentials");
  ASSERT_EQ(missing.size(), 3u);
  for (const auto* row : missing) EXPECT_NE(row->operation_id, "health");
  EXPECT_EQ(Rows(plan, "pagination.next-page").size(), 1u);
  EXPECT_EQ(Rows(plan, "pagination.next-page")[0]->operation_id, "listOrders");
  EXPECT_EQ(Rows(plan, "idempotency.replay")[0]->operation_id, "createOrder");
  EXPECT_EQ(Rows(plan, "error-handling.unknown-resource")[0]->operation_id, "getOrder");
  // A category that does not apply is one row with the reason.
  auto webhooks = Rows(plan, "webhooks.valid-signature");
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0]->status, PlanStatus::kNotApplicable);
  // A per-operation case that applies nowhere says why.
  auto headers = Rows(plan, "response-conformance.required-headers");
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers[0]->status, PlanStatus::kNotApplicable);
  EXPECT_NE(headers[0]->reason.find("no response documents a required header"), std::string::npos);
}

// `security: [{}, {basic: []}]` lets a client call without credentials (Azure's instance
// metadata service): expecting a 401 there would be a false failure.
TEST(GoldenPlan, OptionalCredentialsAreNotCheckedAsRequired) {
  auto loaded = spec::LoadSpecText("imds.yaml", R"(
openapi: 3.0.3
info: {title: imds, version: '1'}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
paths:
  /token:
    get:
      operationId: getToken
      security: [{}, {basic: []}]
      responses: {'200': {description: ok}}
  /secret:
    get:
      operationId: getSecret
      security: [{basic: []}]
      responses: {'200': {description: ok}}
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded.spec);
  auto plan = PlanRun(*loaded.spec, blueprint, DetectProfile(blueprint), {});
  std::vector<std::string> checked;
  for (const auto& row : plan) {
    if (row.c->id == "authentication.missing-credentials" && row.status == PlanStatus::kPlanned)
      checked.push_back(row.operation_id);
  }
  EXPECT_EQ(checked, std::vector<std::string>{"getSecret"});
}

// A JSON body is JSON whatever its parameters (SoundCloud documents
// `application/json; charset=utf-8`); a wildcard body documents no JSON to break.
TEST(GoldenPlan, JsonBodiesAreRecognisedWithTheirParameters) {
  auto loaded = spec::LoadSpecText("bodies.yaml", R"(
openapi: 3.0.3
info: {title: bodies, version: '1'}
paths:
  /comments:
    post:
      operationId: withCharset
      requestBody:
        content: {'application/json; charset=utf-8': {schema: {type: object}}}
      responses: {'201': {description: ok}}
  /uploads:
    post:
      operationId: anything
      requestBody:
        content: {'*/*': {schema: {type: string}}}
      responses: {'201': {description: ok}}
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded.spec);
  auto plan = PlanRun(*loaded.spec, blueprint, DetectProfile(blueprint), {});
  std::vector<std::string> checked;
  for (const auto& row : plan) {
    if (row.c->id == "request-validation.malformed-json" && row.status == PlanStatus::kPlanned)
      checked.push_back(row.operation_id);
  }
  EXPECT_EQ(checked, std::vector<std::string>{"withCharset"});
}

TEST_F(GoldenPlanTest, ReadOnlyExcludedOperationsAndOneCase) {
  PlanOptions read_only;
  read_only.read_only = true;
  read_only.exclude_operations = {"getOrder"};
  auto plan = PlanRun(*loaded_.spec, blueprint_, profile_, read_only);
  for (const auto& row : plan) {
    EXPECT_NE(row.operation_id, "getOrder");
    if (row.method == "POST") {
      EXPECT_EQ(row.status, PlanStatus::kSkipped) << row.c->id;
      EXPECT_NE(row.reason.find("read-only"), std::string::npos);
    }
  }
  EXPECT_EQ(Rows(plan, "error-handling.method-not-allowed")[0]->status, PlanStatus::kSkipped);
  PlanOptions one_case;
  one_case.only_case = "authorization.insufficient-scope";
  auto one = PlanRun(*loaded_.spec, blueprint_, profile_, one_case);
  ASSERT_EQ(one.size(), 3u);  // the three operations that need a scope
  PlanOptions pagination;
  pagination.categories = {TestCategory::kPagination};
  auto some = PlanRun(*loaded_.spec, blueprint_, profile_, pagination);
  for (const auto& row : some) EXPECT_EQ(row.c->category, TestCategory::kPagination);
}

// A case that deletes the resource it made must never delete the one other cases read:
// made-up ids differ every time, whatever shape the path parameter allows (AWS Amplify's
// `d[a-z0-9]+` once gave "ds" twice in a run, and an unknown id answered 200).
TEST(GoldenFixtures, FreshIdsDifferEachTimeInEveryShape) {
  auto loaded = spec::LoadSpecText("ids.yaml", R"(
openapi: 3.0.3
info: {title: ids, version: '1'}
paths:
  /tokens/{name}:
    put:
      parameters: [{name: name, in: path, required: true, schema: {type: string, pattern: '^[a-zA-Z0-9]{5,50}$'}}]
      responses: {'200': {description: ok}}
  /numbers/{n}:
    put:
      parameters: [{name: n, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
  /apps/{appId}:
    put:
      parameters: [{name: appId, in: path, required: true, schema: {type: string, pattern: 'd[a-z0-9]+', minLength: 1, maxLength: 20}}]
      responses: {'200': {description: ok}}
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  contract::SpecSchemas schemas(loaded);
  for (const spec::Operation& op : loaded.spec->operations) {
    const std::string parameter = op.parameters.front().name;
    std::set<std::string> made;
    for (int i = 0; i < 20; ++i) {
      auto id = FreshId(schemas, op, parameter);
      ASSERT_TRUE(id.has_value()) << op.path;
      made.insert(*id);
    }
    std::string all;
    for (const auto& id : made) all += id + " ";
    EXPECT_EQ(made.size(), 20u) << op.path << ": " << all;
  }
}

}  // namespace
}  // namespace icopilot::golden
