// rate-limiting.*: past its limit the API answers 429 and says when to retry; answers
// report the remaining budget. Run last, alone: they spend the budget the other cases need.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"

namespace icopilot::golden {
namespace {

// The operation to spend requests on: a GET that documents 429 (one without path
// parameters first), else any GET, else any operation that documents rate limits.
std::optional<std::size_t> PickOperation(const RunContext& run) {
  std::optional<std::size_t> best;
  int best_score = -1;
  for (std::size_t i = 0; i < run.spec.operations.size(); ++i) {
    const auto& op = run.spec.operations[i];
    const auto& traits = run.blueprint.operations[i];
    int score = 0;
    if (traits.rate_limit_documented) score += 4;
    if (op.method == spec::Method::kGet) score += 2;
    if (op.path.find('{') == std::string::npos) score += 1;
    if (op.method != spec::Method::kGet && run.read_only) continue;
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

bool RetryAfterRequired(const spec::Spec& spec) {
  for (const auto& op : spec.operations) {
    for (const auto& response : op.responses) {
      if (response.status != "429") continue;
      for (const auto& header : response.headers) {
        if (header.required && ToLower(header.name) == "retry-after") return true;
      }
    }
  }
  return false;
}

bool HasRateHeaders(const net::ClientResponse& response) {
  for (const auto& [name, value] : response.headers.fields()) {
    std::string lower = ToLower(name);
    if (lower.starts_with("ratelimit") || lower.starts_with("x-ratelimit") ||
        lower.starts_with("x-rate-limit"))
      return true;
  }
  return false;
}

// A probe never sends more than this when the spec states no limit: enough to meet the
// limits sandboxes usually have (60 to 600 a minute), never enough to look like an attack.
constexpr std::size_t kDefaultProbeCap = 1000;
// Requests in flight at once while probing: a limit is counted per window, and one
// connection at a time behind 50 ms of latency would take the cap 50 s to spend.
constexpr int kProbeWorkers = 8;

// A whole non-negative decimal number, as rate-limit headers write them.
std::optional<std::uint64_t> Decimal(std::string_view text) {
  std::uint64_t n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// The number an answer's own headers give for what is left, when they give one.
std::optional<std::uint64_t> Remaining(const net::ClientResponse& response) {
  for (const auto& [name, value] : response.headers.fields()) {
    std::string lower = ToLower(name);
    if (lower != "ratelimit-remaining" && lower != "x-ratelimit-remaining" &&
        lower != "x-rate-limit-remaining")
      continue;
    if (auto n = Decimal(TrimWhitespace(value))) return n;
  }
  return std::nullopt;
}

// Sends the chosen operation's valid request until a 429, within a budget: the limit the
// spec states (or the first answer's remaining count) plus a margin, else a default cap;
// always within the run's own bounds. The 429 (or none) is kept for retry-after. Called
// once per run.
void FindLimit(CaseContext& context) {
  RunContext& run = context.run;
  RateLimitFinding finding;
  auto index = PickOperation(run);
  if (!index) {
    run.rate_limit = std::move(finding);
    return;
  }
  auto request = context.ValidFor(*index);
  if (!request.ok()) {
    finding.failure = std::string(request.status().message());
    finding.not_built = true;
    run.rate_limit = std::move(finding);
    return;
  }
  const spec::Operation& op = run.spec.operations[*index];
  finding.stated = run.blueprint.operations[*index].stated_rate_limit;
  std::size_t budget = kDefaultProbeCap;
  if (finding.stated) budget = static_cast<std::size_t>(*finding.stated + *finding.stated / 5 + 10);

  std::mutex mutex;
  std::atomic<std::size_t> sent{0};
  std::atomic<bool> done{false};
  auto probe = [&] {
    std::vector<Exchange> scratch;
    while (!done.load()) {
      {
        std::lock_guard lock(mutex);
        if (sent.load() >= budget) return;
        ++sent;
      }
      scratch.clear();
      auto response = run.session.Send(*request, scratch, {.keep_429 = true});
      std::lock_guard lock(mutex);
      if (!response.ok()) {
        // Out of requests or time is the budget ending; anything else is a failed request.
        if (!absl::IsResourceExhausted(response.status()) || !scratch.empty())
          finding.failure = std::string(response.status().message());
        finding.evidence.insert(finding.evidence.end(), scratch.begin(), scratch.end());
        done = true;
        return;
      }
      if (finding.evidence.empty() || response->status == 429)
        finding.evidence.insert(finding.evidence.end(), scratch.begin(), scratch.end());
      if (response->status == 429) {
        if (!finding.refused) finding.refused = std::move(*response);
        done = true;
        return;
      }
      // What the answer says is left narrows the budget: no need to send past it.
      if (auto left = Remaining(*response); left && !finding.stated)
        budget = std::min(budget, sent.load() + static_cast<std::size_t>(*left) + 10);
    }
  };
  {
    std::vector<std::jthread> workers;
    for (int t = 1; t < kProbeWorkers; ++t) workers.emplace_back(probe);
    probe();
  }
  finding.sent = sent.load();
  finding.budget = budget;
  context.Note(StrCat(finding.sent, " requests to ", op.operation_id, " (budget ", budget,
                      finding.stated ? StrCat(": the spec states a limit of ", *finding.stated)
                                     : std::string(": no limit stated in the spec"),
                      ")"));
  run.rate_limit = std::move(finding);
}

void Headers(CaseContext& context) {
  auto index = PickOperation(context.run);
  if (!index) return context.Skip("no operation to send");
  auto request = context.ValidFor(*index);
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  auto response = context.Send(*request, {.keep_429 = true});
  if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  if (!HasRateHeaders(*response))
    return context.Fail(StrCat(
        Got(*response), " without RateLimit-* or X-RateLimit-* headers, which the spec documents"));
  context.Pass(Got(*response));
}

// The probe for a 429, run once for the cases that read it; its exchanges become each
// case's evidence.
const RateLimitFinding& Finding(CaseContext& context) {
  {
    std::lock_guard lock(context.run.rate_mutex);
    if (!context.run.rate_limit) FindLimit(context);
  }
  const RateLimitFinding& finding = *context.run.rate_limit;
  context.result.evidence.insert(context.result.evidence.end(), finding.evidence.begin(),
                                 finding.evidence.end());
  return finding;
}

void LimitEnforced(CaseContext& context) {
  const RateLimitFinding& finding = Finding(context);
  if (finding.not_built)
    return context.NotSetUp(StrCat("no valid request can be built: ", finding.failure));
  if (finding.refused) return context.Pass(StrCat("got 429 after ", finding.sent, " requests"));
  if (!finding.failure.empty())
    return context.Error(StrCat("a request failed before any 429: ", finding.failure));
  if (finding.stated)
    return context.Breach(StrCat("no 429 after ", finding.sent, " requests, past the limit of ",
                                 *finding.stated, " the spec states"));
  context.Fail(StrCat("no 429 within ", finding.sent,
                      " requests; the spec documents a 429 but states no limit, so the probe "
                      "stops there"));
}

void RetryAfter(CaseContext& context) {
  const RateLimitFinding& finding = Finding(context);
  if (!finding.refused) return context.Skip("no 429 was received (see limit-enforced)");
  auto header = finding.refused->headers.Find("retry-after");
  if (!header) {
    if (RetryAfterRequired(context.run.spec))
      return context.Breach("the 429 has no Retry-After header, which the spec marks required");
    return context.Fail("the 429 has no Retry-After header");
  }
  if (!ParseRetryAfter(*header, std::time(nullptr)))
    return context.Fail(StrCat("Retry-After '", *header, "' is neither seconds nor an HTTP date"));
  context.Pass(StrCat("Retry-After: ", *header));
}

bool DocumentsRateLimiting(const Subject& subject, std::string& why_not) {
  const spec::Category& category = subject.blueprint.Find(TestCategory::kRateLimiting);
  if (!category.applicable) why_not = category.reason;
  return category.applicable;
}

bool DocumentsRateLimitHeaders(const Subject& subject, std::string& why_not) {
  if (!DocumentsRateLimiting(subject, why_not)) return false;
  for (const auto& op : subject.spec.operations) {
    for (const auto& response : op.responses) {
      for (const auto& header : response.headers) {
        std::string name = ToLower(header.name);
        if (name.starts_with("ratelimit") || name.starts_with("x-ratelimit") ||
            name.starts_with("x-rate-limit"))
          return true;
      }
    }
  }
  why_not = "no response documents RateLimit or X-RateLimit headers";
  return false;
}

}  // namespace

// The runner runs these in this order, one at a time: headers reads a normal answer, so
// it goes before limit-enforced spends the budget.
std::vector<Case> RateLimitingCases() {
  constexpr auto kCategory = TestCategory::kRateLimiting;
  constexpr std::string_view kDocumented =
      "APIs that document rate limiting (429 or RateLimit headers)";
  return {
      {"rate-limiting.headers", kCategory, "Answers report the remaining budget", "a valid request",
       "RateLimit-Limit/Remaining/Reset or X-RateLimit-* headers",
       "APIs that document rate-limit headers", kExchangeEvidence, Scope::kApi, false,
       Rule::kConvention,
       "IETF draft-ietf-httpapi-ratelimit-headers; optional unless the spec marks them required",
       DocumentsRateLimitHeaders, Headers},
      {"rate-limiting.limit-enforced", kCategory, "Past the limit, requests are refused",
       "requests to one operation until a 429 (bounded by --max-duration)", "429 within the budget",
       kDocumented, kExchangeEvidence, Scope::kApi, false, Rule::kConvention,
       "a documented 429 (RFC 6585 §4); a failure only where the spec states the limit",
       DocumentsRateLimiting, LimitEnforced},
      {"rate-limiting.retry-after", kCategory, "A 429 says when to retry", "as limit-enforced",
       "Retry-After (seconds or an HTTP date) on the 429", "APIs that document rate limiting",
       kExchangeEvidence, Scope::kApi, false, Rule::kConvention,
       "RFC 6585 §4: a 429 MAY include Retry-After", DocumentsRateLimiting, RetryAfter},
  };
}

}  // namespace icopilot::golden
