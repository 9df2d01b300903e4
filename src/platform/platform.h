// Everything `icopilot serve` runs, assembled in one place: the services on one
// database, the HTTP application, the streaming relay for /proxy/, the golden run worker
// and the sweeper (idle hosted mocks, trace retention). `serve` parses its flags, starts a
// Platform and waits on it; the parts are stopped in the reverse order they started.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "api/app.h"
#include "api/demo_sign_in.h"
#include "net/server.h"
#include "services/assistant_limits.h"

namespace icopilot {
class Clock;
class Metrics;
class SecretBox;
namespace store {
class Database;
}
namespace services {
class GoldenService;
class IdentityService;
class MockService;
class PlanService;
class ProjectService;
class TraceService;
}  // namespace services
}  // namespace icopilot

namespace icopilot::platform {

struct PlatformOptions {
  net::ServerOptions server;
  api::AppOptions app;
  bool allow_private_targets = false;          // outbound requests may reach private ranges
  std::int64_t mock_idle_ms = 15 * 60 * 1000;  // hosted mocks idle this long are unloaded
  std::int64_t run_lease_ms = 30 * 1000;       // a killed instance's run is taken over after this
  services::AssistantLimits assistant;         // questions per partner per hour and day
  std::string
      public_url;  // where users reach the portal (links in notifications); "" the listen URL
};

class Platform {
 public:
  // Builds the services and listens, also on the ports of mocks that have their own.
  // Errors: the main address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Platform>> Start(store::Database& db, const SecretBox& box,
                                                         Clock& clock, Metrics& metrics,
                                                         PlatformOptions options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  const std::string& url() const;
  const Clock& clock() const;
  services::IdentityService& identity();
  services::ProjectService& projects();
  services::MockService& mocks();
  services::GoldenService& golden();
  services::TraceService& traces();
  services::AnnotationService& annotations();
  services::PlanService& plans();

  // The sign-ins the sign-in page shows (`serve --demo` only).
  void ShowDemoSignIn(std::vector<api::DemoLogin> logins);

  // Starts the background work (the sweeper, the run worker, the dispatcher) and serves
  // until a signal or Stop(); then stops the rest.
  void Run();
  void Stop();

 private:
  struct Parts;
  explicit Platform(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace icopilot::platform
