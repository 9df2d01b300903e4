// The HTTP application behind `icopilot serve`: the route table, wrapped in the
// middleware every request passes (request id, client address, rate limits,
// authentication, CSRF, role checks, Idempotency-Key, security headers, access log,
// metrics).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/api_context.h"
#include "api/idempotency.h"
#include "api/operation.h"
#include "api/request_body_check.h"
#include "core/crypto.h"
#include "core/units.h"
#include "net/cidr.h"
#include "net/rate_limiter.h"
#include "net/router.h"
#include "net/server.h"

namespace icopilot::api {

struct RateLimits {
  std::optional<Rate> auth = Rate{30, std::chrono::minutes(1)};  // login/signup, per client address
  std::optional<Rate> api = Rate{1200, std::chrono::minutes(1)};  // per API key or session user
  std::optional<Rate> address =
      Rate{3000, std::chrono::minutes(1)};  // per client address, all API routes
};

// Parses "auth=30/min,api=off" over the defaults. InvalidArgument names the bad part.
absl::StatusOr<RateLimits> ParseRateLimits(std::string_view text);

struct AppOptions {
  net::CidrSet trusted_proxies;
  RateLimits rate_limits;
  bool allow_signup = false;
  std::string version;
};

class App final : public net::RequestHandler {
 public:
  App(ApiDependencies deps, const SecretBox& box, AppOptions options);

  net::Response Handle(net::Request& request) override;
  bool RunsOnIoThread(const net::Request& request) const override;
  void OnRejected(const net::Request& request, const net::Response& response) override;

  const std::vector<Operation>& operations() const { return operations_; }
  // The limits in force, by name ("auth", "api", "address"), to share them between
  // instances (services::SharedRateLimits).
  std::vector<std::pair<std::string, net::RateLimiter*>> rate_limiters() const;

 private:
  net::Response Dispatch(net::Request& request);
  net::Response RunOperation(const Operation& op, net::Request& request);
  // Nullopt when the caller may go on; otherwise the refusal.
  std::optional<net::Response> Limit(RateGroup group, bool per_caller, const std::string& key,
                                     std::int64_t now);
  absl::StatusOr<services::Principal> Authenticate(const net::Request& request);
  std::optional<net::Response> Authorize(const Operation& op, const services::Principal& principal,
                                         const net::Request& request);
  void Finish(const net::Request& request, net::Response& response, double seconds);

  ApiDependencies deps_;
  std::unique_ptr<RequestBodyCheck> body_check_;  // made once the document is built
  AppOptions options_;
  IdempotencyGuard idempotency_;
  std::vector<Operation> operations_;  // constant after construction
  net::Router router_;                 // constant after construction
  std::unique_ptr<net::RateLimiter> auth_limiter_;
  std::unique_ptr<net::RateLimiter> api_limiter_;
  std::unique_ptr<net::RateLimiter> address_limiter_;
  std::atomic<int> in_flight_{0};
};

}  // namespace icopilot::api
