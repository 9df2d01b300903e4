#include "golden/session.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <thread>

#include "contract/operation_index.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot::golden {
namespace {

using Clock = std::chrono::steady_clock;

// Waits on a 429 at most this long per wait, and at most this many times per request.
constexpr std::chrono::seconds kLongestRetryWait{30};
constexpr int kRetriesAfter429 = 3;

bool IsCredentialHeader(std::string_view name, const std::vector<std::string>& api_key_headers) {
  std::string lower = ToLower(name);
  return lower == "authorization" || lower == "cookie" ||
         std::find(api_key_headers.begin(), api_key_headers.end(), lower) != api_key_headers.end();
}

}  // namespace

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, std::int64_t now_unix) {
  value = TrimWhitespace(value);
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size() && seconds >= 0)
    return std::chrono::seconds(seconds);
  std::tm tm{};
  std::string text(value);
  const char* parsed = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (parsed == nullptr || *parsed != '\0') return std::nullopt;
  std::int64_t at = timegm(&tm);
  return std::chrono::seconds(std::max<std::int64_t>(0, at - now_unix));
}

Session::Session(const spec::Spec& spec, Target target, RunLimits limits, std::stop_token stop)
    : target_(std::move(target)),
      limits_(limits),
      spec_base_path_(spec.servers.empty() ? "" : contract::BasePathOf(spec.servers.front())),
      deadline_(Clock::now() + limits.max_duration),
      stop_(std::move(stop)) {
  std::string url = target_.base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::size_t scheme_end = url.find("://");
  std::size_t path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  url_root_ = url.substr(0, path_start);
  url_path_ = path_start == std::string::npos ? "" : url.substr(path_start);
  policy_.max_body_bytes = limits_.evidence_body_bytes;
  for (const std::string& secret :
       {target_.api_key, target_.bearer, target_.basic,
        target_.basic.empty() ? std::string() : EncodeBase64(target_.basic)}) {
    if (!secret.empty()) policy_.secrets.push_back(secret);
  }
  if (target_.oauth2) {
    if (!target_.oauth2->client_secret.empty())
      policy_.secrets.push_back(target_.oauth2->client_secret);
  }
  if (!target_.webhook_secret.empty()) policy_.secrets.push_back(target_.webhook_secret);
  for (const auto& scheme : spec.security_schemes) {
    if (scheme.type == spec::SchemeType::kApiKey && scheme.in == spec::ParameterIn::kHeader)
      policy_.credential_headers.push_back(ToLower(scheme.parameter_name));
  }
}

std::string Session::UrlFor(const net::Request& request) const {
  std::string_view path = request.path;
  if (!url_path_.empty() && path.starts_with(spec_base_path_))
    path.remove_prefix(spec_base_path_.size());
  std::string prefix = url_path_.empty() ? std::string() : url_path_;
  return StrCat(url_root_, prefix, path, request.query.empty() ? "" : "?", request.query);
}

std::string Session::UrlForPath(std::string_view path) const {
  return StrCat(url_root_, url_path_.empty() ? spec_base_path_ : url_path_, path);
}

void Session::AddSecret(const std::string& secret) {
  std::lock_guard lock(mutex_);
  if (!secret.empty()) policy_.secrets.push_back(secret);
}

void Session::AddCredentialHeader(const std::string& lower_name) {
  std::lock_guard lock(mutex_);
  policy_.credential_headers.push_back(lower_name);
}

EvidencePolicy Session::Policy() const {
  std::lock_guard lock(mutex_);
  return policy_;
}

bool Session::OutOfTime() const { return stop_.stop_requested() || Clock::now() >= deadline_; }

std::chrono::milliseconds Session::TimeLeft() const {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()));
}

absl::StatusOr<net::ClientResponse> Session::Send(const net::Request& request,
                                                  std::vector<Exchange>& evidence,
                                                  const SendOptions& options) {
  net::ClientRequest out;
  out.method = request.method;
  out.url = UrlFor(request);
  const EvidencePolicy policy = Policy();
  for (const auto& [name, value] : target_.headers) {
    if (request.headers.Find(name)) continue;
    if (options.without_default_credentials && IsCredentialHeader(name, policy.credential_headers))
      continue;
    out.headers.emplace_back(name, value);
  }
  for (const auto& field : request.headers.fields()) out.headers.push_back(field);
  out.body = request.body;
  return Perform(std::move(out), evidence, options);
}

absl::StatusOr<net::ClientResponse> Session::SendTo(net::ClientRequest request,
                                                    std::vector<Exchange>& evidence,
                                                    const SendOptions& options) {
  return Perform(std::move(request), evidence, options);
}

absl::StatusOr<net::ClientResponse> Session::Perform(net::ClientRequest request,
                                                     std::vector<Exchange>& evidence,
                                                     const SendOptions& options) {
  request.tls = target_.tls;
  request.resolve = target_.resolve;
  request.max_body_bytes = limits_.max_body_bytes;
  for (int attempt = 0;; ++attempt) {
    if (OutOfTime()) {
      return absl::ResourceExhaustedError(
          "the run reached its time limit (--max-duration) before this request");
    }
    if (sent_.fetch_add(1) >= limits_.max_requests) {
      return absl::ResourceExhaustedError(
          StrCat("the run reached its limit of ", limits_.max_requests, " requests"));
    }
    request.timeout = std::min(target_.timeout, std::max(TimeLeft(), std::chrono::milliseconds(1)));
    const auto started = Clock::now();
    absl::StatusOr<net::ClientResponse> response = net::SendHttp(request);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (options.record) evidence.push_back(RecordExchange(request, response, ms, Policy()));
    // Nothing asks for compression, so an encoded answer is not decoded (a bomb stays
    // the size it was sent at) and cannot be judged.
    if (response.ok()) {
      auto encoding = response->headers.Find("content-encoding");
      if (encoding && !encoding->empty() && ToLower(*encoding) != "identity") {
        return absl::DataLossError(StrCat(request.url, ": the answer is '", *encoding,
                                          "'-encoded though no encoding was asked for; it is "
                                          "not decoded"));
      }
    }
    if (!response.ok() || response->status != 429 || options.keep_429 ||
        attempt >= kRetriesAfter429) {
      return response;
    }
    // Not a rate-limiting case: wait as asked, within the run's time, and send again.
    auto header = response->headers.Find("retry-after");
    std::chrono::seconds wait{1};
    if (header) {
      if (auto parsed = ParseRetryAfter(*header, std::time(nullptr))) wait = *parsed;
    }
    wait = std::clamp(wait, std::chrono::seconds(1), kLongestRetryWait);
    if (wait >= TimeLeft()) return response;
    for (auto until = Clock::now() + wait; Clock::now() < until && !OutOfTime();)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace icopilot::golden
