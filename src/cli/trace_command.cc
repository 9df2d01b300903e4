// `icopilot trace import FILE.har --spec SPEC`: a browser's or proxy's HAR file turned
// into trace lines (one JSON object per line), each checked against the spec and with
// personal data masked, to a file or standard output; the summary on standard error.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "spec/load.h"
#include "traces/compiled_contract.h"
#include "traces/har.h"
#include "traces/redaction.h"

namespace icopilot::cli {
namespace {

constexpr std::uintmax_t kMaxHarBytes = 512ull << 20;

struct TraceImportFlags {
  std::string har_file;
  std::string spec_file;
  std::string output;
  std::vector<std::string> secret_fields;
};

int RunTraceImport(const TraceImportFlags& flags) {
  std::error_code size_error;
  const auto size = std::filesystem::file_size(flags.har_file, size_error);
  if (size_error) return UsageError(StrCat(flags.har_file, ": ", size_error.message()));
  if (size > kMaxHarBytes)
    return UsageError(StrCat(flags.har_file, ": larger than ", kMaxHarBytes >> 20, " MiB"));
  std::ifstream in(flags.har_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto har = traces::ReadHar(text.str());
  if (!har.ok()) return UsageError(StrCat(flags.har_file, ": ", har.status().message()));

  std::shared_ptr<const traces::CompiledContract> compiled;
  traces::ContractContext contract;
  if (!flags.spec_file.empty()) {
    auto created = traces::CompiledContract::Create(spec::LoadSpec(flags.spec_file));
    if (!created.ok()) return UsageError(StrCat(flags.spec_file, ": ", created.status().message()));
    compiled = *std::move(created);
    contract = compiled->context();
  }
  auto redactor = traces::Redactor::Create({.secret_fields = flags.secret_fields, .patterns = {}});
  if (!redactor.ok()) return UsageError(redactor.status());

  std::ofstream file;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) return UsageError(StrCat("--output: cannot write ", flags.output));
  }
  std::size_t matched = 0, violations = 0, redactions = 0, with_violations = 0;
  for (const traces::Exchange& exchange : har->exchanges) {
    traces::Trace trace = traces::ToTrace(exchange, contract, *redactor);
    matched += !trace.operation_id.empty();
    violations += trace.violations.size();
    with_violations += !trace.violations.empty();
    redactions += trace.redactions;
    std::string line = ReadableJson(traces::TraceJson(trace)) + "\n";
    if (file.is_open())
      file << line;
    else
      std::fputs(line.c_str(), stdout);
  }
  if (file.is_open() && !file.flush())
    return UsageError(StrCat("--output: cannot write ", flags.output));
  for (const auto& skipped : har->skipped) {
    std::fprintf(stderr, "%s: entry %zu skipped: %s\n", flags.har_file.c_str(), skipped.index,
                 skipped.reason.c_str());
  }
  std::fprintf(
      stderr, "%zu traces%s, %zu with violations (%zu in all), %zu values masked%s\n",
      har->exchanges.size(),
      flags.spec_file.empty() ? "" : StrCat(" (", matched, " matched an operation)").c_str(),
      with_violations, violations, redactions,
      har->skipped.empty() ? ""
                           : StrCat("; ", har->skipped.size(),
                                    har->skipped.size() == 1 ? " entry" : " entries", " skipped")
                                 .c_str());
  return har->skipped.empty() ? kExitOk : kExitProblems;
}

}  // namespace

void AddTraceCommand(CLI::App& root, Action& action) {
  CLI::App* trace =
      root.add_subcommand("trace", "Traffic traces: what a partner's code really sends");
  trace->require_subcommand(1);
  auto flags = std::make_shared<TraceImportFlags>();
  CLI::App* import = trace->add_subcommand(
      "import",
      "Turn a HAR file (Chromium, Firefox, proxies) into trace lines, checked and redacted");
  import->add_option("FILE", flags->har_file, "The HAR 1.2 file")->required();
  import->add_option("--spec", flags->spec_file,
                     "OpenAPI 3.x or Swagger 2.0 document to check each exchange against");
  import->add_option("--output", flags->output, "Write the trace lines here instead of stdout");
  import->add_option("--secret-field", flags->secret_fields,
                     "A JSON field name whose values are always masked; repeatable");
  import->footer(
      "\nEach line is one trace (docs/traces.md): the request and response as exchanged, the\n"
      "operation it matched and the violations found on the raw values, then personal data\n"
      "masked (emails keep their domain, cards their last four, ...), bodies cut at 64 KiB.\n\n"
      "Examples:\n"
      "  icopilot trace import session.har --spec openapi.yaml > traces.jsonl\n"
      "  icopilot trace import session.har --output traces.jsonl --secret-field national_id\n\n"
      "Exit codes: 0 every entry imported, 1 some entries could not be read (listed),\n"
      "2 not a HAR file, an unusable spec, or a usage error.");
  import->callback([flags, &action] {
    action = [flags] { return RunTraceImport(*flags);
};
}  // namespace icopilot::cli
);
}

}  // namespace icopilot::cli
