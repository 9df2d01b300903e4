// Where a run sends its cases and what it is trusted with: an environment as the runner
// sees it (base URL, TLS, default headers, credentials, the partner's webhook receiver)
// and the run's bounds.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.h"

namespace icopilot::golden {

// OAuth2 client credentials: the runner fetches tokens (for the environment's scopes, and
// narrower ones for the authorization cases), caches them, and fetches again on expiry or
// a 401.
struct OAuth2Client {
  std::string token_url;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes;  // empty: every scope the spec's schemes list
};

struct Target {
  // The API's root. With a path ("https://uat.example.com/v2") it replaces the path of
  // the spec's first server; without one the spec's server path is kept.
  std::string base_url;
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every request
  std::string api_key;                                       // "" when not given
  std::string bearer;
  std::string basic;  // "user:password"
  std::optional<OAuth2Client> oauth2;
  net::TlsOptions tls;
  // Addresses pinned for hosts checked before the run ("host:port:address").
  std::vector<std::string> resolve;
  std::chrono::milliseconds timeout{10'000};  // per request
  // Parameter values this environment fixes, by name, in any location (a sandbox's own
  // merchant id): sent instead of the spec's examples or generated values.
  std::vector<std::pair<std::string, std::string>> parameter_values;
  // The partner's webhook receiver and the secret events are signed with.
  std::string webhook_url;
  std::string webhook_secret;
};

struct RunLimits {
  int concurrency = 4;  // cases in flight at once
  std::chrono::milliseconds max_duration{5 * 60'000};
  std::size_t max_requests = 20'000;     // across the run
  std::size_t max_body_bytes = 8 << 20;  // a larger answer is an error for its case
  std::size_t evidence_body_bytes = 64 << 10;
  std::size_t max_pages = 20;  // pages followed by the pagination cases
};

}  // namespace icopilot::golden
