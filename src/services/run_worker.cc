#include "services/run_worker.h"

#include <arpa/inet.h>
#include <boost/json/serialize.hpp>
#include <netdb.h>
#include <sys/socket.h>

#include "contract/spec_schemas.h"
#include "core/json.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "golden/plan.h"
#include "golden/profile.h"
#include "golden/report.h"
#include "golden/runner.h"
#include "net/cidr.h"
#include "services/environment_settings.h"
#include "services/hosted_mocks.h"
#include "spec/blueprint.h"
#include "spec/load.h"
#include "store/golden_repository.h"
#include "store/mock_repository.h"

namespace icopilot::services {
namespace {

// Loopback, private, shared, link-local and unspecified ranges. CidrSet reads an
// IPv4-mapped IPv6 address as the IPv4 address, so the IPv4 ranges cover those too.
const net::CidrSet& PrivateRanges() {
  static const net::CidrSet ranges =
      net::CidrSet::Parse(
          "0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,"
          "192.168.0.0/16,::/128,::1/128,fc00::/7,fe80::/10")
          .value();
  return ranges;
}

std::string HostOf(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.starts_with("[")) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(
      rest.substr(0, rest.rfind(':') == std::string_view::npos ? rest.size() : rest.rfind(':')));
}

// The URL's port, or its scheme's.
std::string PortOf(std::string_view url) {
  std::size_t start = url.find("://");
  std::string_view scheme = url.substr(0, start == std::string_view::npos ? 0 : start);
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos &&
      colon + 1 < rest.size())
    return std::string(rest.substr(colon + 1));
  return scheme == "https" ? "443" : "80";
}

std::vector<std::string> StringsOf(const boost::json::object& object, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* array = object.if_contains(key); array != nullptr && array->is_array()) {
    for (const auto& item : array->as_array())
      if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

store::RunCaseRecord CaseRecord(std::size_t position, const golden::CaseResult& result) {
  boost::json::object detail = golden::CaseJson(result);
  return {static_cast<std::int64_t>(position),
          std::string(result.c->id),
          std::string(spec::CategoryName(result.c->category)),
          result.operation_id,
          std::string(golden::VerdictName(result.status)),
          result.required,
          result.reason,
          boost::json::serialize(detail)};
}

// The run summary's name for a verdict's count.
std::string SummaryKey(golden::Verdict verdict) {
  switch (verdict) {
    case golden::Verdict::kWarning:
      return "warnings";
    case golden::Verdict::kError:
      return "errors";
    default:
      return std::string(golden::VerdictName(verdict));
  }
}

}  // namespace

absl::StatusOr<std::string> CheckPublicTarget(std::string_view field, std::string_view url) {
  const std::string host = HostOf(url);
  if (host.empty()) return absl::InvalidArgumentError(StrCat(field, ": the URL has no host"));
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int error = getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0) {
    return absl::UnavailableError(
        StrCat(field, ": '", host, "' does not resolve (", gai_strerror(error), ")"));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(found, freeaddrinfo);
  std::string pin;
  for (const addrinfo* at = found; at != nullptr; at = at->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        at->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(at->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(at->ai_addr)->sin6_addr);
    if (inet_ntop(at->ai_family, address, text, sizeof text) == nullptr) continue;
    if (PrivateRanges().Contains(text)) {
      return absl::PermissionDeniedError(
          StrCat(field, ": '", host, "' resolves to ", text,
                 ", a loopback or private address; `icopilot serve --allow-private-targets` "
                 "allows it"));
    }
    if (pin.empty()) {
      pin = at->ai_family == AF_INET6 ? StrCat(host, ":", PortOf(url), ":[", text, "]")
                                      : StrCat(host, ":", PortOf(url), ":", text);
    }
  }
  if (pin.empty()) return absl::UnavailableError(StrCat(field, ": '", host, "' has no address"));
  return pin;
}

// A hosted mock of this very server (a sandbox simulated by a mock of an older build) is
// not a private target: anyone may call it through the public listener anyway. Dot
// segments and escapes are refused, so the path cannot climb out of /mocks/.
bool RunWorker::OnOwnHostedMock(std::string_view url) const {
  const std::string prefix = StrCat(options_.server_url, "/mocks/");
  return !options_.server_url.empty() && url.starts_with(prefix) &&
         url.find("/.") == std::string_view::npos && url.find('%') == std::string_view::npos &&
         url.find('\\') == std::string_view::npos;
}

RunWorker::RunWorker(store::Database& db, const SecretBox& box, const Clock& clock,
                     RunWorkerOptions options)
    : db_(db), box_(box), clock_(clock), options_(std::move(options)) {}

RunWorker::~RunWorker() { Stop(); }

void RunWorker::Stop() {
  thread_.request_stop();
  wake_.notify_all();
}

void RunWorker::Start() {
  if (auto failed = store::GoldenRepository(db_).FailInterruptedRuns(clock_.NowMillis());
      !failed.ok())
    log::Event("warn", "runs left running could not be failed",
               {{"error", std::string(failed.message())}});
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void RunWorker::Notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

void RunWorker::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      // Also wakes every few seconds: a run queued by another server process sharing the
      // database is picked up too.
      wake_.wait_for(lock, stop, std::chrono::seconds(5), [this] { return pending_; });
      pending_ = false;
    }
    while (!stop.stop_requested()) {
      auto claimed = store::GoldenRepository(db_).ClaimNextRun(clock_.NowMillis());
      if (!claimed.ok() || !claimed->has_value()) break;
      Execute(**claimed, stop);
    }
  }
}

void RunWorker::Execute(const store::RunRecord& run, std::stop_token stop) {
  log::Event("info", "run started", {{"run_id", run.id}, {"project_id", run.project_id}});
  absl::Status status = ExecuteOrError(run, stop);
  if (!status.ok()) {
    (void)store::GoldenRepository(db_).FailRun(run.id, std::string(status.message()),
                                               clock_.NowMillis());
    log::Event("warn", "run failed",
               {{"run_id", run.id}, {"error", std::string(status.message())}});
  }
}

absl::Status RunWorker::ExecuteOrError(const store::RunRecord& run, std::stop_token stop) {
  store::GoldenRepository repository(db_);
  ASSIGN_OR_RETURN(auto inputs, repository.LoadRunInputs(run));
  auto loaded = std::make_shared<spec::LoadedSpec>(
      spec::LoadSpecText(inputs.document_label, inputs.document, spec::StoredVersion()));
  if (!loaded->spec) return absl::FailedPreconditionError("the spec version cannot be loaded");
  auto options_json = ParseJson(run.options);
  if (!options_json.ok() || !options_json->is_object())
    return absl::DataLossError("the run's options are not readable");
  const boost::json::object& options = options_json->as_object();

  golden::Target target;
  if (run.environment_id == "mock") {
    const auto* mock_id = options.if_contains("mock_id");
    if (mock_id == nullptr || !mock_id->is_string())
      return absl::DataLossError("the run names no hosted mock");
    ASSIGN_OR_RETURN(auto serving, store::MockRepository(db_).FindForServing(mock_id->as_string()));
    ASSIGN_OR_RETURN(std::string opened, box_.Open(serving.mock.credentials_sealed));
    ASSIGN_OR_RETURN(MockCredentials credentials, DecodeCredentials(opened));
    const std::string root = StrCat(options_.server_url, "/mocks/", serving.mock.id);
    target.base_url = StrCat(root, serving.mock.base_path);
    target.api_key = credentials.api_key;
    target.oauth2 = golden::OAuth2Client{
        StrCat(root, "/oauth/token"), credentials.client_id, credentials.client_secret, {}};
  } else {
    const store::EnvironmentRecord& env = *inputs.environment;
    ASSIGN_OR_RETURN(std::string opened, box_.Open(env.settings_sealed));
    ASSIGN_OR_RETURN(EnvironmentSettings settings, DecodeSettings(opened));
    EnvironmentCredentials credentials = settings.credentials;
    if (inputs.partner_credentials) {
      ASSIGN_OR_RETURN(std::string own, box_.Open(*inputs.partner_credentials));
      ASSIGN_OR_RETURN(credentials, DecodeCredentialsJson(own));
    }
    if (!options_.allow_private_targets && !OnOwnHostedMock(env.base_url)) {
      ASSIGN_OR_RETURN(std::string pin, CheckPublicTarget("base_url", env.base_url));
      target.resolve.push_back(std::move(pin));
    }
    if (!options_.allow_private_targets && credentials.oauth2 &&
        !OnOwnHostedMock(credentials.oauth2->token_url)) {
      ASSIGN_OR_RETURN(std::string token_pin,
                       CheckPublicTarget("oauth2.token_url", credentials.oauth2->token_url));
      target.resolve.push_back(std::move(token_pin));
    }
    target.base_url = env.base_url;
    target.headers = settings.headers;
    target.api_key = credentials.api_key;
    target.bearer = credentials.bearer;
    target.basic = credentials.basic;
    target.oauth2 = credentials.oauth2;
    target.tls = {.verify = env.verify_tls,
                  .ca_pem = settings.ca_bundle,
                  .client_cert_pem = settings.client_cert,
                  .client_key_pem = settings.client_key};
    target.timeout = std::chrono::milliseconds(env.timeout_ms);
    target.parameter_values = settings.parameter_values;
  }
  // The run's own values win over the environment's.
  if (const auto* values = options.if_contains("parameter_values");
      values != nullptr && values->is_object()) {
    for (const auto& value : values->as_object()) {
      if (!value.value().is_string()) continue;
      const std::string name(value.key());
      std::erase_if(target.parameter_values,
                    [&](const auto& entry) { return entry.first == name; });
      target.parameter_values.emplace_back(name, std::string(value.value().as_string()));
    }
  }

  const spec::Blueprint blueprint = spec::BuildBlueprint(*loaded->spec);
  const golden::Profile profile = golden::ProfileWithOverrides(blueprint, inputs.profile);
  golden::PlanOptions plan_options;
  if (const auto* read_only = options.if_contains("read_only"); read_only && read_only->is_bool())
    plan_options.read_only = read_only->as_bool();
  // Checked when the run was queued: a name no longer known is left out.
  for (const std::string& name : StringsOf(options, "categories")) {
    if (auto category = spec::ParseCategory(name)) plan_options.categories.push_back(*category);
  }
  plan_options.exclude_operations = StringsOf(options, "exclude_operations");
  if (const auto* only = options.if_contains("case"); only && only->is_string())
    plan_options.only_case = std::string(only->as_string());
  const auto plan = golden::PlanRun(*loaded->spec, blueprint, profile, plan_options);
  contract::SpecSchemas schemas(*loaded);
  // Readers poll the run: its summary holds the counts so far, written at most every
  // 250 ms (a lost write only delays the next).
  boost::json::object so_far{{"done", 0}, {"total", plan.size()}};
  std::int64_t written_at = 0;
  auto progress = [&](const golden::CaseResult& result, std::size_t done, std::size_t total) {
    const std::string verdict = SummaryKey(result.status);
    so_far["done"] = done;
    so_far["total"] = total;
    so_far[verdict] = (so_far.contains(verdict) ? so_far[verdict].as_int64() : 0) + 1;
    const std::int64_t now = clock_.NowMillis();
    if (now - written_at < 250) return;
    written_at = now;
    if (auto written =
            store::GoldenRepository(db_).SetRunProgress(run.id, boost::json::serialize(so_far));
        !written.ok())
      log::Event("warn", "run progress not written", {{"error", std::string(written.message())}});
  };
  golden::RunReport report =
      golden::RunSuite({*loaded->spec, blueprint, schemas, plan, plan_options.read_only, stop},
                       target, options_.limits, progress);
  if (stop.stop_requested()) {
    return absl::CancelledError("the server stopped while the run was in progress; queue it again");
  }

  std::vector<store::RunCaseRecord> cases;
  for (std::size_t i = 0; i < report.cases.size(); ++i)
    cases.push_back(CaseRecord(i, report.cases[i]));
  boost::json::object summary{{"passed", report.summary.passed},
                              {"warnings", report.summary.warnings},
                              {"failed", report.summary.failed},
                              {"errors", report.summary.errors},
                              {"not_set_up", report.summary.not_set_up},
                              {"skipped", report.summary.skipped},
                              {"not_applicable", report.summary.not_applicable},
                              {"done", report.cases.size()},
                              {"total", report.cases.size()},
                              {"requests", report.requests},
                              {"duration_ms", static_cast<std::int64_t>(report.duration_ms)}};
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) {
    return store::GoldenRepository(tx).FinishRun(run.id, cases, boost::json::serialize(summary),
                                                 report.Passed(), clock_.NowMillis());
  }));
  log::Event("info", "run finished",
             {{"run_id", run.id}, {"passed", report.Passed()}, {"cases", report.cases.size()}});
  return absl::OkStatus();
}

}  // namespace icopilot::services
