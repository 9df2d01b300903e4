#include "api/openapi.h"

#include <set>

#include <gtest/gtest.h>

#include "api/app.h"
#include "core/crypto.h"
#include "core/metrics.h"
#include "schema/schema.h"
#include "store/sqlite_database.h"
#include "support/temp_dir.h"

namespace icopilot::api {
namespace {

void CollectRefs(const boost::json::value& value, std::vector<std::string>& refs) {
  if (value.is_object()) {
    for (const auto& member : value.as_object()) {
      if (member.key() == "$ref" && member.value().is_string())
        refs.emplace_back(member.value().as_string());
      CollectRefs(member.value(), refs);
    }
  } else if (value.is_array()) {
    for (const auto& item : value.as_array()) CollectRefs(item, refs);
  }
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    auto db = store::OpenSqlite(dir_.path() / "o.db");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    auto box = SecretBox::LoadOrCreate(dir_.path() / "k");
    box_ = std::make_unique<SecretBox>(*box);
    identity_ = std::make_unique<services::IdentityService>(*db_, clock_);
    projects_ = std::make_unique<services::ProjectService>(*db_, clock_, *identity_);
    hosted_ = std::make_unique<services::HostedMocks>(*db_, *box_, clock_);
    ports_ = std::make_unique<services::DedicatedPorts>(*hosted_, "127.0.0.1");
    mocks_ = std::make_unique<services::MockService>(*db_, clock_, *box_, *hosted_, *ports_);
    golden_ = std::make_unique<services::GoldenService>(*db_, clock_, *box_, *mocks_);
    traces_ = std::make_unique<services::TraceService>(*db_, clock_, *box_);
    annotations_ = std::make_unique<services::AnnotationService>(*db_, clock_, *mocks_);
    playground_ = std::make_unique<services::PlaygroundService>(*db_, *box_, *mocks_, *annotations_,
                                                                *traces_);
    saved_cases_ = std::make_unique<services::SavedCaseService>(*db_, clock_, *mocks_);
    postman_ = std::make_unique<services::PostmanExport>(*db_, *mocks_);
    plans_ = std::make_unique<services::PlanService>(*db_, clock_);
    readiness_ = std::make_unique<services::ReadinessService>(*db_, clock_, *plans_);
    certificates_ =
        std::make_unique<services::CertificateService>(*db_, clock_, *box_, *readiness_);
    partner_metrics_ = std::make_unique<services::MetricsService>(*db_, clock_);
    notifications_ = std::make_unique<services::NotificationService>(*db_, *box_, clock_);
    drift_ = std::make_unique<services::DriftService>(*db_, clock_, *mocks_);
    oidc_ = std::make_unique<services::OidcClient>(clock_, services::OidcClientOptions{});
    sso_ = std::make_unique<services::SsoService>(*db_, *box_, clock_, *identity_, *oidc_);
    assistant_ = std::make_unique<services::AssistantService>(
        *db_, clock_, *box_,
        services::AssistantServices{*mocks_, *golden_, *traces_, *plans_, *annotations_});
    app_ = std::make_unique<App>(ApiDependencies{*db_,
                                                 clock_,
                                                 metrics_,
                                                 *identity_,
                                                 *projects_,
                                                 *mocks_,
                                                 *hosted_,
                                                 *golden_,
                                                 *traces_,
                                                 *annotations_,
                                                 *playground_,
                                                 *saved_cases_,
                                                 *postman_,
                                                 *plans_,
                                                 *readiness_,
                                                 *certificates_,
                                                 *partner_metrics_,
                                                 *assistant_,
                                                 *notifications_,
                                                 *drift_,
                                                 *sso_,
                                                 false,
                                                 nullptr,
                                                 ""},
                                 *box_, AppOptions{});
    document_ = BuildOpenApiDocument(app_->operations(), "test");
  }

  testing::TempDir dir_;
  SystemClock clock_;
  Metrics metrics_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SecretBox> box_;
  std::unique_ptr<services::IdentityService> identity_;
  std::unique_ptr<services::ProjectService> projects_;
  std::unique_ptr<services::HostedMocks> hosted_;
  std::unique_ptr<services::DedicatedPorts> ports_;
  std::unique_ptr<services::MockService> mocks_;
  std::unique_ptr<services::GoldenService> golden_;
  std::unique_ptr<services::AssistantService> assistant_;
  std::unique_ptr<services::OidcClient> oidc_;
  std::unique_ptr<services::SsoService> sso_;
  std::unique_ptr<services::TraceService> traces_;
  std::unique_ptr<services::AnnotationService> annotations_;
  std::unique_ptr<services::PlaygroundService> playground_;
  std::unique_ptr<services::SavedCaseService> saved_cases_;
  std::unique_ptr<services::PostmanExport> postman_;
  std::unique_ptr<services::PlanService> plans_;
  std::unique_ptr<services::ReadinessService> readiness_;
  std::unique_ptr<services::CertificateService> certificates_;
  std::unique_ptr<services::MetricsService> partner_metrics_;
  std::unique_ptr<services::NotificationService> notifications_;
  std::unique_ptr<services::DriftService> drift_;
  std::unique_ptr<App> app_;
  boost::json::object document_;
};

TEST_F(OpenApiTest, ListsEveryServedOperationOnce) {
  const auto& paths = document_.at("paths").as_object();
  std::set<std::string> operation_ids;
  for (const Operation& op : app_->operations()) {
    auto path = paths.find(op.path);
    ASSERT_NE(path, paths.end()) << op.path;
    std::string method(op.method);
    for (auto& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(path->value().as_object().contains(method)) << op.method << " " << op.path;
    EXPECT_TRUE(operation_ids.insert(op.operation_id).second)
        << "duplicate operationId " << op.operation_id;
  }
  EXPECT_GE(operation_ids.size(), 20u);
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  std::vector<std::string> refs;
  CollectRefs(document_, refs);
  const auto& schemas = document_.at("components").as_object().at("schemas").as_object();
  ASSERT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    const std::string prefix = "#/components/schemas/";
    ASSERT_TRUE(ref.starts_with(prefix)) << ref;
    EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << "dangling " << ref;
  }
}

// The request bodies are checked against these schemas (api/request_body_check.h): one
// that does not compile would silently check nothing.
TEST_F(OpenApiTest, EveryRequestSchemaCompiles) {
  const boost::json::value document = document_;
  int compiled = 0;
  for (const Operation& op : app_->operations()) {
    if (op.request_schema.empty()) continue;
    auto schema = schema::Schema::Compile(document, "/components/schemas/" + op.request_schema, {});
    EXPECT_TRUE(schema.ok()) << op.request_schema << ": " << schema.status().message();
    compiled += schema.ok();
  }
  EXPECT_GE(compiled, 20);
}

TEST_F(OpenApiTest, ProtectedOperationsDocument401And403) {
  for (const auto& path : document_.at("paths").as_object()) {
    for (const auto& method : path.value().as_object()) {
      const auto& op = method.value().as_object();
      bool is_public = op.contains("security") && op.at("security").as_array().empty();
      const auto& responses = op.at("responses").as_object();
      if (!is_public) {
        EXPECT_TRUE(responses.contains("401")) << path.key() << " " << method.key();
        EXPECT_TRUE(responses.contains("403")) << path.key() << " " << method.key();
      }
    }
  }
}

}  // namespace
}  // namespace icopilot::api
