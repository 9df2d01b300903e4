// `icopilot proxy SPEC --upstream URL`: a validation proxy in front of a partner's real
// target (sandbox, UAT). Every request goes to the upstream unchanged and every answer
// comes back unchanged, streamed; each exchange is then checked against the spec and
// reported on stdout with its violations, and with --record appended to a file as one
// redacted trace line (the format of `icopilot trace import` and the server).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/strings.h"
#include "core/units.h"
#include "net/relay.h"
#include "spec/load.h"
#include "traces/compiled_contract.h"
#include "traces/har.h"
#include "traces/redaction.h"
#include "traces/relayed.h"
#include "traces/trace.h"

namespace icopilot::cli {
namespace {

struct ProxyFlags {
  std::string spec_file;
  std::string upstream;
  std::string host = "127.0.0.1";
  int port = 4020;
  std::string record;
  std::string format = "text";
  std::vector<std::string> secret_fields;
  std::string upstream_timeout = "30s";
  std::string ca_file;
  bool insecure = false;
};

// Turns each relayed exchange into a checked, redacted trace: logged, and recorded.
class ProxyReporter : public net::RelayHooks {
 public:
  ProxyReporter(std::shared_ptr<const traces::CompiledContract> contract, traces::Redactor redactor,
                bool json, std::ofstream* record)
      : contract_(std::move(contract)),
        redactor_(std::move(redactor)),
        json_(json),
        record_(record) {}

  void OnExchange(net::RelayedExchange relayed) override {
    std::string error = relayed.error;
    traces::Exchange exchange = traces::FromRelayed(std::move(relayed));
    traces::Trace trace = traces::ToTrace(exchange, contract_->context(), redactor_);
    Log(trace, error);
    if (record_ != nullptr) {
      *record_ << boost::json::serialize(traces::TraceJson(trace)) << '\n';
      record_->flush();
    }
  }

 private:
  void Log(const traces::Trace& trace, const std::string& error) {
    std::string line;
    if (json_) {
      boost::json::object entry{{"event", "exchange"},
                                {"method", trace.method},
                                {"url", trace.url},
                                {"status", trace.status},
                                {"operation_id", trace.operation_id},
                                {"duration_ms", trace.duration_ms}};
      boost::json::array violations;
      for (const auto& v : trace.violations)
        violations.push_back(boost::json::object{
            {"side", v.side}, {"location", v.location}, {"message", v.message}});
      entry["violations"] = std::move(violations);
      if (!error.empty()) entry["error"] = error;
      line = boost::json::serialize(entry);
    } else {
      std::string_view colour = trace.status == 0 || trace.status >= 500 ? "red"
                                : trace.status >= 400                    ? "yellow"
                                                                         : "green";
      line = StrCat(trace.method, " ", trace.url, " ", Styled(colour, std::to_string(trace.status)),
                    " ", fmt::format("{:.1f}ms", trace.duration_ms),
                    trace.operation_id.empty() ? Styled("yellow", " (no operation)")
                                               : Styled("dim", StrCat(" ", trace.operation_id)));
      if (!error.empty()) line += StrCat("\n  ", Styled("red", StrCat("error: ", error)));
      for (const auto& v : trace.violations) {
        line +=
            StrCat("\n  ", Styled(v.side == "request" ? "yellow" : "red", v.side), ": ", v.message);
      }
    }
    std::lock_guard lock(mutex_);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  std::shared_ptr<const traces::CompiledContract> contract_;
  traces::Redactor redactor_;
  bool json_;
  std::ofstream* record_;
  std::mutex mutex_;
};

int RunProxy(const ProxyFlags& flags) {
  auto contract = traces::CompiledContract::Create(spec::LoadSpec(flags.spec_file));
  if (!contract.ok()) return UsageError(StrCat(flags.spec_file, ": ", contract.status().message()));
  auto upstream = net::ParseUpstreamUrl(flags.upstream);
  if (!upstream.ok()) return UsageError(StrCat("--upstream: ", upstream.status().message()));
  auto timeout = ParseDuration(flags.upstream_timeout);
  if (!timeout.ok()) return UsageError(StrCat("--upstream-timeout: ", timeout.status().message()));
  auto redactor = traces::Redactor::Create({.secret_fields = flags.secret_fields});
  if (!redactor.ok()) return UsageError(redactor.status());
  std::ofstream record;
  if (!flags.record.empty()) {
    record.open(flags.record, std::ios::binary | std::ios::app);
    if (!record) return UsageError(StrCat("--record: cannot append to ", flags.record));
  }
  ProxyReporter reporter(*contract, *std::move(redactor), flags.format == "json",
                         record.is_open() ? &record : nullptr);
  net::RelayOptions options;
  options.host = flags.host;
  options.port = static_cast<std::uint16_t>(flags.port);
  options.upstream = flags.upstream;
  options.upstream_timeout = *timeout;
  options.verify_tls = !flags.insecure;
  options.ca_file = flags.ca_file;
  if (!flags.ca_file.empty() && !std::filesystem::exists(flags.ca_file))
    return UsageError(StrCat("--ca-file: ", flags.ca_file, " does not exist"));
  options.keep_body_bytes = 1 << 20;  // what the contract check reads of each body
  auto relay = net::Relay::Listen(options, reporter);
  if (!relay.ok()) return UsageError(relay.status());
  const std::string url = (*relay)->url();
  if (flags.format == "json") {
    std::printf("%s\n", boost::json::serialize(boost::json::object{{"event", "listening"},
                                                                   {"url", url},
                                                                   {"upstream", flags.upstream}})
                            .c_str());
  } else {
    std::printf("listening on %s\n", url.c_str());
    std::printf("%s\n", Styled("dim", StrCat("forwarding to ", flags.upstream,
                                             ", checking against ", (*contract)->spec().title, " (",
                                             (*contract)->spec().operations.size(), " operations)"))
                            .c_str());
  }
  std::fflush(stdout);
  (*relay)->Run();
  if (auto dropped = (*relay)->dropped_reports(); dropped > 0)
    std::fprintf(stderr,
                 "icopilot: %llu exchanges were relayed but not checked (reports backed up)\n",
                 static_cast<unsigned long long>(dropped));
  return kExitOk;
}

}  // namespace

void AddProxyCommand(CLI::App& root, Action& action) {
  auto flags = std::make_shared<ProxyFlags>();
  CLI::App* proxy = root.add_subcommand(
      "proxy", "Forward traffic to a real API and check every exchange against the spec");
  proxy->add_option("SPEC", flags->spec_file, "OpenAPI 3.x or Swagger 2.0 document, JSON or YAML")
      ->required();
  proxy
      ->add_option("--upstream", flags->upstream,
                   "Where requests go: http(s)://host[:port][/base path]")
      ->required();
  proxy->add_option("--host", flags->host, "Address to listen on (loopback by default)")
      ->capture_default_str();
  proxy->add_option("--port", flags->port, "Port (0 picks a free one)")->capture_default_str();
  proxy->add_option("--record", flags->record,
                    "Append each exchange as one redacted trace line (JSON) to this file");
  proxy->add_option("--secret-field", flags->secret_fields,
                    "A JSON field name whose values are always masked; repeatable");
  proxy
      ->add_option("--upstream-timeout", flags->upstream_timeout,
                   "How long the upstream may stay silent (504 before its answer starts)")
      ->capture_default_str();
  proxy->add_option("--ca-file", flags->ca_file,
                    "PEM bundle to trust for an https upstream instead of the system's");
  proxy->add_flag("--insecure", flags->insecure,
                  "Do not check an https upstream's certificate (self-signed sandboxes)");
  proxy->add_option("--format", flags->format, "Log lines: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  proxy->footer(
      "\nRequests and answers pass through unchanged and streamed (bodies are never held\n"
      "whole; the first MiB of each is kept for the check). After each exchange one log line\n"
      "says the operation it matched and each violation, on the partner's side (request) or\n"
      "the API's (response). Personal data is masked in what is logged and recorded.\n"
      "An upstream that cannot be reached answers 502, one that stays silent 504.\n\n"
      "Examples:\n"
      "  icopilot proxy openapi.yaml --upstream http://localhost:8000\n"
      "  icopilot proxy openapi.yaml --upstream https://sandbox.example.com/v1 --record "
      "traces.jsonl\n\n"
      "Exit codes: 0 clean shutdown, 2 unusable spec, bad upstream or port in use.");
  proxy->callback([flags, &action] { action = [flags] { return RunProxy(*flags); }; });
}

}  // namespace icopilot::cli
