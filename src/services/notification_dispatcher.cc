#include "services/notification_dispatcher.h"

#include <algorithm>

#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/http_client.h"
#include "services/notification_delivery.h"
#include "services/send_target.h"
#include "services/violation_alerts.h"
#include "store/lease_repository.h"
#include "store/notification_repository.h"

namespace icopilot::services {
namespace {
constexpr std::int64_t kBatch = 100;  // notifications of a channel read at once
// How long a channel stays this instance's without a renewal (one is taken before each
// delivery, each bounded by the request's timeout): an instance that dies holding one
// delays that channel by at most this.
constexpr std::int64_t kLeaseMs = 2 * 60'000;
}  // namespace

NotificationDispatcher::~NotificationDispatcher() { Stop(); }

std::int64_t NotificationDispatcher::BackoffMs(std::int64_t attempts) {
  const std::int64_t doublings = std::clamp<std::int64_t>(attempts - 1, 0, 20);
  return std::min<std::int64_t>(5'000LL << doublings, 10 * 60'000);
}

absl::StatusOr<int> NotificationDispatcher::DeliverDue() {
  ASSIGN_OR_RETURN(auto heads, store::NotificationRepository(db_).PendingHeads(1000));
  const std::int64_t now = clock_.NowMillis();
  int delivered = 0;
  for (const auto& head : heads) {
    if (head.next_attempt_at > now) continue;
    ASSIGN_OR_RETURN(int sent, DeliverChannel(head.channel_id, head.seq));
    delivered += sent;
  }
  return delivered;
}

// One instance at a time works a channel, so that its receiver gets each notification once
// and in order however many instances run a dispatcher.
absl::StatusOr<int> NotificationDispatcher::DeliverChannel(const std::string& channel_id,
                                                           std::int64_t from_seq) {
  const std::string lease = StrCat("notifications:", channel_id);
  store::LeaseRepository leases(db_);
  const std::int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(bool held, leases.Take(lease, instance_, now + kLeaseMs, now));
  if (!held) return 0;
  auto delivered = DeliverHeld(channel_id, from_seq, lease);
  (void)leases.Release(lease, instance_);  // else it runs out
  return delivered;
}

absl::StatusOr<int> NotificationDispatcher::DeliverHeld(const std::string& channel_id,
                                                        std::int64_t from_seq,
                                                        const std::string& lease) {
  store::NotificationRepository repo(db_);
  ASSIGN_OR_RETURN(auto channel, repo.FindChannel(channel_id));
  std::string secret;
  if (channel && !channel->secret_sealed.empty()) {
    auto opened = box_.Open(channel->secret_sealed);
    if (opened.ok()) secret = *std::move(opened);
  }
  int delivered = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto batch, repo.PendingFrom(channel_id, from_seq, kBatch));
    if (batch.empty()) return delivered;
    for (const auto& n : batch) {
      if (stopping_) return delivered;
      const std::int64_t now = clock_.NowMillis();
      if (n.next_attempt_at > now) return delivered;  // the head waits out its backoff
      ASSIGN_OR_RETURN(bool still_held,
                       store::LeaseRepository(db_).Take(lease, instance_, now + kLeaseMs, now));
      if (!still_held) return delivered;  // this instance was too slow; another goes on
      from_seq = n.seq + 1;
      int status = 0;
      std::string error;
      if (!channel) {
        error = "the channel was deleted";
      } else {
        auto request = DeliveryRequest(*channel, secret, n.payload, options_.public_url, now);
        if (request.ok() && !options_.allow_private_targets) {
          // The vendor chose the host; it still may not be this machine's neighbours.
          auto pin = CheckPublicTarget("url", request->url);
          if (pin.ok())
            request->resolve.push_back(*std::move(pin));
          else
            request = pin.status();
        }
        if (!request.ok()) {
          error = std::string(request.status().message());
        } else {
          auto response = net::SendHttp(*request);
          if (!response.ok()) {
            error = std::string(response.status().message());
          } else {
            status = response->status;
            if (status < 200 || status > 299)
              error = StrCat("the receiver answered HTTP ", status, ": ",
                             response->body.substr(0, 200));
          }
        }
      }
      if (error.empty()) {
        RETURN_IF_ERROR(repo.MarkDelivered(n.id, status, clock_.NowMillis()));
        ++delivered;
        continue;
      }
      const std::int64_t attempts = n.attempts + 1;
      const bool dead = !channel || attempts >= options_.max_attempts;
      RETURN_IF_ERROR(
          repo.MarkFailed(n.id, attempts, status, error, now + BackoffMs(attempts), dead));
      log::Event(dead ? "warn" : "info", dead ? "notification dead" : "notification retried",
                 {{"notification_id", n.id},
                  {"channel_id", channel_id},
                  {"attempts", attempts},
                  {"error", error}});
      // Those behind a failed one wait for it, so that the receiver gets them in order;
      // behind a dead one, they go on.
      if (!dead) return delivered;
    }
  }
}

void NotificationDispatcher::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void NotificationDispatcher::Notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

void NotificationDispatcher::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void NotificationDispatcher::Loop(std::stop_token stop) {
  auto next_alert_check = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, options_.poll, [this] { return pending_; });
      pending_ = false;
    }
    if (stop.stop_requested()) break;
    if (std::chrono::steady_clock::now() >= next_alert_check) {
      if (auto alerts = CheckViolationAlerts(db_, clock_); !alerts.ok())
        log::Event("warn", "violation alerts not checked",
                   {{"error", std::string(alerts.status().message())}});
      next_alert_check = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    }
    auto delivered = DeliverDue();
    if (!delivered.ok())
      log::Event("warn", "notifications not delivered",
                 {{"error", std::string(delivered.status().message())}});
  }
}

}  // namespace icopilot::services
