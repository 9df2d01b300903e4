// Where the platform sends requests for a partner or a vendor (golden runs, the
// playground): a vendor-made environment with the sender's org's own credentials when it
// keeps some (else the environment's), or a hosted mock of this server with the mock's
// credentials. Outbound hosts come only from vendor-made environments, never from the
// sender, and those that resolve to loopback or private addresses are refused unless
// `allow_private_targets`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/crypto.h"
#include "golden/target.h"
#include "store/records.h"

namespace icopilot::services {

struct TargetOptions {
  std::string server_url;  // where this server answers: its hosted mocks' host
  bool allow_private_targets = false;
};

// Resolves `url`'s host and checks that every address is public; the reason when not.
// Returns the "host:port:address" pin that makes requests reach the checked address (so
// the name cannot resolve elsewhere between the check and the sending).
absl::StatusOr<std::string> CheckPublicTarget(std::string_view field, std::string_view url);

// Whether `url` is a hosted mock of this server (under `server_url`/mocks/).
bool OnOwnHostedMock(std::string_view url, std::string_view server_url);

absl::StatusOr<golden::Target> MockTarget(const SecretBox& box, const store::MockRecord& mock,
                                          const TargetOptions& options);

// `own_credentials_sealed`: the sender's org's own credentials for the environment.
absl::StatusOr<golden::Target> EnvironmentTarget(
    const SecretBox& box, const store::EnvironmentRecord& env,
    const std::optional<std::string>& own_credentials_sealed, const TargetOptions& options);

}  // namespace icopilot::services
