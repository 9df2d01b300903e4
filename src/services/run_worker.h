// Executes queued golden runs in the background, one at a time: loads the run's spec
// version and profile, builds the target from its environment (the requester's own
// credentials first; for "mock", the project's hosted mock on this server with the mock's
// credentials; services/send_target.h), sends the suite with the golden runner and stores
// every case.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "golden/result.h"
#include "golden/target.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

struct RunWorkerOptions {
  std::string server_url;  // where this server answers: the Mock environment's host
  bool allow_private_targets = false;
  golden::RunLimits limits{};
  // Called with each run once its cases are stored (plan boards read them as evidence).
  std::function<void(const store::RunRecord&)> on_finished;
  // Called after a run's result is stored with its notifications: the dispatcher wakes.
  std::function<void()> on_notified;
  // How long a run stays this instance's without a renewal (renewed every third of it).
  // An instance killed mid-run loses it after this; another takes it over.
  std::int64_t lease_ms = 30000;
};

class RunWorker {
 public:
  RunWorker(store::Database& db, const SecretBox& box, const Clock& clock,
            RunWorkerOptions options);
  ~RunWorker();
  RunWorker(const RunWorker&) = delete;
  RunWorker& operator=(const RunWorker&) = delete;

  // Starts the thread. Runs another instance left (killed, or stopped) are taken over once
  // their lease runs out, and run again from the start.
  void Start();
  // Wakes the thread: a run was queued.
  void Notify();
  // Ends the run in progress early (released for another instance, or this one after a
  // restart, to run) and the thread. Thread-safe.
  void Stop();

 private:
  void Loop(std::stop_token stop);
  void Execute(const store::RunRecord& run, std::stop_token stop);
  // Renews the run's lease until `done`; asks `run_stop` to stop the run if it was lost.
  void Heartbeat(const std::string& run_id, std::stop_token done, std::stop_source& run_stop);
  absl::Status ExecuteOrError(const store::RunRecord& run, std::stop_token stop);
  absl::Status NotifyRunFinished(store::SqlExecutor& tx, const store::RunRecord& run, bool passed,
                                 const golden::RunSummary& counts,
                                 const boost::json::object& summary, std::int64_t now);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
  RunWorkerOptions options_;
  const std::string instance_;  // who holds the leases this worker takes
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool pending_ = true;
  std::jthread thread_;
};

}  // namespace icopilot::services
