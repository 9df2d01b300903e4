// `icopilot test SPEC`: the golden suite for an API. Runs the planned cases against
// `--base-url` and reports them (text with progress, JSON, JUnit XML), shows what a run
// would do (`--list`), or prints the catalog (`--catalog`).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "contract/spec_schemas.h"
#include "core/strings.h"
#include "core/units.h"
#include "golden/catalog.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/report.h"
#include "golden/runner.h"
#include "spec/blueprint.h"
#include "spec/load.h"

namespace icopilot::cli {
namespace {

struct TestFlags {
  std::string spec_file;
  std::string base_url;
  std::vector<std::string> headers;
  std::vector<std::string> set_values;  // NAME=VALUE
  std::string bearer, api_key, basic;
  std::string oauth2_token_url, client_id, client_secret, oauth2_scopes;
  std::string ca_file, client_cert, client_key;
  bool insecure = false;
  std::string webhook_url, webhook_secret;
  std::string output;
  int concurrency = 4;
  std::string timeout = "10s";
  std::string max_duration = "5m";
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
  boost::json::array categories = golden::ProfileJson(profile);
  boost::json::array cases;
  std::int64_t planned = 0, skipped = 0, not_applicable = 0;
  for (const auto& row : plan) {
    boost::json::object item{{"id", row.c->id},
                             {"category", spec::CategoryName(row.c->category)},
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
        "%s  %s%s  %s\n", Styled("bold", spec::CategoryName(category.id)).c_str(),
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

// The run's target from the flags; a usage error message when they do not fit together.
absl::StatusOr<golden::Target> TargetFrom(const TestFlags& flags) {
  golden::Target target;
  target.base_url = flags.base_url;
  if (!target.base_url.starts_with("http://") && !target.base_url.starts_with("https://"))
    return absl::InvalidArgumentError(
        StrCat("--base-url: '", flags.base_url, "' is not an http:// or https:// URL"));
  for (const std::string& header : flags.headers) {
    std::size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0)
      return absl::InvalidArgumentError(StrCat("--header: '", header, "' is not 'Name: value'"));
    target.headers.emplace_back(std::string(TrimWhitespace(header.substr(0, colon))),
                                std::string(TrimWhitespace(header.substr(colon + 1))));
  }
  target.bearer = flags.bearer;
  target.api_key = flags.api_key;
  target.basic = flags.basic;
  if (!target.basic.empty() && target.basic.find(':') == std::string::npos)
    return absl::InvalidArgumentError("--basic: expected USER:PASS");
  const bool any_oauth =
      !flags.oauth2_token_url.empty() || !flags.client_id.empty() || !flags.client_secret.empty();
  if (any_oauth) {
    if (flags.oauth2_token_url.empty() || flags.client_id.empty() || flags.client_secret.empty())
      return absl::InvalidArgumentError(
          "--oauth2-token-url, --client-id and --client-secret go together");
    golden::OAuth2Client client{flags.oauth2_token_url, flags.client_id, flags.client_secret, {}};
    for (std::string_view scope : SplitAndTrim(flags.oauth2_scopes, ','))
      if (!scope.empty()) client.scopes.emplace_back(scope);
    target.oauth2 = std::move(client);
  }
  target.tls = {.verify = !flags.insecure,
                .ca_file = flags.ca_file,
                .client_cert = flags.client_cert,
                .client_key = flags.client_key};
  if (flags.client_cert.empty() != flags.client_key.empty())
    return absl::InvalidArgumentError("--client-cert and --client-key go together");
  for (const std::string& entry : flags.set_values) {
    std::size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0)
      return absl::InvalidArgumentError(
          StrCat("--set '", entry, "': give NAME=VALUE (a parameter's name and its value)"));
    target.parameter_values.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
  target.webhook_url = flags.webhook_url;
  target.webhook_secret = flags.webhook_secret;
  if (flags.webhook_url.empty() != flags.webhook_secret.empty())
    return absl::InvalidArgumentError("--webhook-url and --webhook-secret go together");
  auto timeout = ParseDuration(flags.timeout);
  if (!timeout.ok())
    return absl::InvalidArgumentError(StrCat("--timeout: ", timeout.status().message()));
  target.timeout = *timeout;
  return target;
}

void PrintProgress(const golden::CaseResult& result, std::size_t done, std::size_t total) {
  if (result.status == golden::Verdict::kNotApplicable) return;
  const char* style = result.status == golden::Verdict::kPassed     ? "green"
                      : result.status == golden::Verdict::kFailed   ? "red"
                      : result.status == golden::Verdict::kError    ? "yellow"
                      : result.status == golden::Verdict::kWarning  ? "yellow"
                      : result.status == golden::Verdict::kNotSetUp ? "yellow"
                                                                    : "dim";
  std::string where = result.operation_id.empty() ? "" : StrCat(" ", result.operation_id);
  std::fprintf(stderr, "[%zu/%zu] %s %s%s%s\n", done, total,
               Styled(style, golden::VerdictName(result.status)).c_str(),
               std::string(result.c->id).c_str(), where.c_str(),
               result.reason.empty() || result.status == golden::Verdict::kPassed
                   ? ""
                   : StrCat(": ", result.reason).c_str());
}

// Lists the results at `level`, each with its case, operation, reason and basis.
void ListResults(const golden::RunReport& report, golden::Verdict level, std::string_view title,
                 std::string& out) {
  bool header = false;
  for (const auto& result : report.cases) {
    if (result.status != level) continue;
    if (!header) out += StrCat("\n", title, ":\n");
    header = true;
    out += StrCat("  ", result.c->id,
                  result.operation_id.empty() ? "" : StrCat(" (", result.operation_id, ")"),
                  result.required ? "" : " [optional]", "\n    ", result.reason, "\n    basis (",
                  golden::RuleName(result.c->rule), "): ", result.c->basis, "\n");
  }
}

std::string TextReport(const golden::RunReport& report) {
  std::string out;
  constexpr std::size_t kLevels = 7;
  for (spec::TestCategory id : spec::kTestCategories) {
    const std::string_view category = spec::CategoryName(id);
    std::size_t counts[kLevels] = {};
    for (const auto& result : report.cases) {
      if (result.c->category == id) ++counts[static_cast<int>(result.status)];
    }
    using golden::Verdict;
    auto at = [&](Verdict v) { return counts[static_cast<int>(v)]; };
    out += StrCat(category, std::string(22 - std::min<std::size_t>(21, category.size()), ' '),
                  "passed ", at(Verdict::kPassed), "  warnings ", at(Verdict::kWarning),
                  "  failed ", at(Verdict::kFailed), "  errors ", at(Verdict::kError),
                  "  not set up ", at(Verdict::kNotSetUp), "  skipped ", at(Verdict::kSkipped),
                  "  n/a ", at(Verdict::kNotApplicable), "\n");
  }
  ListResults(report, golden::Verdict::kFailed, "Failed (contract rules breached)", out);
  ListResults(report, golden::Verdict::kError, "Errors (the case could not finish)", out);
  ListResults(report, golden::Verdict::kNotSetUp,
              "Not set up (gaps: nothing was checked in their place)", out);
  ListResults(report, golden::Verdict::kWarning, "Warnings (conventions, never blocking)", out);
  const auto& s = report.summary;
  out += StrCat("\n", s.passed, " passed, ", s.warnings, " warnings, ", s.failed, " failed, ",
                s.errors, " errors, ", s.not_set_up, " not set up, ", s.skipped, " skipped, ",
                s.not_applicable, " not applicable; ", report.requests, " requests in ",
                static_cast<long>(report.duration_ms), " ms: ",
                report.Passed() ? "every required case passed"
                                : "required cases did not pass or could not be set up",
                "\n");
  return out;
}

int RunCases(const TestFlags& flags, const spec::LoadedSpec& loaded,
             const spec::Blueprint& blueprint, const std::vector<golden::PlannedCase>& plan) {
  if (flags.base_url.empty())
    return UsageError("test: --base-url is required to run the cases (or --list to see the plan)");
  auto target = TargetFrom(flags);
  if (!target.ok()) return UsageError(std::string(target.status().message()));
  auto max_duration = ParseDuration(flags.max_duration);
  if (!max_duration.ok())
    return UsageError(StrCat("--max-duration: ", max_duration.status().message()));
  if (flags.concurrency < 1 || flags.concurrency > 64)
    return UsageError("--concurrency: between 1 and 64");
  golden::RunLimits limits;
  limits.concurrency = flags.concurrency;
  limits.max_duration = *max_duration;
  contract::SpecSchemas schemas(loaded);
  golden::RunSetup setup{*loaded.spec, blueprint, schemas, plan, flags.read_only};
  const bool progress = flags.format == "text" || !flags.output.empty();
  golden::RunReport report = golden::RunSuite(
      setup, *target, limits, progress ? golden::ProgressFn(PrintProgress) : nullptr);
  std::string out = flags.format == "json"
                        ? boost::json::serialize(golden::ReportJson(report)) + "\n"
                    : flags.format == "junit" ? golden::ReportJunit(report, loaded.spec->title)
                                              : TextReport(report);
  if (!flags.output.empty()) {
    std::ofstream file(flags.output, std::ios::binary | std::ios::trunc);
    file << out;
    if (!file) return UsageError(StrCat("--output: cannot write ", flags.output));
    std::fputs(TextReport(report).c_str(), stderr);
  } else {
    std::fputs(out.c_str(), stdout);
  }
  return report.Passed() ? kExitOk : kExitProblems;
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
  for (std::string_view name : SplitAndTrim(flags.categories, ',')) {
    const auto category = spec::ParseCategory(name);
    if (!category)
      return UsageError(StrCat("--categories: '", name, "' is not a category (the categories: ",
                               spec::CategoryNames(), ")"));
    options.categories.push_back(*category);
  }
  if (!options.only_case.empty() && golden::FindCase(options.only_case) == nullptr)
    return UsageError(
        StrCat("--case: no case '", options.only_case, "' (icopilot test --catalog lists them)"));
  const auto plan = golden::PlanRun(*loaded.spec, blueprint, profile, options);
  if (!flags.list) return RunCases(flags, loaded, blueprint, plan);
  if (flags.format == "junit")
    return UsageError("--list: --format junit is for runs; use text or json");
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
      "test", "The golden suite: run conformance cases against an API (mock, sandbox, UAT)");
  test->add_option("SPEC", flags->spec_file, "OpenAPI 3.x or Swagger 2.0 document");
  test->add_option("--base-url", flags->base_url,
                   "Where the API answers: https://sandbox.example.com/v2 (a path replaces the "
                   "spec's server path)");
  test->add_option("--header", flags->headers, "'Name: value' sent with every request; repeatable");
  test->add_option("--set", flags->set_values,
                   "NAME=VALUE: a parameter's value for every request that has it (path, query or "
                   "header), instead of the spec's example or a generated one; e.g. "
                   "--set merchantId=m-1001 for a sandbox's own merchant; repeatable");
  test->add_option("--bearer", flags->bearer, "A bearer token for bearer, OAuth2 and OIDC schemes");
  test->add_option("--api-key", flags->api_key, "The API key, sent where the spec's scheme says");
  test->add_option("--basic", flags->basic, "USER:PASS for HTTP basic schemes");
  test->add_option("--oauth2-token-url", flags->oauth2_token_url,
                   "OAuth2 token endpoint (client credentials); tokens are fetched and cached");
  test->add_option("--client-id", flags->client_id, "OAuth2 client id");
  test->add_option("--client-secret", flags->client_secret, "OAuth2 client secret");
  test->add_option("--scopes", flags->oauth2_scopes,
                   "Scopes for the run's token: a,b (default: every scope the spec lists)");
  test->add_option("--ca-file", flags->ca_file, "CA bundle (PEM) to verify the API's certificate")
      ->check(CLI::ExistingFile);
  test->add_option("--client-cert", flags->client_cert, "Client certificate (PEM) for mutual TLS")
      ->check(CLI::ExistingFile);
  test->add_option("--client-key", flags->client_key, "Client key (PEM) for mutual TLS")
      ->check(CLI::ExistingFile);
  test->add_flag("--insecure", flags->insecure, "Do not verify the API's TLS certificate");
  test->add_option("--webhook-url", flags->webhook_url,
                   "Your webhook receiver, for the webhooks cases");
  test->add_option("--webhook-secret", flags->webhook_secret,
                   "The secret your receiver checks signatures with");
  test->add_option("--output", flags->output,
                   "Write the report here (progress and summary stay on the terminal)");
  test->add_option("--concurrency", flags->concurrency, "Cases in flight at once")
      ->capture_default_str();
  test->add_option("--timeout", flags->timeout, "Per request")->capture_default_str();
  test->add_option("--max-duration", flags->max_duration,
                   "The whole run, rate-limit probing included")
      ->capture_default_str();
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
  test->add_option("--format", flags->format, "text, json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  test->footer(
      "\nThe profile is detected from the spec (each category applicable or not, with the "
      "reason);\n"
      "--profile overrides categories as required, optional or not_applicable.\n"
      "Each case ends passed, failed, error (could not run), skipped or not_applicable, with a\n"
      "reason and its exchanges (secrets masked) as evidence. Progress goes to stderr.\n\n"
      "Examples:\n"
      "  icopilot test openapi.yaml --list\n"
      "  icopilot test openapi.yaml --base-url http://127.0.0.1:4010 --api-key k1\n"
      "  icopilot test openapi.yaml --base-url https://uat.example.com/v2 --read-only \\\n"
      "      --oauth2-token-url https://uat.example.com/oauth/token --client-id ID --client-secret "
      "S\n"
      "  icopilot test openapi.yaml --base-url URL --format junit --output golden.xml\n"
      "  icopilot test --catalog > docs/golden-tests.md\n\n"
      "Exit codes: 0 every required case passed (or listed), 1 a required case failed or could\n"
      "not run, 2 usage error or unusable spec.");
  test->callback([flags, &action] { action = [flags] { return RunTest(*flags); }; });
}

}  // namespace icopilot::cli
