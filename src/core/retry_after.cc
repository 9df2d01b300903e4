#include "core/retry_after.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "absl/strings/cord.h"

namespace icopilot {
namespace {
constexpr char kRetryAfterPayload[] = "icopilot.dev/retry-after";
}

absl::Status ExhaustedFor(std::string_view message, std::int64_t seconds) {
  absl::Status status = absl::ResourceExhaustedError(std::string(message));
  status.SetPayload(kRetryAfterPayload,
                    absl::Cord(std::to_string(std::max<std::int64_t>(1, seconds))));
  return status;
}

std::optional<std::int64_t> RetryAfterOf(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  if (!payload) return std::nullopt;
  const std::string text(*payload);
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return seconds;
}

}  // namespace icopilot
