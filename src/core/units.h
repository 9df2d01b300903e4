// The duration and rate syntax every command shares: `250ms`, `10s`, `2m`, `100/min`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace icopilot {

// `250ms`, `10s`, `2m`, `1h`. InvalidArgument names the text and the accepted forms.
absl::StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text);

struct Rate {
  std::int64_t count = 0;
  std::chrono::milliseconds period{0};
};

// `100/min`, `10/s`, `5000/h`.
absl::StatusOr<Rate> ParseRate(std::string_view text);

}  // namespace icopilot
