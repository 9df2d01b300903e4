// The golden runner against reference APIs it did not write (tests/golden/reference/, in
// Node with its standard library only): each follows its public documentation and RFCs,
// with their leniencies (default scopes, optional rate-limit headers, JSON labelled
// text/plain, hundreds of items). The correct API must get no failed and no error result
// and a passing run; each seeded defect must fail its own category and no other.
#include <cstdio>
#include <map>
#include <ostream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "contract/spec_schemas.h"
#include "core/strings.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/runner.h"
#include "spec/blueprint.h"
#include "spec/load.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::golden {
namespace {

const std::string kReference = std::string(ICOPILOT_SOURCE_DIR) + "/tests/golden/reference";

struct ReferenceApi {
  std::string name;  // its folder under tests/golden/reference
  // Fills the credentials of the environment a partner would have.
  void (*credentials)(Target& target, const std::string& url);
};

void OrdersCredentials(Target& target, const std::string& url) {
  target.oauth2 = OAuth2Client{url + "/oauth/token", "partner-app", "partner-secret-1", {}};
}

void CatalogCredentials(Target& target, const std::string&) { target.api_key = "cat-key-7d1f2a"; }

const ReferenceApi kOrders{"orders", OrdersCredentials};
const ReferenceApi kCatalog{"catalog", CatalogCredentials};

std::string Describe(const RunReport& report) {
  std::string out;
  for (const auto& result : report.cases) {
    if (result.status == Verdict::kPassed || result.status == Verdict::kNotApplicable) continue;
    out += StrCat("  ", VerdictName(result.status), " ", result.c->id, " ", result.operation_id,
                  ": ", result.reason, "\n");
  }
  return out;
}

RunReport RunAgainst(const ReferenceApi& api, const std::string& defect) {
  testing::TempDir scratch;
  testing::ServerProcess server(
      scratch.path() / "api",
      testing::ServerProcess::Command{{StrCat(kReference, "/", api.name, "/server.mjs"), "0"},
                                      "node"},
      {{"REFERENCE_DEFECT", defect}});
  EXPECT_FALSE(server.url().empty()) << server.Stderr();
  spec::LoadedSpec loaded = spec::LoadSpec(StrCat(kReference, "/", api.name, "/openapi.yaml"));
  EXPECT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  if (!loaded.spec || server.url().empty()) return {};
  spec::Blueprint blueprint = spec::BuildBlueprint(*loaded.spec);
  Profile profile = DetectProfile(blueprint);
  auto plan = PlanRun(*loaded.spec, blueprint, profile, {});
  contract::SpecSchemas schemas(loaded);
  Target target;
  target.base_url = server.url();
  api.credentials(target, server.url());
  RunReport report = RunSuite({*loaded.spec, blueprint, schemas, plan, false}, target, {});
  const RunSummary& s = report.summary;
  std::printf(
      "  %s%s: %zu passed, %zu warnings, %zu failed, %zu errors, %zu not set up, %zu "
      "skipped, %zu n/a; %zu requests in %.0f ms\n",
      api.name.c_str(), defect.empty() ? "" : StrCat(" with ", defect).c_str(), s.passed,
      s.warnings, s.failed, s.errors, s.not_set_up, s.skipped, s.not_applicable, report.requests,
      report.duration_ms);
  return report;
}

void ExpectClean(const RunReport& report) {
  ASSERT_FALSE(report.cases.empty());
  EXPECT_EQ(report.summary.failed, 0u) << Describe(report);
  EXPECT_EQ(report.summary.errors, 0u) << Describe(report);
  EXPECT_TRUE(report.Passed()) << Describe(report);
}

// Every failure is in `category`, at least one; no errors anywhere.
void ExpectCaughtOnlyBy(const RunReport& report, std::string_view category) {
  ASSERT_FALSE(report.cases.empty());
  std::set<std::string> by;
  for (const auto& result : report.cases) {
    if (result.status == Verdict::kFailed) {
      EXPECT_EQ(spec::CategoryName(result.c->category), category) << Describe(report);
      if (spec::CategoryName(result.c->category) == category) by.insert(std::string(result.c->id));
    }
    EXPECT_NE(result.status, Verdict::kError) << Describe(report);
  }
  EXPECT_FALSE(by.empty()) << "the " << category << " defect was not caught\n" << Describe(report);
  EXPECT_FALSE(report.Passed());
}

TEST(ReferenceOrdersApi, TheCorrectApiPasses) {
  RunReport report = RunAgainst(kOrders, "");
  ExpectClean(report);
  // The leniencies the API documents are warnings, not failures.
  std::map<std::string, Verdict> by_id;
  for (const auto& result : report.cases) by_id[std::string(result.c->id)] = result.status;
  EXPECT_EQ(by_id["request-validation.unsupported-media-type"], Verdict::kWarning);
  EXPECT_EQ(by_id["authorization.no-scope"], Verdict::kSkipped);  // default scopes granted
  EXPECT_EQ(by_id["rate-limiting.limit-enforced"], Verdict::kPassed);
  EXPECT_EQ(by_id["pagination.terminates"], Verdict::kPassed);
}

struct Seeded {
  const char* defect;
  const char* category;
};
// How CTest names each case: the defect, not the struct's bytes.
void PrintTo(const Seeded& seeded, std::ostream* out) { *out << seeded.defect; }

std::string DefectName(const ::testing::TestParamInfo<Seeded>& info) {
  std::string name;
  for (char c : std::string(info.param.defect)) name += c == '-' ? '_' : c;
  return name;
}

class ReferenceOrdersDefect : public ::testing::TestWithParam<Seeded> {};

TEST_P(ReferenceOrdersDefect, IsCaughtByItsCategoryAlone) {
  ExpectCaughtOnlyBy(RunAgainst(kOrders, GetParam().defect), GetParam().category);
}

INSTANTIATE_TEST_SUITE_P(Defects, ReferenceOrdersDefect,
                         ::testing::Values(Seeded{"auth-bypass", "authentication"},
                                           Seeded{"scopes-ignored", "authorization"},
                                           Seeded{"no-validation", "request-validation"},
                                           Seeded{"response-drift", "response-conformance"},
                                           Seeded{"idempotency-ignored", "idempotency"},
                                           Seeded{"no-rate-limit", "rate-limiting"},
                                           Seeded{"repeated-page-items", "pagination"},
                                           Seeded{"server-error-for-404", "error-handling"}),
                         DefectName);

TEST(ReferenceCatalogApi, TheCorrectApiPasses) {
  RunReport report = RunAgainst(kCatalog, "");
  ExpectClean(report);
  // Every request built as valid reached the merchant the spec's example names, and a
  // category the taxonomy's list names (nobody creates categories): no case is left
  // without a success answer.
  EXPECT_EQ(report.summary.not_set_up, 0u) << Describe(report);
}

class ReferenceCatalogDefect : public ::testing::TestWithParam<Seeded> {};

TEST_P(ReferenceCatalogDefect, IsCaughtByItsCategoryAlone) {
  ExpectCaughtOnlyBy(RunAgainst(kCatalog, GetParam().defect), GetParam().category);
}

INSTANTIATE_TEST_SUITE_P(Defects, ReferenceCatalogDefect,
                         ::testing::Values(Seeded{"auth-bypass", "authentication"},
                                           Seeded{"no-validation", "request-validation"},
                                           Seeded{"response-drift", "response-conformance"},
                                           Seeded{"repeated-page-items", "pagination"},
                                           Seeded{"server-error-for-404", "error-handling"}),
                         DefectName);

}  // namespace
}  // namespace icopilot::golden
