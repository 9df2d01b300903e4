#include "api/app.h"

#include <chrono>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/json_io.h"
#include "api/openapi.h"
#include "api/web_app.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/strings.h"
#include "net/problem.h"

namespace icopilot::api {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

net::Response Forbidden(std::string_view detail) {
  return net::MakeProblem(403, "forbidden", "Forbidden", detail);
}

}  // namespace

absl::StatusOr<RateLimits> ParseRateLimits(std::string_view text) {
  RateLimits limits;
  for (std::string_view item : SplitAndTrim(text, ',')) {
    std::size_t equals = item.find('=');
    std::string_view group = item.substr(0, equals);
    std::optional<Rate>* slot = group == "auth"      ? &limits.auth
                                : group == "api"     ? &limits.api
                                : group == "address" ? &limits.address
                                                     : nullptr;
    if (slot == nullptr || equals == std::string_view::npos) {
      return absl::InvalidArgumentError(
          StrCat("--rate-limit: '", item,
                 "' should be GROUP=RATE with GROUP auth, api or address (api=600/min)"));
    }
    std::string_view value = item.substr(equals + 1);
    if (value == "off") {
      slot->reset();
      continue;
    }
    auto rate = ParseRate(value);
    if (!rate.ok())
      return absl::InvalidArgumentError(
          StrCat("--rate-limit ", group, ": ", rate.status().message()));
    *slot = *rate;
  }
  return limits;
}

App::App(ApiDependencies deps, const SecretBox& box, AppOptions options)
    : deps_(deps), options_(std::move(options)), idempotency_(deps.db, box, deps.clock) {
  deps_.allow_signup = options_.allow_signup;
  deps_.version = options_.version;
  AddOpsRoutes(operations_, deps_);
  AddIdentityRoutes(operations_, deps_);
  AddProjectRoutes(operations_, deps_);
  AddAuditRoutes(operations_, deps_);
  AddMockRoutes(operations_, deps_);
  AddGoldenRoutes(operations_, deps_);
  AddTraceRoutes(operations_, deps_);
  AddAnnotationRoutes(operations_, deps_);
  AddSavedCaseRoutes(operations_, deps_);
  AddPostmanRoutes(operations_, deps_);
  AddPlanRoutes(operations_, deps_);
  AddReadinessRoutes(operations_, deps_);
  AddMetricsRoutes(operations_, deps_);
  AddAssistantRoutes(operations_, deps_);
  AddNotificationRoutes(operations_, deps_);
  AddDriftRoutes(operations_, deps_);
  AddSsoRoutes(operations_, deps_);
  operations_.push_back({"GET",
                         "/api/v1/openapi.json",
                         "getOpenApiDocument",
                         "This API's OpenAPI 3.1 document",
                         "operations",
                         Access::kPublic,
                         RateGroup::kOps,
                         "",
                         200,
                         "",
                         "application/json",
                         false,
                         {},
                         nullptr});
  boost::json::object built = BuildOpenApiDocument(operations_, options_.version);
  const std::string document = boost::json::serialize(built);
  body_check_ = std::make_unique<RequestBodyCheck>(std::move(built), operations_);
  operations_.back().handler = [document](Context&) {
    net::Response response;
    response.headers.Set("content-type", "application/json");
    response.body = document;
    return response;
  };
  for (std::size_t i = 0; i < operations_.size(); ++i) {
    router_.Add(operations_[i].method, operations_[i].path,
                [this, i](net::Request& request) { return RunOperation(operations_[i], request); });
  }
  if (options_.rate_limits.auth)
    auth_limiter_ = std::make_unique<net::RateLimiter>(*options_.rate_limits.auth);
  if (options_.rate_limits.api)
    api_limiter_ = std::make_unique<net::RateLimiter>(*options_.rate_limits.api);
  if (options_.rate_limits.address) {
    address_limiter_ = std::make_unique<net::RateLimiter>(*options_.rate_limits.address);
  }
  Metrics& metrics = deps_.metrics;
  metrics.Describe("icopilot_rate_limited_total", "counter", "Requests refused with 429, by limit");
  metrics.AddGaugeCallback("icopilot_http_requests_in_flight", "HTTP requests being handled",
                           [this] { return static_cast<double>(in_flight_.load()); });
}

bool App::RunsOnIoThread(const net::Request& request) const {
  return request.path == "/healthz" || request.path == "/metrics" ||
         request.path == "/api/v1/openapi.json";
}

net::Response App::Handle(net::Request& request) {
  auto started = std::chrono::steady_clock::now();
  request.received_at_ms = deps_.clock.NowMillis();
  auto incoming_id = request.headers.Find("x-request-id");
  request.request_id =
      incoming_id && IsSafeRequestId(*incoming_id) ? std::string(*incoming_id) : NewId("req");
  request.client_address =
      net::ClientAddress(request.peer_address, request.headers.Find("x-forwarded-for").value_or(""),
                         options_.trusted_proxies);
  // The server speaks plain HTTP; only a trusted proxy can say the client used HTTPS.
  request.https =
      options_.trusted_proxies.Contains(request.peer_address) &&
      net::EqualsIgnoreCase(request.headers.Find("x-forwarded-proto").value_or(""), "https");
  ++in_flight_;
  net::Response response;
  try {
    response = Dispatch(request);
  } catch (const std::exception& error) {
    log::Event("error", "handler threw",
               {{"request_id", request.request_id}, {"error", error.what()}});
    response = ProblemFromStatus(absl::InternalError(error.what()));
  }
  --in_flight_;
  Finish(request, response,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return response;
}

net::Response App::Dispatch(net::Request& request) {
  // Hosted mocks answer for themselves: their own credentials, limits and errors.
  if (request.path.starts_with("/mocks/")) {
    request.route = "/mocks/{mock_id}";
    return deps_.hosted.Serve(request);
  }
  // HEAD is GET without a body (the server drops the body); OPTIONS lists the methods.
  std::string_view method =
      request.method == "HEAD" ? std::string_view("GET") : std::string_view(request.method);
  net::Router::Match match = router_.Find(method, request.path);
  request.route = match.route;
  if (match.kind == net::Router::Match::Kind::kNotFound) {
    if (auto page = ServeWebApp(request)) {
      request.route = "/ (portal)";
      return *std::move(page);
    }
    return net::MakeProblem(404, "not-found", "Not found", StrCat("no route for ", request.path));
  }
  if (match.kind == net::Router::Match::Kind::kMethodNotAllowed) {
    std::string allow;
    for (const auto& allowed : match.allowed) allow += (allow.empty() ? "" : ", ") + allowed;
    net::Response response =
        request.method == "OPTIONS"
            ? NoContent()
            : net::MakeProblem(405, "method-not-allowed", "Method not allowed",
                               StrCat(request.method, " is not allowed on ", match.route));
    response.headers.Set("allow", allow);
    return response;
  }
  request.path_params = std::move(match.params);
  return (*match.handler)(request);
}

std::vector<std::pair<std::string, net::RateLimiter*>> App::rate_limiters() const {
  std::vector<std::pair<std::string, net::RateLimiter*>> limiters;
  if (auth_limiter_) limiters.emplace_back("auth", auth_limiter_.get());
  if (api_limiter_) limiters.emplace_back("api", api_limiter_.get());
  if (address_limiter_) limiters.emplace_back("address", address_limiter_.get());
  return limiters;
}

std::optional<net::Response> App::Limit(RateGroup group, bool per_caller, const std::string& key,
                                        std::int64_t now) {
  net::RateLimiter* limiter = nullptr;
  std::string_view name;
  if (per_caller) {
    limiter = api_limiter_.get();
    name = "api";
  } else if (group == RateGroup::kAuth) {
    limiter = auth_limiter_.get();
    name = "auth";
  } else if (group == RateGroup::kApi) {
    limiter = address_limiter_.get();
    name = "address";
  }
  if (limiter == nullptr) return std::nullopt;
  net::RateLimiter::Decision decision = limiter->Take(key, now);
  if (decision.allowed) return std::nullopt;
  deps_.metrics.Increment("icopilot_rate_limited_total",
                          Metrics::Label("limit", std::string(name)));
  const Rate& rate = limiter->rate();
  net::Response response = net::MakeProblem(
      429, "rate-limited", "Too many requests",
      StrCat("the ", name, " limit is ", rate.count, " requests per ", rate.period.count() / 1000,
             "s; retry after ", decision.retry_after_seconds, "s"));
  response.headers.Set("retry-after", std::to_string(decision.retry_after_seconds));
  return response;
}

absl::StatusOr<services::Principal> App::Authenticate(const net::Request& request) {
  if (auto authorization = request.headers.Find("authorization")) {
    std::string_view value = TrimWhitespace(*authorization);
    if (value.size() > 7 && net::EqualsIgnoreCase(value.substr(0, 7), "bearer ")) {
      return deps_.identity.AuthenticateApiKey(TrimWhitespace(value.substr(7)));
    }
    return absl::UnauthenticatedError("Authorization must be 'Bearer <API key>'");
  }
  if (auto cookies = request.headers.Find("cookie")) {
    if (auto token = CookieValue(*cookies, kSessionCookie))
      return deps_.identity.AuthenticateSession(*token);
  }
  return absl::UnauthenticatedError(
      "credentials required: send 'Authorization: Bearer <API key>' or log in");
}

std::optional<net::Response> App::Authorize(const Operation& op,
                                            const services::Principal& principal,
                                            const net::Request& request) {
  // A cookie is sent by the browser on its own; a write needs proof the page made it.
  if (!principal.session_id.empty() && !IsSafeMethod(request.method)) {
    auto token = request.headers.Find("x-csrf-token");
    if (!token || !ConstantTimeEquals(*token, principal.csrf_token)) {
      return net::MakeProblem(
          403, "csrf-token-invalid", "CSRF token missing or wrong",
          "cookie-authenticated writes need the X-CSRF-Token header from login");
    }
  }
  // A one-time password opens a session for one thing: choosing one's own.
  if (principal.password_temporary && !op.before_own_password) {
    return net::MakeProblem(403, "password-change-required", "Set your password first",
                            "this session signed in with a one-time password; set your own with "
                            "PUT /api/v1/session/password");
  }
  const store::Scope& scope = principal.scope;
  switch (op.access) {
    case Access::kPublic:
    case Access::kAnyUser:
      return std::nullopt;
    case Access::kVendor:
      if (scope.is_partner())
        return Forbidden("partners cannot do this; it is for the vendor's team");
      return std::nullopt;
    case Access::kVendorAdmin:
      if (scope.is_partner())
        return Forbidden("partners cannot do this; it is for the vendor's team");
      if (!store::RoleAtLeast(scope.role, store::Role::kAdmin))
        return Forbidden("needs the owner or admin role");
      return std::nullopt;
    case Access::kOrgAdmin:
      if (!scope.is_org_admin()) return Forbidden("needs an admin role in the caller's org");
      return std::nullopt;
  }
  return std::nullopt;
}

net::Response App::RunOperation(const Operation& op, net::Request& request) {
  const std::int64_t now = request.received_at_ms;
  if (auto refused = Limit(op.rate_group, false, request.client_address, now)) return *refused;
  Context context{request, std::nullopt};
  std::string caller = StrCat("addr:", request.client_address);
  if (op.access != Access::kPublic) {
    auto principal = Authenticate(request);
    if (!principal.ok()) return ProblemFromStatus(principal.status());
    caller = principal->api_key_id.empty() ? StrCat("user:", principal->scope.user_id)
                                           : principal->api_key_id;
    if (auto refused = Limit(op.rate_group, true, caller, now)) return *refused;
    if (auto denied = Authorize(op, *principal, request)) return *denied;
    context.principal = std::move(*principal);
  }
  if (auto invalid = body_check_->Check(op, request)) return *invalid;
  auto run = [&] { return op.handler(context); };
  auto idempotency_key = request.headers.Find("idempotency-key");
  if (request.method == "POST" && idempotency_key) {
    return idempotency_.Run(caller, *idempotency_key, request, run);
  }
  return run();
}

void App::OnRejected(const net::Request& request, const net::Response& response) {
  deps_.metrics.RecordRequest("rejected", "-", response.status, 0);
  if (log::Enabled())
    log::Event("warn", "request rejected",
               {{"client", request.client_address}, {"status", response.status}});
}

void App::Finish(const net::Request& request, net::Response& response, double seconds) {
  // Handlers never set these, so Add (no search) is enough.
  auto& headers = response.headers;
  headers.Add("x-request-id", request.request_id);
  headers.Add("x-content-type-options", "nosniff");
  headers.Add("x-frame-options", "DENY");
  headers.Add("referrer-policy", "no-referrer");
  // The portal's pages set their own (api/web_app.h).
  if (!headers.Find("content-security-policy"))
    headers.Add("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  if (request.path.starts_with("/api/")) headers.Set("cache-control", "no-store");

  static const std::string kUnmatched = "unmatched";
  const std::string& route = request.route.empty() ? kUnmatched : request.route;
  deps_.metrics.RecordRequest(route, request.method, response.status, seconds);
  if (!log::Enabled()) return;
  log::Event(response.status >= 500 ? "error" : "info", "request",
             {{"request_id", request.request_id},
              {"method", request.method},
              {"path", request.path},
              {"route", route},
              {"status", response.status},
              {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
              {"client", request.client_address},
              {"bytes", response.body.size()}});
}

}  // namespace icopilot::api
