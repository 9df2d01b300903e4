// Delivers the outbox (docs/notifications.md): a background thread that sends each
// channel's notifications in order, marks each delivered once its receiver answered 2xx,
// and otherwise retries the channel's head with exponential backoff (the ones behind it
// wait, so a receiver gets them in order) until it is dead after `max_attempts`; then the
// ones behind it go on. A notification stays in the database until it is delivered, so
// a crash or a restart loses none; one whose 2xx came just before a crash, before it was
// marked, is sent again with the same event id.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "store/database.h"

namespace icopilot::services {

struct DispatcherOptions {
  std::string public_url;  // the portal's address, for the links in messages
  bool allow_private_targets = false;
  int max_attempts = 20;  // with the backoff below: dead after about 2 h 20 min of failures
  std::chrono::milliseconds poll{1000};  // also picks up other instances' notifications
};

class NotificationDispatcher {
 public:
  NotificationDispatcher(store::Database& db, const SecretBox& box, const Clock& clock,
                         DispatcherOptions options)
      : db_(db), box_(box), clock_(clock), options_(std::move(options)) {}
  ~NotificationDispatcher();
  NotificationDispatcher(const NotificationDispatcher&) = delete;
  NotificationDispatcher& operator=(const NotificationDispatcher&) = delete;

  // The wait before attempt `attempts` + 1: 5 s doubling, at most 10 minutes.
  static std::int64_t BackoffMs(std::int64_t attempts);

  // One pass over every channel's due notifications; how many were delivered. The thread
  // also checks the traces.violations thresholds once a minute (violation_alerts.h).
  absl::StatusOr<int> DeliverDue();

  void Start();
  // Wakes the thread: something was queued.
  void Notify();
  void Stop();

 private:
  absl::StatusOr<int> DeliverChannel(const std::string& channel_id, std::int64_t from_seq);
  absl::StatusOr<int> DeliverHeld(const std::string& channel_id, std::int64_t from_seq,
                                  const std::string& lease);
  void Loop(std::stop_token stop);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
  DispatcherOptions options_;
  const std::string instance_ = NewId("i");  // holds channel leases (store::LeaseRepository)
  std::atomic<bool> stopping_{false};        // a long backlog yields to shutting down
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool pending_ = true;
  std::jthread thread_;
};

}  // namespace icopilot::services
