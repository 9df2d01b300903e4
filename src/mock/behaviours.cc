#include "mock/behaviours.h"

#include <charconv>

#include "core/strings.h"

namespace icopilot::mock {
namespace {

constexpr std::size_t kMaxCallers = 10000;

}  // namespace

absl::StatusOr<Latency> ParseLatency(std::string_view text) {
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto fixed = ParseDuration(text);
    if (!fixed.ok()) return fixed.status();
    return Latency{*fixed, *fixed};
  }
  std::string_view low_text = text.substr(0, dash), high_text = text.substr(dash + 1);
  // "20-200ms": the unit of the upper bound applies to a bare lower one.
  std::string low_with_unit(low_text);
  if (!low_text.empty() && std::isdigit(static_cast<unsigned char>(low_text.back()))) {
    std::size_t unit = high_text.find_first_not_of("0123456789.");
    if (unit != std::string_view::npos) low_with_unit += high_text.substr(unit);
  }
  auto low = ParseDuration(low_with_unit);
  auto high = ParseDuration(high_text);
  if (!low.ok() || !high.ok() || *low > *high) {
    return absl::InvalidArgumentError(
        StrCat("latency '", text, "': give a duration (50ms, 1s) or a range (20-200ms, 1s-2s)"));
  }
  return Latency{*low, *high};
}

absl::StatusOr<double> ParseChaos(std::string_view text) {
  bool percent = text.ends_with("%");
  if (percent) text.remove_suffix(1);
  double share = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), share);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return absl::InvalidArgumentError(
        StrCat("chaos '", text, "': give a share such as 0.05 or 5%"));
  }
  if (percent) share /= 100;
  if (share < 0 || share > 1)
    return absl::InvalidArgumentError("chaos must be between 0 and 1 (0% and 100%)");
  return share;
}

Behaviours::Behaviours(BehaviourOptions options, std::uint64_t seed, const Clock& clock)
    : options_(options), clock_(clock), rng_(seed) {}

std::chrono::milliseconds Behaviours::Delay(const std::optional<Latency>& prefer) {
  const Latency& latency = prefer ? *prefer : options_.latency;
  if (latency.max <= latency.min) return latency.min;
  std::lock_guard lock(mutex_);
  auto span = static_cast<std::uint64_t>((latency.max - latency.min).count());
  return latency.min + std::chrono::milliseconds(static_cast<std::int64_t>(rng_() % (span + 1)));
}

Behaviours::RateDecision Behaviours::Take(const std::string& caller) {
  RateDecision decision;
  if (!options_.rate_limit || options_.rate_limit->count <= 0) return decision;
  const Rate& rate = *options_.rate_limit;
  const std::int64_t period = rate.period.count();
  const std::int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  if (windows_.size() >= kMaxCallers) {
    // Forget windows that have ended; the table stays bounded under a flood of callers.
    for (auto it = windows_.begin(); it != windows_.end();) {
      it = now - it->second.start_ms >= period ? windows_.erase(it) : std::next(it);
    }
    if (windows_.size() >= kMaxCallers) windows_.erase(windows_.begin());
  }
  Window& window = windows_[caller];
  if (window.count == 0 || now - window.start_ms >= period) window = {now, 0};
  decision.applies = true;
  decision.limit = rate.count;
  decision.reset_seconds = std::max<std::int64_t>(1, (window.start_ms + period - now + 999) / 1000);
  if (window.count >= rate.count) {
    decision.limited = true;
    decision.remaining = 0;
    return decision;
  }
  ++window.count;
  decision.remaining = rate.count - window.count;
  return decision;
}

bool Behaviours::Chaos(const std::optional<double>& prefer) {
  double share = prefer ? *prefer : options_.chaos;
  if (share <= 0) return false;
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0, 1)(rng_) < share;
}

}  // namespace icopilot::mock
