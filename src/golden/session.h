// The runner's one way out: every request of a run goes through a Session, which puts it
// under the target's base URL with its default headers and TLS settings, keeps the run
// inside its bounds (requests, duration, body size), waits out a 429's Retry-After for the
// cases that do not test rate limits, and records each exchange as evidence with the
// run's secrets masked. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "golden/evidence.h"
#include "golden/target.h"
#include "net/http.h"
#include "net/http_client.h"
#include "spec/model.h"

namespace icopilot::golden {

struct SendOptions {
  // Leave out default headers that carry credentials (Authorization, the API-key headers):
  // for the cases that send no credentials or wrong ones.
  bool without_default_credentials = false;
  // Return a 429 as it is instead of waiting for Retry-After (the rate-limiting cases).
  bool keep_429 = false;
  bool record = true;  // keep the exchange as evidence
};

// A Retry-After value: delay-seconds or an HTTP date (RFC 9110 10.2.3), as seconds from
// `now_unix`; nullopt when it is neither.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, std::int64_t now_unix);

class Session {
 public:
  // `stop` ends the run early (a server shutting down): requests are refused as when out
  // of time.
  Session(const spec::Spec& spec, Target target, RunLimits limits, std::stop_token stop = {});

  // Sends `request`, whose path is as the request builder makes it (under the spec's
  // server path), to the target. The exchange is appended to `evidence`. Errors: the
  // transport's (Unavailable, DeadlineExceeded, ResourceExhausted for a body over the
  // limit), or ResourceExhausted when the run is out of requests or time.
  absl::StatusOr<net::ClientResponse> Send(const net::Request& request,
                                           std::vector<Exchange>& evidence,
                                           const SendOptions& options = {});
  // The same for an absolute URL (a Link header's next page, a token endpoint, the
  // partner's webhook receiver): no default headers.
  absl::StatusOr<net::ClientResponse> SendTo(net::ClientRequest request,
                                             std::vector<Exchange>& evidence,
                                             const SendOptions& options = {});

  std::string UrlFor(const net::Request& request) const;
  // A URL on the target (for unknown-path probes): `path` under the base URL's path.
  std::string UrlForPath(std::string_view path) const;

  // A secret learned during the run (a fetched token): masked from now on.
  void AddSecret(const std::string& secret);
  void AddCredentialHeader(const std::string& lower_name);

  bool OutOfTime() const;
  std::chrono::milliseconds TimeLeft() const;
  std::size_t requests_sent() const { return sent_.load(); }
  const Target& target() const { return target_; }
  const RunLimits& limits() const { return limits_; }

 private:
  absl::StatusOr<net::ClientResponse> Perform(net::ClientRequest request,
                                              std::vector<Exchange>& evidence,
                                              const SendOptions& options);
  EvidencePolicy Policy() const;

  Target target_;
  RunLimits limits_;
  std::string spec_base_path_;  // the spec's first server path ("/v1")
  std::string url_root_;        // scheme://host:port
  std::string url_path_;        // the base URL's own path, "" for none
  std::chrono::steady_clock::time_point deadline_;
  std::stop_token stop_;
  std::atomic<std::size_t> sent_{0};
  mutable std::mutex mutex_;
  EvidencePolicy policy_;
};

}  // namespace icopilot::golden
