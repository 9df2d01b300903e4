// The golden runner against real HTTP servers in this process: our own stateful mock with
// strict credentials (every applicable case must pass), and the same mock behind a front
// that seeds one defect at a time (each must be caught by its category, and no case of
// another category may fail). A webhook receiver checks signatures as a partner's would.
#include "golden/runner.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "contract/operation_index.h"
#include "contract/request_builder.h"
#include "contract/spec_schemas.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/report.h"
#include "mock/mock_config.h"
#include "mock/mock_engine.h"
#include "net/server.h"
#include "spec/blueprint.h"
#include "spec/load.h"

namespace icopilot::golden {
namespace {

constexpr char kApiKey[] = "k-123-secret-key";
constexpr char kClient[] = "client1";
constexpr char kClientSecret[] = "s3cret-client-pass";
constexpr char kWebhookSecret[] = "whsec-shared-9";

enum class Defect {
  kNone,
  kAuthenticationBypass,  // refused credentials are let through
  kScopesIgnored,         // a token without the scope is let through
  kNoInputValidation,     // invalid requests are answered as if valid
  kResponseNotMatching,   // getOrder's body breaks its schema
  kIdempotencyIgnored,    // every retry creates again
  kNoRateLimit,           // the documented limit is not enforced
  kDuplicatePages,        // a page repeats the previous page's last item
  kServerErrorFor404,     // 500 instead of 404
};

class Front : public net::RequestHandler {
 public:
  Front(std::shared_ptr<const spec::LoadedSpec> loaded, Defect defect)
      : loaded_(loaded), defect_(defect), schemas_(*loaded), index_(*loaded->spec) {
    mock::MockOptions options;
    options.stateful = true;
    options.auth = {
        .strict = true, .api_keys = {kApiKey}, .basic = {StrCat(kClient, ":", kClientSecret)}};
    // The spec states 200 a minute, which the mock simulates unless told otherwise; the
    // defect is a limit far past it.
    if (defect == Defect::kNoRateLimit) {
      auto config = ParseJson(R"({"operations": {"listOrders": {"rate_limit": "1000000/min"}}})");
      EXPECT_TRUE(mock::ApplyMockConfig(*config, options).ok());
    }
    engine_ = std::make_unique<mock::MockEngine>(loaded, options);
  }

  net::Response Handle(net::Request& request) override {
    if (defect_ == Defect::kIdempotencyIgnored && request.headers.Find("idempotency-key"))
      request.headers.Set("idempotency-key", RandomToken(9));
    net::Response response = engine_->Handle(request).response;
    const std::string type(response.body.substr(0, 200));
    switch (defect_) {
      case Defect::kAuthenticationBypass:
        if (response.status == 401) response = AsTrusted(request);
        break;
      case Defect::kScopesIgnored:
        if (response.status == 403) response = AsTrusted(request);
        break;
      case Defect::kNoInputValidation:
        if (type.find("mock-invalid-request") != std::string::npos ||
            type.find("mock-unsupported-media-type") != std::string::npos)
          response = AsValid(request);
        break;
      case Defect::kResponseNotMatching:
        if (request.method == "GET" && request.path.starts_with("/v1/orders/") &&
            response.status == 200)
          response.body = R"({"id": 7, "item": "", "quantity": "many", "status": "lost"})";
        break;
      case Defect::kDuplicatePages:
        if (request.method == "GET" && request.path == "/v1/orders" && response.status == 200)
          RepeatAcrossPages(request, response);
        break;
      case Defect::kServerErrorFor404:
        if (response.status == 404) response.status = 500;
        break;
      default:
        break;
    }
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

 private:
  // The same request with the mock's own key: every scope.
  net::Response AsTrusted(net::Request request) {
    request.headers.Set("x-api-key", kApiKey);
    request.headers.Set("authorization", StrCat("Bearer ", kApiKey));
    return engine_->Handle(request).response;
  }

  // A valid request for the same operation and resource, answered instead.
  net::Response AsValid(const net::Request& request) {
    auto match = index_.Match(request.method, request.path, request.query, &request.headers);
    if (match.kind != contract::RouteMatch::kFound) return engine_->Handle(request).response;
    const spec::Operation& op = loaded_->spec->operations[match.operation];
    auto built = contract::BuildValidRequest(
        *loaded_->spec, schemas_, op,
        {.credentials = contract::SentCredentials{.api_key = kApiKey, .bearer = kApiKey},
         .path_values = match.path_params});
    if (!built.ok()) return engine_->Handle(request).response;
    return engine_->Handle(built->request).response;
  }

  void RepeatAcrossPages(const net::Request& request, net::Response& response) {
    auto body = ParseJson(response.body);
    if (!body.ok() || !body->is_object()) return;
    auto* data = body->as_object().if_contains("data");
    if (data == nullptr || !data->is_array() || data->as_array().empty()) return;
    std::lock_guard lock(mutex_);
    if (request.QueryParam("cursor") && last_item_) data->as_array()[0] = *last_item_;
    last_item_ = data->as_array().back();
    response.body = ReadableJson(*body);
  }

  std::shared_ptr<const spec::LoadedSpec> loaded_;
  Defect defect_;
  contract::SpecSchemas schemas_;
  contract::OperationIndex index_;
  std::unique_ptr<mock::MockEngine> engine_;
  std::mutex mutex_;
  std::optional<boost::json::value> last_item_;
};

// A partner's webhook receiver: checks `t=<ts>,v1=<hmac>` over "<ts>.<body>", tolerates
// the same event id twice.
class Receiver : public net::RequestHandler {
 public:
  net::Response Handle(net::Request& request) override {
    net::Response response;
    std::string signature(request.headers.Find("x-icopilot-signature").value_or(""));
    std::string timestamp(request.headers.Find("x-icopilot-timestamp").value_or(""));
    std::string expected =
        StrCat("t=", timestamp,
               ",v1=", HmacSha256Hex(kWebhookSecret, StrCat(timestamp, ".", request.body)));
    response.status = ConstantTimeEquals(signature, expected) ? 200 : 401;
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}
};

class Served {
 public:
  explicit Served(net::RequestHandler& handler) {
    auto server = net::Server::Listen({.port = 0, .io_threads = 1, .worker_threads = 4}, handler);
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~Served() {
    server_->Shutdown();
    thread_.join();
  }
  std::string url() const { return server_->url(); }

 private:
  std::unique_ptr<net::Server> server_;
  std::thread thread_;
};

class RunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    loaded_ = std::make_shared<spec::LoadedSpec>(
        spec::LoadSpec(std::string(ICOPILOT_SOURCE_DIR) + "/tests/golden/specs/orders.yaml"));
    ASSERT_TRUE(loaded_->spec.has_value()) << loaded_->unusable_reason;
  }

  RunReport Run(Defect defect, RunLimits limits = {}) {
    Front front(loaded_, defect);
    Served api(front);
    Receiver receiver;
    Served hooks(receiver);
    spec::Blueprint blueprint = spec::BuildBlueprint(*loaded_->spec);
    Profile profile = DetectProfile(blueprint);
    auto plan = PlanRun(*loaded_->spec, blueprint, profile, {});
    contract::SpecSchemas schemas(*loaded_);
    Target target;
    target.base_url = api.url();
    target.api_key = kApiKey;
    target.oauth2 = OAuth2Client{api.url() + "/oauth/token", kClient, kClientSecret, {}};
    target.webhook_url = hooks.url() + "/hooks";
    target.webhook_secret = kWebhookSecret;
    return RunSuite({*loaded_->spec, blueprint, schemas, plan, false}, target, limits);
  }

  static std::string Describe(const RunReport& report) {
    std::string out;
    for (const auto& result : report.cases) {
      if (result.status == Verdict::kFailed || result.status == Verdict::kError)
        out += StrCat("  ", VerdictName(result.status), " ", result.c->id, " ", result.operation_id,
                      ": ", result.reason, "\n");
    }
    return out;
  }

  // Every failure is in `category`, at least one; no errors anywhere.
  static void ExpectCaughtOnlyBy(const RunReport& report, std::string_view category) {
    std::size_t caught = 0;
    for (const auto& result : report.cases) {
      if (result.status == Verdict::kFailed) {
        EXPECT_EQ(spec::CategoryName(result.c->category), category) << Describe(report);
        caught += spec::CategoryName(result.c->category) == category;
      }
      EXPECT_NE(result.status, Verdict::kError) << Describe(report);
    }
    EXPECT_GT(caught, 0u) << "the " << category << " defect was not caught";
    std::set<std::string> by;
    for (const auto& result : report.cases) {
      if (result.status == Verdict::kFailed) by.insert(std::string(result.c->id));
    }
    std::string ids;
    for (const auto& id : by) ids += (ids.empty() ? "" : ", ") + id;
    std::printf("  caught by %zu results (%s)\n", caught, ids.c_str());
  }

  static std::shared_ptr<spec::LoadedSpec> loaded_;
};

std::shared_ptr<spec::LoadedSpec> RunnerTest::loaded_;

TEST_F(RunnerTest, EveryApplicableCasePassesAgainstOurOwnStrictStatefulMock) {
  RunReport report = Run(Defect::kNone);
  EXPECT_EQ(report.summary.failed, 0u) << Describe(report);
  EXPECT_EQ(report.summary.errors, 0u) << Describe(report);
  EXPECT_TRUE(report.Passed());
  std::map<std::string, std::size_t> passed;
  std::map<std::string, std::map<Verdict, std::size_t>> counts;
  for (const auto& result : report.cases) {
    const std::string category(spec::CategoryName(result.c->category));
    if (result.status == Verdict::kPassed) ++passed[category];
    ++counts[category][result.status];
  }
  // The figures per category, at every level.
  for (TestCategory id : spec::kTestCategories) {
    const std::string_view category = spec::CategoryName(id);
    std::string line = StrCat("  ", category, ":");
    for (const auto& [verdict, count] : counts[std::string(category)])
      line += StrCat(" ", VerdictName(verdict), " ", count);
    std::printf("%s\n", line.c_str());
  }
  std::printf("  %zu requests in %.0f ms\n", report.requests, report.duration_ms);
  // Each of the ten categories ran and passed something on this spec.
  for (TestCategory id : spec::kTestCategories) {
    const std::string category(spec::CategoryName(id));
    EXPECT_GT(passed[category], 0u) << category << "\n" << Describe(report);
  }
  EXPECT_GE(report.summary.passed, 90u);
}

TEST_F(RunnerTest, CredentialsNeverAppearInTheReport) {
  RunReport report = Run(Defect::kNone);
  const std::string json = boost::json::serialize(ReportJson(report));
  const std::string junit = ReportJunit(report, "Orders");
  for (const std::string& secret :
       {std::string(kApiKey), std::string(kClientSecret), std::string(kWebhookSecret),
        EncodeBase64(StrCat(kClient, ":", kClientSecret))}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret;
    EXPECT_EQ(junit.find(secret), std::string::npos) << secret;
  }
  // Fetched tokens are masked too: no bearer value is left (the mock's challenges,
  // `Bearer realm="mock"`, are not credentials).
  EXPECT_FALSE(std::regex_search(json, std::regex("Bearer (?!realm)[A-Za-z0-9._~+/-]{6,}")))
      << json.substr(0, 2000);
  EXPECT_NE(json.find("****"), std::string::npos) << "evidence keeps the places secrets were";
}

TEST_F(RunnerTest, AuthenticationBypassIsCaughtByAuthentication) {
  ExpectCaughtOnlyBy(Run(Defect::kAuthenticationBypass), "authentication");
}

TEST_F(RunnerTest, IgnoredScopesAreCaughtByAuthorization) {
  ExpectCaughtOnlyBy(Run(Defect::kScopesIgnored), "authorization");
}

TEST_F(RunnerTest, MissingInputValidationIsCaughtByRequestValidation) {
  ExpectCaughtOnlyBy(Run(Defect::kNoInputValidation), "request-validation");
}

TEST_F(RunnerTest, ABodyOffItsSchemaIsCaughtByResponseConformance) {
  ExpectCaughtOnlyBy(Run(Defect::kResponseNotMatching), "response-conformance");
}

TEST_F(RunnerTest, AnIgnoredIdempotencyKeyIsCaughtByIdempotency) {
  ExpectCaughtOnlyBy(Run(Defect::kIdempotencyIgnored), "idempotency");
}

TEST_F(RunnerTest, AMissingRateLimitIsCaughtByRateLimiting) {
  RunLimits limits;
  limits.max_requests = 1500;  // the budget the limit must show itself within
  ExpectCaughtOnlyBy(Run(Defect::kNoRateLimit, limits), "rate-limiting");
}

TEST_F(RunnerTest, ItemsRepeatedAcrossPagesAreCaughtByPagination) {
  ExpectCaughtOnlyBy(Run(Defect::kDuplicatePages), "pagination");
}

TEST_F(RunnerTest, AServerErrorForAnUnknownIdIsCaughtByErrorHandling) {
  ExpectCaughtOnlyBy(Run(Defect::kServerErrorFor404), "error-handling");
}

// An upstream that misbehaves in every way the runner must survive: it stalls, sends a
// body past the limit, redirects to another host, and sends compressed bytes it calls
// JSON. A second server stands for that other host and counts what reaches it.
class Hostile : public net::RequestHandler {
 public:
  explicit Hostile(std::string elsewhere) : elsewhere_(std::move(elsewhere)) {}
  net::Response Handle(net::Request& request) override {
    net::Response response;
    response.headers.Set("content-type", "application/json");
    if (request.path == "/v1/orders" && request.method == "GET") {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the timeout
      response.body = R"({"data": []})";
    } else if (request.path.starts_with("/v1/orders/")) {
      response.body = std::string(3 << 20, 'x');  // past the body limit
    } else if (request.path == "/v1/products") {
      response.status = 302;
      response.headers.Set("location", elsewhere_ + "/collect");
    } else {
      response.headers.Set("content-encoding", "gzip");
      response.body = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) + std::string(4096, '\0');
    }
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

 private:
  std::string elsewhere_;
};

class Counting : public net::RequestHandler {
 public:
  net::Response Handle(net::Request&) override {
    ++hits;
    return {};
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}
  std::atomic<int> hits{0};
};

TEST_F(RunnerTest, HostileUpstreamsEndCasesAsErrorsAndTheRunGoesOn) {
  Counting elsewhere;
  Served other(elsewhere);
  Hostile hostile(other.url());
  Served api(hostile);
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded_->spec);
  Profile profile = DetectProfile(blueprint);
  auto plan =
      PlanRun(*loaded_->spec, blueprint, profile,
              {.read_only = false,
               .exclude_operations = {},
               .only_case = "",
               .categories = {TestCategory::kResponseConformance, TestCategory::kAuthentication}});
  contract::SpecSchemas schemas(*loaded_);
  Target target;
  target.base_url = api.url();
  target.api_key = kApiKey;
  target.bearer = "a-token";
  target.timeout = std::chrono::milliseconds(300);
  RunLimits limits;
  limits.max_body_bytes = 1 << 20;
  const auto started = std::chrono::steady_clock::now();
  RunReport report = RunSuite({*loaded_->spec, blueprint, schemas, plan, false}, target, limits);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
  EXPECT_EQ(report.cases.size(), plan.size()) << "every planned case has a result";
  bool timed_out = false, too_large = false, encoded = false;
  for (const auto& result : report.cases) {
    encoded |=
        result.status == Verdict::kError && result.reason.find("-encoded") != std::string::npos;
    timed_out |= result.status == Verdict::kError &&
                 result.reason.find("no complete answer within 300 ms") != std::string::npos;
    too_large |=
        result.status == Verdict::kError && result.reason.find("larger than") != std::string::npos;
  }
  EXPECT_TRUE(timed_out) << Describe(report);
  EXPECT_TRUE(too_large) << Describe(report);
  EXPECT_TRUE(encoded) << Describe(report);
  EXPECT_EQ(elsewhere.hits.load(), 0) << "a redirect is never followed, credentials never leave";
  EXPECT_GT(report.summary.passed + report.summary.failed, 0u) << "the run went on";
}

TEST_F(RunnerTest, ATlsFailureIsAnErrorWithItsReason) {
  Counting plain;
  Served api(plain);  // speaks plain HTTP where the target says https
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded_->spec);
  auto plan = PlanRun(*loaded_->spec, blueprint, DetectProfile(blueprint),
                      {.read_only = false,
                       .exclude_operations = {},
                       .only_case = "error-handling.unknown-path",
                       .categories = {}});
  contract::SpecSchemas schemas(*loaded_);
  Target target;
  target.base_url = "https://" + api.url().substr(std::string("http://").size());
  RunReport report = RunSuite({*loaded_->spec, blueprint, schemas, plan, false}, target, {});
  ASSERT_EQ(report.cases.size(), 1u);
  EXPECT_EQ(report.cases[0].status, Verdict::kError);
  EXPECT_NE(report.cases[0].reason.find("SSL"), std::string::npos) << report.cases[0].reason;
  EXPECT_FALSE(report.Passed());
}

}  // namespace
}  // namespace icopilot::golden
