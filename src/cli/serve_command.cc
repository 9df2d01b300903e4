// `icopilot serve`: the platform on one port.
#include <charconv>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/app.h"
#include "cli/commands.h"
#include "cli/data_folder.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/strings.h"
#include "core/units.h"
#include "platform/demo.h"
#include "platform/platform.h"

namespace icopilot::cli {
namespace {

// "https://x.example/" and "https://x.example" are one address: links are joined to it.
std::string WithoutTrailingSlash(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  return url;
}

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string data = "./var";
  std::string database;
  bool demo = false;
  std::string trusted_proxies;
  bool allow_private_targets = false;
  std::string public_url;
  bool allow_signup = false;
  std::string rate_limit;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 10 * 1024 * 1024;
  std::string read_timeout = "30s";
  std::string idle_timeout = "60s";
  std::string shutdown_grace = "30s";
  std::string mock_idle = "15m";
  std::string run_lease = "30s";
  int assistant_per_hour = 30;
  int assistant_per_day = 200;
  int threads = 0;
  std::string access_log = "on";
  std::string format = "text";
};

absl::Status ParseListen(const std::string& listen, net::ServerOptions& options) {
  std::size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = -1;
  if (colon != std::string::npos) {
    std::string_view digits = std::string_view(listen).substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size()) port = -1;
  }
  if (host.empty() || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        StrCat("--listen: '", listen, "' should be HOST:PORT (127.0.0.1:8080; port 0 picks one)"));
  }
  options.host = host;
  options.port = static_cast<std::uint16_t>(port);
  return absl::OkStatus();
}

absl::StatusOr<net::ServerOptions> ServerOptionsFrom(const ServeFlags& flags) {
  net::ServerOptions options;
  if (auto status = ParseListen(flags.listen, options); !status.ok()) return status;
  options.header_limit = flags.header_limit;
  options.body_limit = flags.body_limit;
  options.io_threads = flags.threads;
  struct {
    const std::string& text;
    std::chrono::milliseconds& target;
    const char* flag;
  } durations[] = {{flags.read_timeout, options.read_timeout, "--read-timeout"},
                   {flags.idle_timeout, options.idle_timeout, "--idle-timeout"},
                   {flags.shutdown_grace, options.shutdown_grace, "--shutdown-grace"}};
  for (auto& duration : durations) {
    auto parsed = ParseDuration(duration.text);
    if (!parsed.ok())
      return absl::InvalidArgumentError(StrCat(duration.flag, ": ", parsed.status().message()));
    duration.target = *parsed;
  }
  return options;
}

void PrintDemo(const platform::DemoCredentials& demo, const std::string& url, Format format) {
  if (format == Format::kJson) {
    boost::json::object event{{"event", "demo"},
                              {"url", url},
                              {"org_id", demo.org_id},
                              {"project_id", demo.project_id},
                              {"owner_email", demo.owner_email},
                              {"owner_password", demo.owner_password},
                              {"owner_api_key", demo.owner_api_key},
                              {"partner_email", demo.partner_email},
                              {"partner_password", demo.partner_password},
                              {"partner_api_key", demo.partner_api_key}};
    std::printf("%s\n", boost::json::serialize(event).c_str());
  } else {
    std::printf("\n%s\n", Styled("bold", "Integration Copilot demo: Acme Payments").c_str());
    std::printf("  Open          %s\n", url.c_str());
    std::printf("  Owner login   %s / %s\n", demo.owner_email.c_str(), demo.owner_password.c_str());
    std::printf("  Owner API key %s\n", demo.owner_api_key.c_str());
    std::printf("  Partner login %s / %s\n", demo.partner_email.c_str(),
                demo.partner_password.c_str());
    std::printf("  Partner key   %s\n", demo.partner_api_key.c_str());
    std::printf("  Try           curl -H 'Authorization: Bearer %s' %s/api/v1/projects\n\n",
                demo.owner_api_key.c_str(), url.c_str());
  }
  std::fflush(stdout);
}

int RunServe(const ServeFlags& flags) {
  Format format = flags.format == "json" ? Format::kJson : Format::kText;
  auto server_options = ServerOptionsFrom(flags);
  if (!server_options.ok()) return UsageError(server_options.status());
  auto trusted = net::CidrSet::Parse(flags.trusted_proxies);
  if (!trusted.ok()) return UsageError(StrCat("--trusted-proxies: ", trusted.status().message()));
  auto limits = api::ParseRateLimits(flags.rate_limit);
  if (!limits.ok()) return UsageError(limits.status());
  auto mock_idle = ParseDuration(flags.mock_idle);
  if (!mock_idle.ok()) return UsageError(StrCat("--mock-idle: ", mock_idle.status().message()));
  auto run_lease = ParseDuration(flags.run_lease);
  if (!run_lease.ok() || run_lease->count() < 1000) {
    return UsageError(
        StrCat("--run-lease: ", run_lease.ok() ? "at least 1s" : run_lease.status().message()));
  }

  InitCrypto();
  log::Init(flags.access_log != "off");
  Metrics metrics;
  metrics.Describe("icopilot_db_query_duration_seconds", "histogram",
                   "Database statement latency by kind");
  auto folder =
      OpenDataFolder(flags.data, flags.database, [&metrics](std::string_view kind, double seconds) {
        metrics.Observe("icopilot_db_query_duration_seconds",
                        Metrics::Label("kind", std::string(kind)), seconds);
      });
  if (!folder.ok()) return UsageError(folder.status());

  SystemClock clock;
  auto platform =
      platform::Platform::Start(*folder->db, *folder->box, clock, metrics,
                                {.server = *server_options,
                                 .app = {*trusted, *limits, flags.allow_signup, ICOPILOT_VERSION},
                                 .allow_private_targets = flags.allow_private_targets,
                                 .mock_idle_ms = mock_idle->count(),
                                 .run_lease_ms = run_lease->count(),
                                 .assistant = {flags.assistant_per_hour, flags.assistant_per_day},
                                 .public_url = WithoutTrailingSlash(flags.public_url)});
  if (!platform.ok()) return UsageError(platform.status());
  const std::string& url = (*platform)->url();
  if (format == Format::kJson) {
    std::printf(
        "%s\n",
        boost::json::serialize(boost::json::object{{"event", "listening"}, {"url", url}}).c_str());
  } else {
    std::printf("listening on %s\n", url.c_str());
  }
  std::fflush(stdout);

  if (flags.demo) {
    auto demo = icopilot::platform::SeedDemo(*folder->db, **platform);
    if (!demo.ok()) {
      std::fprintf(stderr, "icopilot: demo seed failed: %s\n",
                   std::string(demo.status().message()).c_str());
      return kExitProblems;
    }
    (*platform)->ShowDemoSignIn(
        {{"Vendor owner", demo->owner_email, demo->owner_password},
         {"Partner developer", demo->partner_email, demo->partner_password}});
    PrintDemo(*demo, url, format);
  }
  log::Event("info", "started",
             {{"url", url},
              {"data", folder->path.string()},
              {"database", folder->database},
              {"allow_private_targets", flags.allow_private_targets},
              {"allow_signup", flags.allow_signup}});
  (*platform)->Run();
  log::Event("info", "stopped");
  log::Flush();
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& root, Action& action) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve =
      root.add_subcommand("serve", "Run the platform: REST API, portals and hosted mocks");
  serve->footer(
      "\nExamples:\n"
      "  icopilot serve --demo                 demo org, project and keys on "
      "http://127.0.0.1:8080\n"
      "  icopilot serve --listen 0.0.0.0:8080 --trusted-proxies 10.0.0.0/8\n"
      "  icopilot serve --listen 127.0.0.1:0   a free port, printed on the first line\n"
      "\nEvery flag can also come from ICOPILOT_<FLAG> (ICOPILOT_LISTEN, ICOPILOT_DATA, ...)\n"
      "or from the serve: section of icopilot.yaml. The first line on stdout is\n"
      "'listening on URL'; then one JSON log line per request.");
  auto add = [&](CLI::Option* option, const char* env) { option->envname(env); };
  add(serve
          ->add_option("--listen", flags->listen,
                       "Address and port to listen on; loopback by default")
          ->capture_default_str(),
      "ICOPILOT_LISTEN");
  add(serve->add_option("--data", flags->data, "Data folder: database, key file")
          ->capture_default_str(),
      "ICOPILOT_DATA");
  add(serve->add_option("--database", flags->database,
                        "sqlite:PATH (default DATA/icopilot.db) or postgres://USER@HOST:PORT/DB "
                        "(password from PGPASSWORD or ~/.pgpass, TLS with ?sslmode=verify-full)"),
      "ICOPILOT_DATABASE");
  add(serve->add_flag("--demo", flags->demo, "Seed the Acme Payments demo and print its logins"),
      "ICOPILOT_DEMO");
  add(serve->add_option("--trusted-proxies", flags->trusted_proxies,
                        "CIDR ranges whose X-Forwarded-For is believed (10.0.0.0/8,::1)"),
      "ICOPILOT_TRUSTED_PROXIES");
  add(serve->add_flag("--allow-private-targets", flags->allow_private_targets,
                      "Let outbound requests reach loopback and private ranges"),
      "ICOPILOT_ALLOW_PRIVATE_TARGETS");
  add(serve->add_option("--public-url", flags->public_url,
                        "Where users reach the portal (https://copilot.example.com), for the links "
                        "in notifications and single sign-on's redirect URI; the listen address "
                        "when not set"),
      "ICOPILOT_PUBLIC_URL");
  add(serve->add_flag("--allow-signup", flags->allow_signup,
                      "Allow self-service signup over the API"),
      "ICOPILOT_ALLOW_SIGNUP");
  add(serve->add_option(
          "--rate-limit", flags->rate_limit,
          "Override limits: auth=30/min,api=1200/min,address=3000/min (or GROUP=off)"),
      "ICOPILOT_RATE_LIMIT");
  add(serve->add_option("--header-limit", flags->header_limit, "Largest request header, bytes")
          ->capture_default_str(),
      "ICOPILOT_HEADER_LIMIT");
  add(serve->add_option("--body-limit", flags->body_limit, "Largest request body, bytes")
          ->capture_default_str(),
      "ICOPILOT_BODY_LIMIT");
  add(serve->add_option("--read-timeout", flags->read_timeout, "Time to receive a whole request")
          ->capture_default_str(),
      "ICOPILOT_READ_TIMEOUT");
  add(serve
          ->add_option("--idle-timeout", flags->idle_timeout,
                       "Keep-alive wait for the next request")
          ->capture_default_str(),
      "ICOPILOT_IDLE_TIMEOUT");
  add(serve
          ->add_option("--shutdown-grace", flags->shutdown_grace,
                       "Time in-flight requests get on SIGTERM")
          ->capture_default_str(),
      "ICOPILOT_SHUTDOWN_GRACE");
  add(serve
          ->add_option("--mock-idle", flags->mock_idle,
                       "Hosted mocks idle this long are unloaded (state kept; loaded again on the "
                       "next request)")
          ->capture_default_str(),
      "ICOPILOT_MOCK_IDLE");
  add(serve
          ->add_option("--run-lease", flags->run_lease,
                       "With several instances on one database: a golden run whose instance "
                       "stops renewing it (killed) is taken over by another after this")
          ->capture_default_str(),
      "ICOPILOT_RUN_LEASE");
  add(serve
          ->add_option("--assistant-per-hour", flags->assistant_per_hour,
                       "Questions the assistant answers per partner per project per hour (429 "
                       "with Retry-After past it)")
          ->check(CLI::Range(1, 100000))
          ->capture_default_str(),
      "ICOPILOT_ASSISTANT_PER_HOUR");
  add(serve->add_option("--assistant-per-day", flags->assistant_per_day, "... and per day")
          ->check(CLI::Range(1, 1000000))
          ->capture_default_str(),
      "ICOPILOT_ASSISTANT_PER_DAY");
  add(serve->add_option("--threads", flags->threads, "I/O threads (0: one per core)")
          ->capture_default_str(),
      "ICOPILOT_THREADS");
  add(serve->add_option("--access-log", flags->access_log, "JSON request log on stdout")
          ->check(CLI::IsMember({"on", "off"}))
          ->capture_default_str(),
      "ICOPILOT_ACCESS_LOG");
  add(serve->add_option("--format", flags->format, "Output: text or json")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str(),
      "ICOPILOT_FORMAT");
  serve->callback([flags, &action] { action = [flags] { return RunServe(*flags); }; });
}

}  // namespace icopilot::cli
