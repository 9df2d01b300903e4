// The mocks `icopilot serve` hosts under /mocks/{mock_id}/...: loaded from the store on
// their first request (mocks of one spec version share the parsed spec), unloaded after
// being idle past the retention period and loaded again on the next request. Each keeps
// its state (stored resources, idempotency keys, issued tokens), a journal of its last
// requests and traffic counts while the server runs; state and counts start afresh when
// the server restarts, the mocks themselves are in the store. Hosted mocks are strict:
// only their own generated credentials and tokens are accepted. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "mock/journal.h"
#include "mock/mock_engine.h"
#include "net/http.h"
#include "store/database.h"

namespace icopilot::services {

// A hosted mock's generated credentials: an API key (also a bearer token) and OAuth2
// client credentials for its token endpoint (also HTTP basic user and password).
struct MockCredentials {
  std::string api_key;
  std::string client_id;
  std::string client_secret;
};
std::string EncodeCredentials(const MockCredentials& credentials);
absl::StatusOr<MockCredentials> DecodeCredentials(std::string_view json);

struct HostedMocksOptions {
  std::int64_t idle_unload_ms = 15 * 60 * 1000;
  std::size_t journal_size = 100;
};

struct MockHealth {
  std::string status;  // "loaded", "idle" (not in memory), "failed" (see error)
  std::string error;
  std::int64_t requests = 0;
  std::int64_t client_errors = 0;  // 4xx answers
  std::int64_t server_errors = 0;  // 5xx answers (chaos included)
  std::optional<std::int64_t> last_request_at;
  std::size_t resources = 0;  // stored by a stateful mock
};

class HostedMocks {
 public:
  // Listens to the database's changes (store::Database::Listen) for as long as it lives:
  // a mock changed, reset or deleted through another instance is reloaded, reset or
  // forgotten here too.
  HostedMocks(store::Database& db, const SecretBox& box, const Clock& clock,
              HostedMocksOptions options = {});
  ~HostedMocks();
  HostedMocks(const HostedMocks&) = delete;
  HostedMocks& operator=(const HostedMocks&) = delete;

  // Tells the other instances that a mock changed (done here already): `kind` is
  // "updated", "reset" or "deleted".
  absl::Status Publish(std::string_view kind, std::string_view mock_id);

  // `request.path` starts with /mocks/{mock_id}; the rest goes to the mock's engine.
  net::Response Serve(net::Request& request);
  // `request.path` is the API's own path; `prefix` goes in front of the links the mock
  // answers with (Location, Link): "/mocks/{mock_id}" on the main port, "" on its own.
  net::Response ServeMock(net::Request& request, const std::string& mock_id,
                          const std::string& prefix);

  // The settings changed: the next request loads the mock again (state kept).
  void Reload(const std::string& mock_id);
  // Deleted: state, counts and journal go.
  void Forget(const std::string& mock_id);
  // Clears the stored resources and idempotency keys (and the journal).
  void Reset(const std::string& mock_id);

  MockHealth Health(const std::string& mock_id) const;
  std::vector<mock::JournalEntry> JournalOf(const std::string& mock_id) const;

  // Every loaded mock loads again on its next request (state kept): changes were missed.
  void ReloadAll();

  // Unloads engines idle since before `now - idle_unload_ms`; Serve calls it now and then.
  void UnloadIdle(std::int64_t now_ms);
  std::size_t loaded_count() const;

 private:
  struct Hosted {
    std::mutex load_mutex;                           // one load at a time per mock
    std::shared_ptr<const mock::MockEngine> engine;  // null when not loaded
    std::shared_ptr<mock::MockState> state = std::make_shared<mock::MockState>();
    std::string load_error;
    mock::Journal journal;
    std::atomic<std::int64_t> requests{0}, client_errors{0}, server_errors{0};
    std::atomic<std::int64_t> last_request_at{0};
    explicit Hosted(std::size_t journal_size) : journal(journal_size) {}
  };

  std::shared_ptr<Hosted> Find(const std::string& mock_id, bool create) const;
  // The engine for a mock, loading it when needed; an error when the mock does not exist
  // or its spec no longer loads.
  absl::StatusOr<std::shared_ptr<const mock::MockEngine>> Engine(const std::string& mock_id,
                                                                 Hosted& hosted);

  store::Database& db_;
  const SecretBox& box_;
  const Clock& clock_;
  HostedMocksOptions options_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<Hosted>> mocks_;
  // Parsed specs by spec version, shared by the mocks loaded from them.
  std::map<std::string, std::weak_ptr<const spec::LoadedSpec>> specs_;
  std::atomic<std::int64_t> last_sweep_ms_{0};
  int listening_ = 0;  // the Listen id; last, so the callback stops before the rest goes
};

}  // namespace icopilot::services
