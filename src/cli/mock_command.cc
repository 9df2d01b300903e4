// `icopilot mock SPEC`: a mock server for one spec on this machine, as Prism users know
// it (validation, Prefer headers, examples or generated bodies, CORS).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/strings.h"
#include "core/units.h"
#include "mock/mock_config.h"
#include "mock/mock_engine.h"
#include "net/server.h"
#include "spec/load.h"

namespace icopilot::cli {
namespace {

struct MockFlags {
  std::string spec_file;
  std::string host = "127.0.0.1";
  int port = 4010;
  bool dynamic = false;
  std::uint64_t seed = 1;
  bool seed_given = false;
  std::string cors = "on";
  std::string format = "text";
  std::string latency;
  std::string rate_limit;
  std::string chaos;
  bool strict_auth = false;
  bool stateful = false;
  std::string config_file;
  std::vector<std::string> api_keys;
  std::vector<std::string> basic;
};

// One log line per request: method, path, status, time, and why for errors.
class MockHandler : public net::RequestHandler {
 public:
  MockHandler(std::shared_ptr<const mock::MockEngine> engine, bool json)
      : engine_(std::move(engine)), json_(json) {}

  // A reloaded spec: requests already running finish on the engine they started with.
  void Swap(std::shared_ptr<const mock::MockEngine> engine) { engine_.store(std::move(engine)); }
  std::shared_ptr<const mock::MockEngine> engine() const { return engine_.load(); }

  // A line of its own in the log ("reloaded ...").
  void Event(std::string_view event, std::string_view message) {
    std::string line =
        json_ ? boost::json::serialize(boost::json::object{{"event", event}, {"message", message}})
              : StrCat(Styled("dim", std::string(event)), " ", message);
    std::lock_guard lock(mutex_);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  net::Response Handle(net::Request& request) override {
    auto started = std::chrono::steady_clock::now();
    mock::MockResult result = engine_.load()->Handle(request);
    // Latency on purpose: the server waits on a timer before writing.
    result.response.delay = result.delay;
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count() +
        static_cast<double>(result.delay.count());
    Log(request, result.response.status, ms, result.operation_id, result.why, result.violations);
    return std::move(result.response);
  }
  // Answering is quick CPU work (delays wait on timers), so it stays on the I/O thread,
  // which saves a hop per request.
  bool RunsOnIoThread(const net::Request&) const override { return true; }
  void OnRejected(const net::Request& request, const net::Response& response) override {
    Log(request, response.status, 0, "", "rejected before reaching the mock", {});
  }

 private:
  void Log(const net::Request& request, int status, double ms, const std::string& operation,
           const std::string& why, const std::vector<std::string>& violations) {
    std::string line;
    if (json_) {
      boost::json::object entry{{"method", request.method},
                                {"path", request.target},
                                {"status", status},
                                {"ms", std::round(ms * 100) / 100}};
      if (!operation.empty()) entry["operation_id"] = operation;
      if (!why.empty()) entry["why"] = why;
      if (!violations.empty()) {
        boost::json::array listed;
        for (const auto& v : violations) listed.push_back(boost::json::value(v));
        entry["violations"] = std::move(listed);
      }
      line = boost::json::serialize(entry);
    } else {
      std::string_view colour = status >= 500 ? "red" : status >= 400 ? "yellow" : "green";
      line = StrCat(request.method, " ", request.target, " ",
                    Styled(colour, std::to_string(status)), " ", fmt::format("{:.1f}ms", ms),
                    why.empty() ? "" : StrCat(" ", Styled("dim", why)));
    }
    std::lock_guard lock(mutex_);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  std::atomic<std::shared_ptr<const mock::MockEngine>> engine_;
  bool json_;
  std::mutex mutex_;
};

int RunMock(const MockFlags& flags) {
  auto loaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(flags.spec_file));
  if (!loaded->spec) {
    for (const auto& d : loaded->diagnostics.items()) {
      if (d.severity != spec::Severity::kError) continue;
      std::fprintf(stderr, "%s:%d:%d: error: %s\n", d.file.c_str(), d.line, d.column,
                   d.message.c_str());
    }
    return UsageError(StrCat(flags.spec_file, " is unusable: ", loaded->unusable_reason));
  }
  // The --config file first; then what the command line says, which wins.
  mock::MockOptions mock_options;
  if (!flags.config_file.empty()) {
    std::ifstream in(flags.config_file, std::ios::binary);
    if (!in) return UsageError(StrCat("--config: cannot read ", flags.config_file));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    boost::json::value config = boost::json::parse(text, ec);
    if (ec)
      return UsageError(StrCat("--config: ", flags.config_file, " is not JSON: ", ec.message()));
    if (auto applied = mock::ApplyMockConfig(config, mock_options); !applied.ok())
      return UsageError(StrCat("--config: ", flags.config_file, ": ", applied.message()));
  }
  mock_options.auth = {
      .strict = flags.strict_auth, .api_keys = flags.api_keys, .basic = flags.basic};
  if (flags.seed_given) mock_options.seed = flags.seed;
  if (flags.dynamic) mock_options.dynamic = true;
  if (flags.stateful) mock_options.stateful = true;
  if (flags.cors == "off") mock_options.cors = false;
  if (!flags.latency.empty()) {
    auto latency = mock::ParseLatency(flags.latency);
    if (!latency.ok()) return UsageError(StrCat("--latency: ", latency.status().message()));
    mock_options.behaviours.latency = *latency;
  }
  if (!flags.rate_limit.empty()) {
    auto rate = ParseRate(flags.rate_limit);
    if (!rate.ok()) return UsageError(StrCat("--rate-limit: ", rate.status().message()));
    mock_options.behaviours.rate_limit = *rate;
  }
  if (!flags.chaos.empty()) {
    auto chaos = mock::ParseChaos(flags.chaos);
    if (!chaos.ok()) return UsageError(StrCat("--chaos: ", chaos.status().message()));
    mock_options.behaviours.chaos = *chaos;
  }
  auto engine = std::make_shared<const mock::MockEngine>(loaded, mock_options);
  MockHandler handler(engine, flags.format == "json");
  net::ServerOptions options;
  options.host = flags.host;
  options.port = static_cast<std::uint16_t>(flags.port);
  auto server = net::Server::Listen(options, handler);
  if (!server.ok()) return UsageError(server.status());
  const std::string url = (*server)->url();
  if (flags.format == "json") {
    std::printf(
        "%s\n",
        boost::json::serialize(boost::json::object{{"event", "listening"}, {"url", url}}).c_str());
  } else {
    std::printf("listening on %s\n", url.c_str());
    std::printf("%s\n", Styled("dim", StrCat(engine->spec().title, ": ",
                                             engine->spec().operations.size(), " operations"))
                            .c_str());
  }
  std::fflush(stdout);
  // Reload when the spec file changes; a version that does not load leaves the previous
  // one serving. (Files its $refs reach are not watched.)
  std::jthread watcher([&](std::stop_token stop) {
    namespace fs = std::filesystem;
    auto stamp = [&] {
      std::error_code ec;
      auto time = fs::last_write_time(flags.spec_file, ec);
      auto size = fs::file_size(flags.spec_file, ec);
      return std::make_pair(time, size);
    };
    auto seen = stamp();
    while (!stop.stop_requested()) {
      for (int i = 0; i < 6 && !stop.stop_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      auto now = stamp();
      if (now == seen) continue;
      seen = now;
      auto reloaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(flags.spec_file));
      if (!reloaded->spec) {
        handler.Event("reload-failed",
                      StrCat(flags.spec_file, " is unusable (", reloaded->unusable_reason,
                             "); still serving the previous version"));
        continue;
      }
      // Stored resources carry over: collections whose paths remain are served as before.
      handler.Swap(std::make_shared<const mock::MockEngine>(reloaded, mock_options, nullptr,
                                                            handler.engine()->state()));
      handler.Event("reloaded", StrCat(flags.spec_file, ": ", reloaded->spec->operations.size(),
                                       " operations"));
    }
  });
  (*server)->Run();
  return kExitOk;
}

}  // namespace

void AddMockCommand(CLI::App& root, Action& action) {
  auto flags = std::make_shared<MockFlags>();
  CLI::App* mock = root.add_subcommand("mock", "Serve a mock of an API from its OpenAPI document");
  mock->add_option("SPEC", flags->spec_file, "OpenAPI 3.x or Swagger 2.0 document, JSON or YAML")
      ->required();
  mock->add_option("--host", flags->host, "Address to listen on (loopback by default)")
      ->capture_default_str();
  mock->add_option("--port", flags->port, "Port (0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  mock->add_flag("--dynamic", flags->dynamic,
                 "Generate every body afresh instead of answering with examples");
  mock->add_option("--seed", flags->seed, "Seed of generated bodies: same seed, same answers")
      ->capture_default_str()
      ->each([flags](const std::string&) { flags->seed_given = true; });
  mock->add_option("--cors", flags->cors, "Answer CORS preflights and add CORS headers")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  mock->add_option("--latency", flags->latency,
                   "Delay every answer: 50ms, or a range such as 20-200ms");
  mock->add_option("--rate-limit", flags->rate_limit,
                   "Requests allowed per credential (or client address) and window: 100/min, 10/s");
  mock->add_option("--chaos", flags->chaos,
                   "Share of requests answered with a documented 5xx (or 500): 0.05 or 5%");
  mock->add_flag("--stateful", flags->stateful,
                 "Remember what is created: POST then GET returns it, lists page through it, "
                 "PUT/PATCH/DELETE change it");
  mock->add_option("--config", flags->config_file,
                   "JSON settings, also per operation: {\"operations\": {\"createPet\": "
                   "{\"latency\": \"1s\", \"chaos\": 0.5}}}")
      ->check(CLI::ExistingFile);
  mock->add_flag(
      "--strict-auth", flags->strict_auth,
      "Accept only the mock's own tokens and the credentials given with --api-key/--basic");
  mock->add_option("--api-key", flags->api_keys,
                   "An API key (or bearer token) to accept in strict mode; repeatable");
  mock->add_option("--basic", flags->basic,
                   "USER:PASS to accept in strict mode (also token-endpoint clients)");
  mock->add_option("--format", flags->format, "Log lines: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  mock->footer(
      "\nRequests are checked against the operation (parameters, content type, body); an invalid "
      "one gets\n"
      "the error response the operation documents, or 400 problem+json listing every error.\n"
      "Headers a client may send: Prefer: code=404 | example=NAME | dynamic=true | latency=200ms "
      "| chaos=0.5.\n"
      "With --stateful, POST to a collection stores the resource (201 with Location), GET by id "
      "reads it,\n"
      "lists page through what was stored; Idempotency-Key on POST replays the first answer.\n"
      "Security requirements are enforced (401 with WWW-Authenticate, 403 for a missing scope); "
      "any\n"
      "non-empty credential is accepted unless --strict-auth. Scoped tokens: POST /oauth/token "
      "with\n"
      "grant_type=client_credentials&client_id=..&client_secret=..&scope=...\n\n"
      "Examples:\n"
      "  icopilot mock openapi.yaml\n"
      "  curl -H 'Prefer: code=404' http://127.0.0.1:4010/pets/1\n\n"
      "Exit codes: 0 clean shutdown, 2 unusable spec or port in use.");
  mock->callback([flags, &action] { action = [flags] { return RunMock(*flags); }; });
}

}  // namespace icopilot::cli
