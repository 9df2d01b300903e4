#include "platform/platform.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/strings.h"
#include "net/relay.h"
#include "services/assistant_service.h"
#include "services/certificate_service.h"
#include "services/dedicated_ports.h"
#include "services/golden_service.h"
#include "services/hosted_mocks.h"
#include "services/identity_service.h"
#include "services/metrics_service.h"
#include "services/mock_service.h"
#include "services/notification_dispatcher.h"
#include "services/notification_service.h"
#include "services/oidc_client.h"
#include "services/plan_service.h"
#include "services/project_service.h"
#include "services/readiness.h"
#include "services/run_worker.h"
#include "services/shared_rate_limits.h"
#include "services/spec_drift.h"
#include "services/sso_service.h"
#include "services/trace_proxy.h"
#include "services/trace_service.h"
#include "store/database.h"
#include "store/mock_repository.h"

namespace icopilot::platform {

// Members in the order they are built; they are destroyed in reverse.
struct Platform::Parts {
  Parts(store::Database& db_in, const SecretBox& box_in, Clock& clock_in, Metrics& metrics,
        PlatformOptions options_in)
      : db(db_in),
        box(box_in),
        clock(clock_in),
        options(std::move(options_in)),
        identity(db, clock),
        projects(db, clock, identity),
        hosted(db, box, clock, {.idle_unload_ms = options.mock_idle_ms}),
        ports(hosted, options.server.host),
        mocks(db, clock, box, hosted, ports),
        golden(db, clock, box, mocks),
        traces(db, clock, box),
        annotations(db, clock, mocks),
        playground(db, box, mocks, annotations, traces),
        saved_cases(db, clock, mocks),
        postman(db, mocks),
        plans(db, clock),
        readiness(db, clock, plans),
        certificates(db, clock, box, readiness),
        partner_metrics(db, clock),
        assistant(db, clock, box, {mocks, golden, traces, plans, annotations}, options.assistant,
                  options.allow_private_targets),
        notifications(db, box, clock, [this] { WakeDispatcher(); }),
        drift(db, clock, mocks),
        oidc(clock, {.allow_private_targets = options.allow_private_targets}),
        sso(db, box, clock, identity, oidc),
        app({db,
             clock,
             metrics,
             identity,
             projects,
             mocks,
             hosted,
             golden,
             traces,
             annotations,
             playground,
             saved_cases,
             postman,
             plans,
             readiness,
             certificates,
             partner_metrics,
             assistant,
             notifications,
             drift,
             sso,
             options.app.allow_signup,
             &demo_sign_in,
             options.app.version},
            box, options.app),
        proxy_hooks(db, box, identity, traces, options.allow_private_targets),
        shared_limits(db, clock, app.rate_limiters()) {
    // Plan boards move as their evidence arrives.
    traces.OnStored([this](const std::vector<store::TraceRecord>& rows) { plans.OnTraces(rows); });
    annotations.OnCountChanged(
        [this](std::string_view project_id) { plans.OnAnnotationsChanged(project_id); });
    // A new version: which partners it breaks is reported (and they and the vendor told),
    // and certificates resting on the previous one go stale.
    mocks.OnSpecVersionAdded([this](const store::SpecVersion& version) {
      drift.OnSpecVersionAdded(version);
      certificates.OnSpecVersionAdded(version);
      WakeDispatcher();
    });
  }

  void OpenDedicatedPorts();
  void WakeDispatcher() {
    if (services::NotificationDispatcher* d = running_dispatcher.load()) d->Notify();
  }
  void Sweep(std::stop_token stop);

  store::Database& db;
  const SecretBox& box;
  Clock& clock;
  PlatformOptions options;
  services::IdentityService identity;
  services::ProjectService projects;
  services::HostedMocks hosted;
  services::DedicatedPorts ports;
  services::MockService mocks;
  services::GoldenService golden;
  services::TraceService traces;
  services::AnnotationService annotations;
  services::PlaygroundService playground;
  services::SavedCaseService saved_cases;
  services::PostmanExport postman;
  services::PlanService plans;
  services::ReadinessService readiness;
  services::CertificateService certificates;
  services::MetricsService partner_metrics;
  services::AssistantService assistant;
  services::NotificationService notifications;
  services::DriftService drift;
  services::OidcClient oidc;
  services::SsoService sso;
  api::DemoSignIn demo_sign_in;
  api::App app;
  services::TraceProxy proxy_hooks;
  services::SharedRateLimits shared_limits;  // after app, whose limiters it shares
  // Made in Run(), once the URL is known; outlives the server, whose handlers queue runs.
  std::unique_ptr<services::RunWorker> runs;
  // Set while Run() serves: a signal stops the golden run in progress first, as it may be
  // calling this server.
  std::atomic<services::RunWorker*> running_worker{nullptr};
  // Made in Run(), once the URL is known: delivers the outbox in the background.
  std::unique_ptr<services::NotificationDispatcher> dispatcher;
  std::atomic<services::NotificationDispatcher*> running_dispatcher{nullptr};
  std::unique_ptr<net::Relay> relay;
  std::thread relay_thread;
  std::unique_ptr<net::Server> server;
  std::string url;
};

// Mocks with ports of their own listen again; one whose port is taken says so and is
// still served under /mocks/{id}.
void Platform::Parts::OpenDedicatedPorts() {
  auto dedicated = store::MockRepository(db).ListPorts();
  if (!dedicated.ok()) return;
  for (const auto& [mock_id, port] : *dedicated) {
    if (auto opened = ports.Open(mock_id, static_cast<int>(port)); !opened.ok())
      log::Event("warn", "mock port unavailable",
                 {{"mock_id", mock_id}, {"error", std::string(opened.message())}});
  }
}

// Unloads hosted mocks nobody called for a while (also when no mock traffic comes in),
// removes traces past their project's retention every ten minutes and once at start, and
// brings the plan boards of partners with new traces up to date every turn (50 ms).
void Platform::Parts::Sweep(std::stop_token stop) {
  const auto sweep_every =
      std::chrono::milliseconds(std::clamp<std::int64_t>(options.mock_idle_ms / 2, 50, 60'000));
  constexpr auto kRetentionEvery = std::chrono::minutes(10);
  auto next = std::chrono::steady_clock::now() + sweep_every;
  auto next_retention = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_retention) {
      auto deleted = traces.ApplyRetention();
      if (!deleted.ok())
        log::Event("warn", "trace retention failed",
                   {{"error", std::string(deleted.status().message())}});
      else if (*deleted > 0)
        log::Event("info", "traces expired", {{"deleted", *deleted}});
      next_retention = now + kRetentionEvery;
    }
    plans.RefreshPending();  // boards whose partners sent traces since the last turn
    if (now < next) continue;
    hosted.UnloadIdle(clock.NowMillis());
    next = now + sweep_every;
  }
}

Platform::Platform(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

absl::StatusOr<std::unique_ptr<Platform>> Platform::Start(store::Database& db, const SecretBox& box,
                                                          Clock& clock, Metrics& metrics,
                                                          PlatformOptions options) {
  auto parts = std::make_unique<Parts>(db, box, clock, metrics, std::move(options));
  Parts& p = *parts;
  // /proxy/{environment_id}/... leaves the API server for the streaming relay.
  net::RelayOptions relay_options;
  relay_options.handle_signals = false;
  relay_options.io_threads = 2;
  relay_options.keep_body_bytes = 1 << 20;
  p.relay = net::Relay::Detached(relay_options, p.proxy_hooks);
  net::ServerOptions server_options = p.options.server;
  server_options.handoff_prefix = std::string(services::kProxyPrefix);
  server_options.handoff = [relay = p.relay.get()](int fd, std::string buffered, std::string peer) {
    relay->Adopt(fd, std::move(buffered), std::move(peer));
  };
  server_options.on_stopping = [&p] {
    p.relay->Shutdown();
    if (services::RunWorker* worker = p.running_worker.load()) worker->Stop();
  };
  p.relay_thread = std::thread([relay = p.relay.get()] { relay->Run(); });
  auto server = net::Server::Listen(server_options, p.app);
  if (!server.ok()) {
    p.relay->Shutdown();
    p.relay_thread.join();
    return server.status();
  }
  p.server = std::move(*server);
  p.url = p.server->url();
  p.playground.SetTargetOptions({p.url, p.options.allow_private_targets});
  p.postman.SetServerUrl(p.url);
  p.readiness.SetPortalUrl(p.url);
  // Providers send browsers back where users reach the portal, which a balancer may front.
  p.sso.SetCallbackUrl(
      StrCat(p.options.public_url.empty() ? p.url : p.options.public_url, "/api/v1/sso/callback"));
  // Before the caller says it listens: a mock's own port answers as soon as the main one.
  p.OpenDedicatedPorts();
  return std::unique_ptr<Platform>(new Platform(std::move(parts)));
}

Platform::~Platform() {
  Parts& p = *parts_;
  p.relay->Shutdown();
  if (p.relay_thread.joinable()) p.relay_thread.join();
}

const std::string& Platform::url() const { return parts_->url; }
const Clock& Platform::clock() const { return parts_->clock; }
services::IdentityService& Platform::identity() { return parts_->identity; }
services::ProjectService& Platform::projects() { return parts_->projects; }
services::MockService& Platform::mocks() { return parts_->mocks; }
services::GoldenService& Platform::golden() { return parts_->golden; }
services::TraceService& Platform::traces() { return parts_->traces; }
services::AnnotationService& Platform::annotations() { return parts_->annotations; }
services::PlanService& Platform::plans() { return parts_->plans; }

void Platform::ShowDemoSignIn(std::vector<api::DemoLogin> logins) {
  parts_->demo_sign_in.Set(std::move(logins));
}

void Platform::Run() {
  Parts& p = *parts_;
  std::jthread sweeper([&p](std::stop_token stop) { p.Sweep(stop); });
  p.dispatcher = std::make_unique<services::NotificationDispatcher>(
      p.db, p.box, p.clock,
      services::DispatcherOptions{
          .public_url = p.options.public_url.empty() ? p.url : p.options.public_url,
          .allow_private_targets = p.options.allow_private_targets});
  p.drift.CatchUp();  // versions a crash stored without their drift report
  p.dispatcher->Start();
  p.running_dispatcher = p.dispatcher.get();
  // Golden runs queued through the API, one at a time, in the background.
  p.runs = std::make_unique<services::RunWorker>(
      p.db, p.box, p.clock,
      services::RunWorkerOptions{.server_url = p.url,
                                 .allow_private_targets = p.options.allow_private_targets,
                                 .on_finished =
                                     [&p](const store::RunRecord& run) {
                                       p.plans.OnRunFinished(run);
                                       p.certificates.OnRunFinished(run);
                                     },
                                 .on_notified = [&p] { p.WakeDispatcher(); },
                                 .lease_ms = p.options.run_lease_ms});
  p.golden.OnQueued([&p] { p.runs->Notify(); });
  p.runs->Start();
  p.running_worker = p.runs.get();
  p.server->Run();
  p.running_worker = nullptr;
  p.relay->Shutdown();
  p.running_dispatcher = nullptr;
  p.dispatcher->Stop();
}

void Platform::Stop() { parts_->server->Shutdown(); }

}  // namespace icopilot::platform
