// `icopilot spec inspect|lint`: the spec engine from a terminal or CI.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/partner_usage.h"
#include "core/strings.h"
#include "net/http_client.h"
#include "spec/blueprint.h"
#include "spec/diff.h"
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

// Paths as a person would type them: relative to the working directory when inside it.
std::string Display(const std::string& file) {
  std::error_code ec;
  auto relative = std::filesystem::relative(file, ec);
  if (ec || relative.empty() || relative.string().starts_with("..")) return file;
  return relative.string();
}

std::string Location(const spec::Diagnostic& d) {
  if (d.line == 0)
    return d.pointer.empty() ? Display(d.file) : StrCat(Display(d.file), "#", d.pointer);
  return StrCat(Display(d.file), ":", d.line, ":", d.column);
}

void PrintDiagnostics(const spec::Diagnostics& diagnostics) {
  for (const spec::Diagnostic& d : diagnostics.items()) {
    std::string_view style = d.severity == spec::Severity::kError     ? "red"
                             : d.severity == spec::Severity::kWarning ? "yellow"
                                                                      : "dim";
    std::printf("%s %s %s %s\n", Location(d).c_str(),
                Styled(style, spec::SeverityName(d.severity)).c_str(),
                Styled("dim", d.rule).c_str(), d.message.c_str());
  }
  int errors = diagnostics.Count(spec::Severity::kError);
  int warnings = diagnostics.Count(spec::Severity::kWarning);
  std::printf("%d error%s, %d warning%s\n", errors, errors == 1 ? "" : "s", warnings,
              warnings == 1 ? "" : "s");
}

// Remote $refs are fetched only with --allow-remote-refs. Standalone commands run on the
// user's own machine, so no outbound address guard applies here (DESIGN.md).
spec::LoadOptions Options(bool allow_remote_refs, std::size_t max_file_bytes) {
  spec::LoadOptions options;
  options.allow_remote_refs = allow_remote_refs;
  options.max_file_bytes = max_file_bytes;
  if (allow_remote_refs) {
    options.fetch = [max_file_bytes](const std::string& url) -> absl::StatusOr<std::string> {
      net::ClientRequest request;
      request.url = url;
      request.timeout = std::chrono::seconds(30);
      request.max_body_bytes = max_file_bytes;
      auto response = net::SendHttp(request);
      if (!response.ok()) return response.status();
      if (response->status != 200) {
        return absl::UnavailableError(StrCat(url, " answered HTTP ", response->status));
      }
      return std::move(response->body);
    };
  }
  return options;
}

spec::LoadedSpec Load(const SpecFlags& flags) {
  return spec::LoadSpec(flags.file, Options(flags.allow_remote_refs, flags.max_file_bytes));
}

// Handing a big spec's documents and model back to the allocator costs a millisecond
// just before the process ends, so what `inspect` loads stays until exit (as clang's
// -disable-free does). Held through a global, so leak checkers see it as reachable.
spec::LoadedSpec& KeepUntilExit(spec::LoadedSpec loaded) {
  struct Kept {
    spec::LoadedSpec loaded;
    Kept* next = nullptr;
  };
  static Kept* kept = nullptr;
  kept = new Kept{std::move(loaded), kept};
  return kept->loaded;
}

int RunInspect(const SpecFlags& flags) {
  spec::LoadedSpec& loaded = KeepUntilExit(Load(flags));
  if (!loaded.spec) {
    if (flags.format == "json") {
      boost::json::object out{{"error", loaded.unusable_reason},
                              {"diagnostics", spec::DiagnosticsJson(loaded.diagnostics)}};
      std::printf("%s\n", boost::json::serialize(out).c_str());
    } else {
      PrintDiagnostics(loaded.diagnostics);
      std::fprintf(stderr, "icopilot: %s is unusable: %s\n", flags.file.c_str(),
                   loaded.unusable_reason.c_str());
    }
    return kExitUsage;
  }
  const spec::Spec& api = *loaded.spec;
  spec::Blueprint blueprint = spec::BuildBlueprint(api);
  if (flags.format == "json") {
    spec::WriteInspectJson(api, blueprint, loaded.diagnostics, [](std::string_view piece) {
      std::fwrite(piece.data(), 1, piece.size(), stdout);
    });
    std::fputc('\n', stdout);
    return kExitOk;
  }
  std::printf("%s %s (%s %s)\n",
              Styled("bold", api.title.empty() ? "(untitled)" : api.title).c_str(),
              api.api_version.c_str(), api.input_version == "2.0" ? "Swagger" : "OpenAPI",
              api.input_version.c_str());
  for (const auto& server : api.servers) std::printf("  server %s\n", server.c_str());
  auto plural = [](std::size_t n, const char* word) {
    return StrCat(n, " ", word, n == 1 ? "" : "s");
  };
  std::printf("\n%s, %s, %s\n", plural(api.operations.size(), "operation").c_str(),
              plural(api.security_schemes.size(), "security scheme").c_str(),
              plural(api.webhooks.size(), "webhook").c_str());
  for (std::size_t i = 0; i < api.operations.size(); ++i) {
    const auto& op = api.operations[i];
    const auto& traits = blueprint.operations[i];
    const std::string method(spec::MethodToken(op.method));
    std::string notes;
    if (traits.pagination)
      notes += StrCat(" [pages: ", spec::PagingStyleName(traits.pagination->style), "]");
    if (!traits.idempotency_header.empty()) notes += StrCat(" [", traits.idempotency_header, "]");
    if (op.deprecated) notes += " [deprecated]";
    std::printf("  %-7s %-40s %s%s\n", method.c_str(), op.path.c_str(), op.operation_id.c_str(),
                Styled("dim", notes).c_str());
  }
  std::printf("\ntest categories\n");
  for (const auto& category : blueprint.categories) {
    std::printf(
        "  %-22s %-8s %s\n", std::string(spec::CategoryName(category.id)).c_str(),
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

struct DiffFlags {
  std::string old_file;
  std::string new_file;
  std::string format = "text";
  bool allow_remote_refs = false;
  std::string partners_from;  // a project's API URL: who each breaking change touches
};

std::string ChangeLocation(const spec::Change& change) {
  return change.line > 0 ? StrCat(Display(change.file), ":", change.line, ":", change.column)
                         : Display(change.file);
}

// The partners a breaking change touches, from the server's operation usage.
const std::vector<PartnerUser>& Touched(const PartnerUsage& usage, const spec::Change& change) {
  static const std::vector<PartnerUser> kNobody;
  if (!change.breaking) return kNobody;
  auto it = usage.find(change.operation);
  return it == usage.end() ? kNobody : it->second;
}

std::string Names(const std::vector<PartnerUser>& partners) {
  std::string out;
  for (const auto& p : partners)
    out += StrCat(out.empty() ? "" : ", ", p.name, p.certified ? " (certified)" : "");
  return out;
}

void PrintMarkdown(const std::vector<spec::Change>& changes, std::size_t breaking,
                   const PartnerUsage* usage) {
  std::printf("### API changes: %zu breaking, %zu non-breaking\n\n", breaking,
              changes.size() - breaking);
  if (changes.empty()) {
    std::printf("No changes to operations, parameters, bodies, responses or security.\n");
    return;
  }
  if (usage != nullptr) {
    std::printf(
        "| | operation | change | partners it touches | where |\n"
        "| --- | --- | --- | --- | --- |\n");
  } else {
    std::printf("| | operation | change | where |\n| --- | --- | --- | --- |\n");
  }
  for (const auto& change : changes) {
    std::string message = change.message;
    for (std::size_t at = message.find('|'); at != std::string::npos;
         at = message.find('|', at + 2))
      message.insert(at, "\\");
    const std::string partners =
        usage != nullptr ? StrCat(" ", Names(Touched(*usage, change)), " |") : "";
    std::printf("| %s | `%s` | %s |%s %s line %d |\n", change.breaking ? "**breaking**" : "ok",
                change.operation.empty() ? "-" : change.operation.c_str(), message.c_str(),
                partners.c_str(), change.side.c_str(), change.line);
  }
}

int RunDiff(const DiffFlags& flags) {
  spec::LoadOptions options = Options(flags.allow_remote_refs, 100 * 1024 * 1024);
  spec::LoadedSpec before = spec::LoadSpec(flags.old_file, options);
  spec::LoadedSpec after = spec::LoadSpec(flags.new_file, options);
  for (const auto* loaded : {&before, &after}) {
    if (!loaded->spec) {
      PrintDiagnostics(loaded->diagnostics);
      std::fprintf(stderr, "icopilot: %s is unusable: %s\n",
                   loaded == &before ? flags.old_file.c_str() : flags.new_file.c_str(),
                   loaded->unusable_reason.c_str());
      return kExitUsage;
    }
  }
  std::optional<PartnerUsage> usage;
  if (!flags.partners_from.empty()) {
    auto fetched = FetchPartnerUsage(flags.partners_from);
    if (!fetched.ok()) return UsageError(fetched.status());
    usage = *std::move(fetched);
  }
  std::vector<spec::Change> changes = spec::DiffSpecs(before, after);
  std::size_t breaking = static_cast<std::size_t>(std::count_if(
      changes.begin(), changes.end(), [](const spec::Change& c) { return c.breaking; }));
  std::set<std::string> touched, certified;
  if (usage)
    for (const auto& c : changes)
      for (const auto& p : Touched(*usage, c)) {
        touched.insert(p.name);
        if (p.certified) certified.insert(p.name);
      }
  if (flags.format == "json") {
    boost::json::array items;
    for (const auto& c : changes) {
      boost::json::object item{
          {"rule", c.rule},       {"breaking", c.breaking}, {"operation", c.operation},
          {"message", c.message}, {"side", c.side},         {"file", c.file},
          {"pointer", c.pointer}, {"line", c.line},         {"column", c.column}};
      if (usage) {
        boost::json::array partners;
        for (const auto& p : Touched(*usage, c)) {
          boost::json::array evidence;
          for (const auto& e : p.evidence) evidence.emplace_back(e);
          partners.push_back(
              {{"id", p.id}, {"name", p.name}, {"certified", p.certified}, {"evidence", evidence}});
        }
        item["partners"] = std::move(partners);
      }
      items.push_back(std::move(item));
    }
    boost::json::object out{
        {"breaking", breaking}, {"non_breaking", changes.size() - breaking}, {"changes", items}};
    if (usage) {
      out["partners_affected"] = touched.size();
      out["touches_certified"] = !certified.empty();
    }
    std::printf("%s\n", boost::json::serialize(out).c_str());
  } else if (flags.format == "markdown") {
    PrintMarkdown(changes, breaking, usage ? &*usage : nullptr);
  } else {
    for (const auto& c : changes) {
      std::printf("%s %s %s %s\n", ChangeLocation(c).c_str(),
                  c.breaking ? Styled("red", "breaking").c_str() : Styled("green", "ok").c_str(),
                  Styled("dim", c.rule).c_str(),
                  StrCat(c.operation.empty() ? "" : c.operation + ": ", c.message).c_str());
      if (usage)
        for (const auto& p : Touched(*usage, c))
          std::printf("    touches %s%s: %s\n", p.name.c_str(),
                      p.certified ? Styled("red", " (certified)").c_str() : "",
                      p.evidence.empty() ? "" : p.evidence.front().c_str());
    }
    std::size_t other = changes.size() - breaking;
    std::printf("%zu breaking, %zu non-breaking change%s\n", breaking, other,
                breaking + other == 1 ? "" : "s");
    if (usage)
      std::printf("%zu partner%s touched, %zu certified\n", touched.size(),
                  touched.size() == 1 ? "" : "s", certified.size());
  }
  // With the partners known, only a certified partner's broken use fails the pipeline.
  if (usage) return certified.empty() ? kExitOk : kExitProblems;
  return breaking > 0 ? kExitProblems : kExitOk;
}

void AddCommonFlags(CLI::App* command, SpecFlags& flags) {
  command->add_option("FILE", flags.file, "OpenAPI 3.x or Swagger 2.0 document, JSON or YAML")
      ->required();
  command->add_option("--format", flags.format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--allow-remote-refs", flags.allow_remote_refs,
                    "Fetch $refs to http(s) URLs (never fetched otherwise)");
  command->add_option("--max-file-bytes", flags.max_file_bytes, "Largest file read")
      ->capture_default_str();
}

}  // namespace

void AddSpecCommand(CLI::App& root, Action& action) {
  CLI::App* spec = root.add_subcommand(
      "spec", "Read an OpenAPI document: its operations, test categories and problems");
  spec->require_subcommand(1);
  spec->footer(
      "\nExamples:\n"
      "  icopilot spec inspect openapi.yaml\n"
      "  icopilot spec inspect openapi.json --format json | jq '.categories'\n"
      "  icopilot spec lint openapi.yaml --fail-on warning   # in CI\n"
      "  icopilot spec diff main.yaml branch.yaml --format markdown");

  auto inspect_flags = std::make_shared<SpecFlags>();
  CLI::App* inspect = spec->add_subcommand(
      "inspect", "The blueprint: operations, security, test categories, diagnostics");
  AddCommonFlags(inspect, *inspect_flags);
  inspect->footer("\nExit codes: 0 loaded (maybe with warnings), 2 unusable.");
  inspect->callback([inspect_flags, &action] {
    action = [inspect_flags] { return RunInspect(*inspect_flags); };
  });

  auto lint_flags = std::make_shared<SpecFlags>();
  CLI::App* lint = spec->add_subcommand("lint", "Diagnostics only, each with file:line:column");
  AddCommonFlags(lint, *lint_flags);
  lint->add_option("--fail-on", lint_flags->fail_on, "Lowest severity that fails")
      ->check(CLI::IsMember({"error", "warning"}))
      ->capture_default_str();
  lint->footer(
      "\nExit codes: 0 clean, 1 diagnostics at or above --fail-on, 2 file unreadable or not "
      "JSON/YAML.");
  lint->callback([lint_flags, &action] { action = [lint_flags] { return RunLint(*lint_flags); }; });

  auto diff_flags = std::make_shared<DiffFlags>();
  CLI::App* diff = spec->add_subcommand(
      "diff", "What changed between two versions, breaking or not for a client");
  diff->add_option("OLD", diff_flags->old_file, "The version clients use today")->required();
  diff->add_option("NEW", diff_flags->new_file, "The version about to ship")->required();
  diff->add_option("--format", diff_flags->format,
                   "Output: text, json, or markdown for a pull request comment")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  diff->add_flag("--allow-remote-refs", diff_flags->allow_remote_refs,
                 "Fetch $refs to http(s) URLs (never fetched otherwise)");
  diff->add_option("--partners-from", diff_flags->partners_from,
                   "A project's API URL (https://copilot.example.com/api/v1/projects/prj_…): "
                   "list the partners each breaking change touches; the vendor API key is read "
                   "from ICOPILOT_API_KEY");
  diff->footer(
      "\nExit codes: 0 no breaking change, 1 breaking changes, 2 either file unusable or the\n"
      "server unreachable. With --partners-from: 1 only when a breaking change touches a\n"
      "partner with a current certificate resting on the operation.\n\n"
      "Example, in a vendor's CI:\n"
      "  ICOPILOT_API_KEY=$KEY icopilot spec diff main.yaml openapi.yaml \\\n"
      "    --partners-from https://copilot.example.com/api/v1/projects/prj_123 --format markdown");
  diff->callback([diff_flags, &action] { action = [diff_flags] { return RunDiff(*diff_flags); }; });
}

}  // namespace icopilot::cli
