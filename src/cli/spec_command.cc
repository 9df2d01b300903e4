// `icopilot spec inspect|lint`: the spec engine from a terminal or CI.
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/strings.h"
#include "spec/blueprint.h"
#include "spec/load.h"
#include "spec/report.h"

namespace icopilot::cli {
namespace {

struct SpecFlags {
  std::string file;
  std::string format = "text";
  std::string fail_on = "error";
  bool allow_remote_refs = false;
  std::size_t max_file_bytes = 100 * 1024 * 1024;
};

std::string Location(const spec::Diagnostic& d) {
  if (d.line == 0) return d.pointer.empty() ? d.file : StrCat(d.file, "#", d.pointer);
  return StrCat(d.file, ":", d.line, ":", d.column);
}

void PrintDiagnostics(const spec::Diagnostics& diagnostics) {
  for (const spec::Diagnostic& d : diagnostics.items()) {
    std::string_view style = d.severity == spec::Severity::kError ? "red" : d.severity == spec::Severity::kWarning ? "yellow" : "dim";
    std::printf("%s %s %s %s\n", Location(d).c_str(), Styled(style, spec::SeverityName(d.severity)).c_str(),
                Styled("dim", d.rule).c_str(), d.message.c_str());
  }
  std::printf("%d errors, %d warnings\n", diagnostics.Count(spec::Severity::kError),
              diagnostics.Count(spec::Severity::kWarning));
}

spec::LoadedSpec Load(const SpecFlags& flags) {
  spec::LoadOptions options;
  options.allow_remote_refs = flags.allow_remote_refs;
  options.max_file_bytes = flags.max_file_bytes;
  return spec::LoadSpec(flags.file, options);
}

int RunInspect(const SpecFlags& flags) {
  spec::LoadedSpec loaded = Load(flags);
  if (!loaded.spec) {
    if (flags.format == "json") {
      boost::json::object out{{"error", loaded.unusable_reason}, {"diagnostics", spec::DiagnosticsJson(loaded.diagnostics)}};
      std::printf("%s\n", boost::json::serialize(out).c_str());
    } else {
      PrintDiagnostics(loaded.diagnostics);
      std::fprintf(stderr, "icopilot: %s is unusable: %s\n", flags.file.c_str(), loaded.unusable_reason.c_str());
    }
    return kExitUsage;
  }
  const spec::Spec& api = *loaded.spec;
  spec::Blueprint blueprint = spec::BuildBlueprint(api);
  if (flags.format == "json") {
    std::printf("%s\n", boost::json::serialize(spec::InspectJson(api, blueprint, loaded.diagnostics)).c_str());
    return kExitOk;
  }
  std::printf("%s %s (%s %s)\n", Styled("bold", api.title.empty() ? "(untitled)" : api.title).c_str(),
              api.api_version.c_str(), api.input_version == "2.0" ? "Swagger" : "OpenAPI", api.input_version.c_str());
  for (const auto& server : api.servers) std::printf("  server %s\n", server.c_str());
  std::printf("\n%zu operations, %zu security schemes, %zu webhooks\n", api.operations.size(),
              api.security_schemes.size(), api.webhooks.size());
  for (std::size_t i = 0; i < api.operations.size(); ++i) {
    const auto& op = api.operations[i];
    const auto& traits = blueprint.operations[i];
    std::string method = op.method;
    for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string notes;
    if (traits.pagination) notes += StrCat(" [pages: ", traits.pagination->style, "]");
    if (!traits.idempotency_header.empty()) notes += StrCat(" [", traits.idempotency_header, "]");
    if (op.deprecated) notes += " [deprecated]";
    std::printf("  %-7s %-40s %s%s\n", method.c_str(), op.path.c_str(), op.operation_id.c_str(),
                Styled("dim", notes).c_str());
  }
  std::printf("\ntest categories\n");
  for (const auto& category : blueprint.categories) {
    std::printf("  %-22s %-8s %s\n", category.id.c_str(),
                category.applicable ? Styled("green", "applies").c_str() : Styled("dim", "n/a").c_str(),
                category.reason.c_str());
  }
  std::printf("\n");
  PrintDiagnostics(loaded.diagnostics);
  return kExitOk;
}

int RunLint(const SpecFlags& flags) {
  spec::LoadedSpec loaded = Load(flags);
  if (flags.format == "json") {
    boost::json::object out{{"usable", loaded.spec.has_value()},
                            {"errors", loaded.diagnostics.Count(spec::Severity::kError)},
                            {"warnings", loaded.diagnostics.Count(spec::Severity::kWarning)},
                            {"diagnostics", spec::DiagnosticsJson(loaded.diagnostics)}};
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else {
    PrintDiagnostics(loaded.diagnostics);
  }
  if (!loaded.files) return kExitUsage;  // could not be read or parsed at all
  int failing = loaded.diagnostics.Count(spec::Severity::kError);
  if (flags.fail_on == "warning") failing += loaded.diagnostics.Count(spec::Severity::kWarning);
  return failing > 0 ? kExitProblems : kExitOk;
}

void AddCommonFlags(CLI::App* command, SpecFlags& flags) {
  command->add_option("FILE", flags.file, "OpenAPI 3.x or Swagger 2.0 document, JSON or YAML")->required();
  command->add_option("--format", flags.format, "Output: text or json")->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--allow-remote-refs", flags.allow_remote_refs, "Permit $refs to http(s) URLs (not fetched yet)");
  command->add_option("--max-file-bytes", flags.max_file_bytes, "Largest file read")->capture_default_str();
}

}  // namespace

void AddSpecCommand(CLI::App& root, Action& action) {
  CLI::App* spec = root.add_subcommand("spec", "Read an OpenAPI document: its operations, test categories and problems");
  spec->require_subcommand(1);
  spec->footer("\nExamples:\n"
               "  icopilot spec inspect openapi.yaml\n"
               "  icopilot spec inspect openapi.json --format json | jq '.categories'\n"
               "  icopilot spec lint openapi.yaml --fail-on warning   # in CI");

  auto inspect_flags = std::make_shared<SpecFlags>();
  CLI::App* inspect = spec->add_subcommand("inspect", "The blueprint: operations, security, test categories, diagnostics");
  AddCommonFlags(inspect, *inspect_flags);
  inspect->footer("\nExit codes: 0 loaded (maybe with warnings), 2 unusable.");
  inspect->callback([inspect_flags, &action] { action = [inspect_flags] { return RunInspect(*inspect_flags); }; });

  auto lint_flags = std::make_shared<SpecFlags>();
  CLI::App* lint = spec->add_subcommand("lint", "Diagnostics only, each with file:line:column");
  AddCommonFlags(lint, *lint_flags);
  lint->add_option("--fail-on", lint_flags->fail_on, "Lowest severity that fails")
      ->check(CLI::IsMember({"error", "warning"}))->capture_default_str();
  lint->footer("\nExit codes: 0 clean, 1 diagnostics at or above --fail-on, 2 file unreadable or not JSON/YAML.");
  lint->callback([lint_flags, &action] { action = [lint_flags] { return RunLint(*lint_flags); }; });
}

}  // namespace icopilot::cli
