// The demo's payments API (examples/payments-api.yaml, compiled in), and the older build
// its sandbox still runs.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace icopilot::platform {

// The current contract, version 2026-11-15.
std::string_view DemoPaymentsSpec();

// Version 2026-09-01, the sandbox's build: identical but for one realistic defect, a
// refund's status `processing` where the current contract says `pending`. DataLoss when
// the example no longer holds the lines this build differs in.
absl::StatusOr<std::string> DemoSandboxSpec();

}  // namespace icopilot::platform
