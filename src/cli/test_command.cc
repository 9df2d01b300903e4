// `icopilot test SPEC`: the golden suite for an API. Today it shows what a run would do
// (`--list`: the profile and every planned case) and prints the catalog (`--catalog`);
// sending the cases to `--base-url` arrives with the runner.
#include <algorithm>
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/strings.h"
#include "golden/catalog.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "spec/blueprint.h"
#include "spec/load.h"

namespace icopilot::cli {
namespace {

struct TestFlags {
  std::string spec_file;
  std::string base_url;
  std::string profile_file;
  std::string categories;
  bool read_only = false;
  std::vector<std::string> exclude_operations;
  std::string only_case;
  bool list = false;
  bool catalog = false;
  std::string format = "text";
};

boost::json::object PlanJson(const golden::Profile& profile,
                             const std::vector<golden::PlannedCase>& plan) {
  boost::json::array categories;
  for (const auto& c : profile.categories) {
    categories.push_back({{"category", c.id},
                          {"applicable", c.applicable},
                          {"requirement", golden::RequirementName(c.requirement)},
                          {"overridden", c.overridden},
                          {"reason", c.reason}});
  }
  boost::json::array cases;
  std::int64_t planned = 0, skipped = 0, not_applicable = 0;
  for (const auto& row : plan) {
    boost::json::object item{{"id", row.c->id},
                             {"category", row.c->category},
                             {"title", row.c->title},
                             {"status", golden::PlanStatusName(row.status)},
                             {"required", row.requirement == golden::Requirement::kRequired},
                             {"reason", row.reason}};
    if (!row.operation_id.empty()) {
      item["operation"] = boost::json::object{
          {"operation_id", row.operation_id}, {"method", row.method}, {"path", row.path}};
    }
    cases.push_back(std::move(item));
    planned += row.status == golden::PlanStatus::kPlanned;
    skipped += row.status == golden::PlanStatus::kSkipped;
    not_applicable += row.status == golden::PlanStatus::kNotApplicable;
  }
  return {{"profile", std::move(categories)},
          {"cases", std::move(cases)},
          {"summary",
           {{"planned", planned}, {"skipped", skipped}, {"not_applicable", not_applicable}}}};
}

void PrintPlan(const golden::Profile& profile, const std::vector<golden::PlannedCase>& plan) {
  std::size_t planned = 0, skipped = 0, not_applicable = 0;
  for (const auto& category : profile.categories) {
    std::string requirement(golden::RequirementName(category.requirement));
    std::printf(
        "%s  %s%s  %s\n", Styled("bold", category.id).c_str(),
        Styled(category.requirement == golden::Requirement::kNotApplicable ? "dim" : "green",
               requirement)
            .c_str(),
        category.overridden ? " (profile)" : "", Styled("dim", category.reason).c_str());
    for (const auto& row : plan) {
      if (row.c->category != category.id) continue;
      std::string status(golden::PlanStatusName(row.status));
      std::string where = !row.operation_id.empty()
                              ? StrCat(row.operation_id, " ", row.method, " ", row.path)
                          : row.c->scope == golden::Scope::kApi ? std::string("(the API)")
                                                                : std::string("(no operation)");
      std::printf(
          "  %-14s %-48s %s%s\n",
          Styled(row.status == golden::PlanStatus::kPlanned ? "green" : "dim", status).c_str(),
          std::string(row.c->id).c_str(), where.c_str(),
          row.reason.empty() ? "" : StrCat("  ", Styled("dim", row.reason)).c_str());
      planned += row.status == golden::PlanStatus::kPlanned;
      skipped += row.status == golden::PlanStatus::kSkipped;
      not_applicable += row.status == golden::PlanStatus::kNotApplicable;
    }
  }
  std::printf("\n%zu planned, %zu skipped, %zu not applicable\n", planned, skipped, not_applicable);
}

int RunTest(const TestFlags& flags) {
  if (flags.catalog) {
    std::fputs(golden::CatalogMarkdown().c_str(), stdout);
    return kExitOk;
  }
  if (flags.spec_file.empty()) return UsageError("test: SPEC is required (or --catalog)");
  auto loaded = spec::LoadSpec(flags.spec_file);
  if (!loaded.spec) {
    for (const auto& d : loaded.diagnostics.items()) {
      if (d.severity != spec::Severity::kError) continue;
      std::fprintf(stderr, "%s:%d:%d: error: %s\n", d.file.c_str(), d.line, d.column,
                   d.message.c_str());
    }
    return UsageError(StrCat(flags.spec_file, " is unusable: ", loaded.unusable_reason));
  }
  const spec::Blueprint blueprint = spec::BuildBlueprint(*loaded.spec);
  golden::Profile profile = golden::DetectProfile(blueprint);
  if (!flags.profile_file.empty()) {
    auto overrides = golden::ReadOverridesFile(flags.profile_file);
    if (!overrides.ok()) return UsageError(StrCat("--profile: ", overrides.status().message()));
    if (auto applied = golden::ApplyOverrides(*overrides, profile); !applied.ok())
      return UsageError(StrCat("--profile: ", flags.profile_file, ": ", applied.message()));
  }
  golden::PlanOptions options;
  options.read_only = flags.read_only;
  options.exclude_operations = flags.exclude_operations;
  options.only_case = flags.only_case;
  for (std::string_view category : SplitAndTrim(flags.categories, ',')) {
    const auto& known = golden::Categories();
    if (std::find(known.begin(), known.end(), category) == known.end())
      return UsageError(StrCat("--categories: '", category, "' is not a category"));
    options.categories.emplace_back(category);
  }
  if (!options.only_case.empty() && golden::FindCase(options.only_case) == nullptr)
    return UsageError(
        StrCat("--case: no case '", options.only_case, "' (icopilot test --catalog lists them)"));
  const auto plan = golden::PlanRun(*loaded.spec, blueprint, profile, options);
  if (!flags.list) {
    return UsageError("test: sending the cases is not built yet; --list shows what a run would do");
  }
  if (flags.format == "json") {
    std::printf("%s\n", boost::json::serialize(PlanJson(profile, plan)).c_str());
  } else {
    PrintPlan(profile, plan);
  }
  return kExitOk;
}

}  // namespace

void AddTestCommand(CLI::App& root, Action& action) {
  auto flags = std::make_shared<TestFlags>();
  CLI::App* test = root.add_subcommand(
      "test", "The golden suite: which conformance cases apply to an API, and (soon) run them");
  test->add_option("SPEC", flags->spec_file, "OpenAPI 3.x or Swagger 2.0 document");
  test->add_option("--base-url", flags->base_url, "Where the API answers (for running)");
  test->add_option("--profile", flags->profile_file,
                   "YAML or JSON map from category to required, optional or not_applicable")
      ->check(CLI::ExistingFile);
  test->add_option("--categories", flags->categories, "Only these categories: a,b");
  test->add_flag("--read-only", flags->read_only,
                 "Send no POST, PUT, PATCH or DELETE: cases that need one are skipped");
  test->add_option("--exclude-operation", flags->exclude_operations,
                   "Leave an operation (by operationId) out; repeatable");
  test->add_option("--case", flags->only_case, "Only this case (an id from --catalog)");
  test->add_flag("--list", flags->list, "Show the profile and the planned cases; send nothing");
  test->add_flag("--catalog", flags->catalog, "Print the catalog of cases as Markdown");
  test->add_option("--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  test->footer(
      "\nThe profile is detected from the spec (each category applicable or not, with the "
      "reason);\n"
      "--profile overrides categories as required, optional or not_applicable.\n\n"
      "Examples:\n"
      "  icopilot test openapi.yaml --list\n"
      "  icopilot test openapi.yaml --list --read-only --categories authentication,pagination\n"
      "  icopilot test --catalog > docs/golden-tests.md\n\n"
      "Exit codes: 0 listed, 2 usage error or unusable spec.");
  test->callback([flags, &action] { action = [flags] { return RunTest(*flags); }; });
}

}  // namespace icopilot::cli
