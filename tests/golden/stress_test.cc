// Concurrent golden runs against one stateful mock, repeated: the shape of the crash the
// issue found (a spec's JSON arena copied from on several runner threads and mock workers at
// once, one run in seven dying with SIGSEGV on lyft.com). Built under ThreadSanitizer in CI,
// where a race is a failure even when it does not crash.
// ICOPILOT_STRESS_ROUNDS=N repeats N rounds of three concurrent runs (default 4).
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "contract/spec_schemas.h"
#include "core/strings.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/runner.h"
#include "mock/mock_engine.h"
#include "net/server.h"
#include "spec/blueprint.h"
#include "spec/load.h"

namespace icopilot::golden {
namespace {

constexpr char kApiKey[] = "stress-key-31";

class Mock : public net::RequestHandler {
 public:
  explicit Mock(std::shared_ptr<const spec::LoadedSpec> loaded) {
    mock::MockOptions options;
    options.stateful = true;
    options.auth = {.strict = true, .api_keys = {kApiKey}, .basic = {"client:secret"}};
    engine_ = std::make_unique<mock::MockEngine>(std::move(loaded), options);
  }
  net::Response Handle(net::Request& request) override { return engine_->Handle(request).response; }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

 private:
  std::unique_ptr<mock::MockEngine> engine_;
};

int Rounds() {
  const char* text = std::getenv("ICOPILOT_STRESS_ROUNDS");
  return text ? std::max(1, std::atoi(text)) : 4;
}

TEST(GoldenStress, ConcurrentRunsAgainstOneMockOfAJsonSpecNeverCrash) {
  const std::string file = std::string(ICOPILOT_CORPUS_DIR) + "/lyft.com.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no corpus: run scripts/install-deps";
  // JSON, so the spec's values live in its arena (YAML documents do not).
  auto loaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(file));
  ASSERT_TRUE(loaded->spec.has_value()) << loaded->unusable_reason;
  Mock mock(loaded);
  auto server = net::Server::Listen({.port = 0, .io_threads = 2, .worker_threads = 4}, mock);
  ASSERT_TRUE(server.ok()) << server.status();
  std::jthread serving([&] { (*server)->Run(); });
  const spec::Blueprint blueprint = spec::BuildBlueprint(*loaded->spec);
  const Profile profile = DetectProfile(blueprint);
  const auto plan = PlanRun(*loaded->spec, blueprint, profile, {});
  const contract::SpecSchemas schemas(*loaded);
  Target target;
  target.base_url = (*server)->url();
  target.api_key = kApiKey;
  target.bearer = kApiKey;
  target.basic = "client:secret";
  target.oauth2 = OAuth2Client{(*server)->url() + "/oauth/token", "client", "secret", {}};
  RunLimits limits;
  limits.concurrency = 8;
  std::size_t runs = 0;
  for (int round = 0; round < Rounds(); ++round) {
    std::vector<RunReport> reports(3);
    {
      std::vector<std::jthread> concurrent;
      for (auto& report : reports) {
        concurrent.emplace_back([&] {
          report = RunSuite({*loaded->spec, blueprint, schemas, plan, false}, target, limits);
        });
      }
    }
    for (const RunReport& report : reports) {
      ++runs;
      ASSERT_EQ(report.cases.size(), plan.size());
      EXPECT_GT(report.summary.passed, 0u);
    }
  }
  (*server)->Shutdown();
  std::printf("  %zu runs of %zu cases, three at a time, against one mock\n", runs, plan.size());
}

}  // namespace
}  // namespace icopilot::golden
