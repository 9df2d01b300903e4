#include "services/shared_rate_limits.h"

#include <charconv>

#include "core/clock.h"
#include "core/log.h"
#include "core/stoppable_sleep.h"
#include "core/strings.h"
#include "net/rate_limiter.h"
#include "store/database.h"

namespace icopilot::services {

namespace {
constexpr std::string_view kPrefix = "rate.";
}  // namespace

std::vector<std::string> RateMessages(
    std::string_view name, const std::vector<std::pair<std::string, std::int64_t>>& taken,
    std::size_t max_bytes) {
  std::vector<std::string> messages;
  const std::string head = StrCat(kPrefix, name, "\n");
  std::string message = head;
  for (const auto& [key, count] : taken) {
    // Keys are key ids, user ids and addresses; one with a line break could not be told.
    if (key.find('\n') != std::string::npos || count <= 0) continue;
    std::string line = StrCat(count, " ", key, "\n");
    if (head.size() + line.size() > max_bytes) continue;
    if (message.size() + line.size() > max_bytes) {
      messages.push_back(std::move(message));
      message = head;
    }
    message += line;
  }
  if (message.size() > head.size()) messages.push_back(std::move(message));
  return messages;
}

SharedRateLimits::SharedRateLimits(store::Database& db, const Clock& clock,
                                   std::vector<Limiter> limiters,
                                   std::chrono::milliseconds interval)
    : db_(db), clock_(clock), limiters_(std::move(limiters)) {
  if (db_.dialect() != store::Dialect::kPostgres || limiters_.empty()) return;
  listening_ = db_.Listen([this](std::string_view change) { Hear(change); });
  teller_ = std::jthread([this, interval](std::stop_token stop) {
    bool failing = false;  // said once when it starts and once when it ends, not 5 times a second
    while (SleepUnlessStopped(stop, interval)) {
      absl::Status told = Tell();
      if (!told.ok() && !failing) {
        log::Event("warn", "rate limit counts not told to the other instances",
                   {{"error", std::string(told.message())}});
      } else if (told.ok() && failing) {
        log::Event("info", "rate limit counts told to the other instances again");
      }
      failing = !told.ok();
    }
  });
}

SharedRateLimits::~SharedRateLimits() {
  teller_ = {};
  if (listening_ != 0) db_.Unlisten(listening_);
}

absl::Status SharedRateLimits::Tell() {
  absl::Status status;
  for (const auto& [name, limiter] : limiters_) {
    for (const std::string& message : RateMessages(name, limiter->DrainTaken())) {
      status.Update(db_.Publish(message));
    }
  }
  return status;
}

void SharedRateLimits::Hear(std::string_view change) {
  if (!change.starts_with(kPrefix)) return;
  std::size_t end = change.find('\n');
  if (end == std::string_view::npos) return;
  const std::string_view name = change.substr(kPrefix.size(), end - kPrefix.size());
  net::RateLimiter* limiter = nullptr;
  for (const auto& [candidate, candidate_limiter] : limiters_) {
    if (candidate == name) limiter = candidate_limiter;
  }
  if (limiter == nullptr) return;
  const std::int64_t now = clock_.NowMillis();
  std::string_view rest = change.substr(end + 1);
  while (!rest.empty()) {
    end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const std::size_t space = line.find(' ');
    std::int64_t count = 0;
    if (space == std::string_view::npos ||
        std::from_chars(line.data(), line.data() + space, count).ptr != line.data() + space)
      continue;
    limiter->Charge(line.substr(space + 1), count, now);
  }
}

}  // namespace icopilot::services
