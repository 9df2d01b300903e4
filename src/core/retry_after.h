// How long a refused caller should wait, carried on the status that refused it: a service
// knows when its budget frees up (the hour's oldest question ages out), the API turns it
// into Retry-After without knowing why.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace icopilot {

// ResourceExhausted with `message`, to be retried after `seconds` (at least 1).
absl::Status ExhaustedFor(std::string_view message, std::int64_t seconds);

// The seconds a status says to wait; nullopt when it does not say.
std::optional<std::int64_t> RetryAfterOf(const absl::Status& status);

}  // namespace icopilot
