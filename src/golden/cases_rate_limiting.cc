// rate-limiting.*: past its limit the API answers 429 and says when to retry; answers
// report the remaining budget. Run last, alone: they spend the budget the other cases need.
#include <algorithm>
#include <ctime>

#include "core/strings.h"
#include "golden/case_context.h"

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
    if (op.method == "get") score += 2;
    if (op.path.find('{') == std::string::npos) score += 1;
    if (op.method != "get" && run.read_only) continue;
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
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

// Sends the chosen operation's valid request until a 429, within the run's bounds; the
// 429 (or none) is kept for retry-after. Called once per run.
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
    run.rate_limit = std::move(finding);
    return;
  }
  std::size_t sent = 0;
  std::vector<Exchange> scratch;
  while (true) {
    scratch.clear();
    auto response = run.session.Send(*request, scratch, {.keep_429 = true});
    if (!response.ok()) {
      // Out of requests or time is the budget ending; anything else is a failed request.
      if (!absl::IsResourceExhausted(response.status()) || !scratch.empty())
        finding.failure = std::string(response.status().message());
      finding.evidence.insert(finding.evidence.end(), scratch.begin(), scratch.end());
      break;
    }
    ++sent;
    if (sent == 1 || response->status == 429)
      finding.evidence.insert(finding.evidence.end(), scratch.begin(), scratch.end());
    if (response->status == 429) {
      finding.refused = std::move(*response);
      break;
    }
  }
  finding.sent = sent;
  context.Note(StrCat(sent, " requests to ", run.spec.operations[*index].operation_id));
  run.rate_limit = std::move(finding);
}

}  // namespace

void RunRateLimitingCase(CaseContext& context) {
  const std::string_view id = context.row.c->id;
  if (id == "rate-limiting.headers") {
    auto index = PickOperation(context.run);
    if (!index) return context.Skip("no operation to send");
    auto request = context.ValidFor(*index);
    if (!request.ok()) return context.ErrorFrom(request.status(), "building");
    auto response = context.Send(*request, {.keep_429 = true});
    if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
    if (!HasRateHeaders(*response))
      return context.Fail(
          StrCat(Got(*response),
                 " without RateLimit-* or X-RateLimit-* headers, which the spec documents"));
    return context.Pass(Got(*response));
  }
  {
    std::lock_guard lock(context.run.rate_mutex);
    if (!context.run.rate_limit) FindLimit(context);
  }
  const RateLimitFinding& finding = *context.run.rate_limit;
  context.result.evidence.insert(context.result.evidence.end(), finding.evidence.begin(),
                                 finding.evidence.end());
  if (id == "rate-limiting.limit-enforced") {
    if (finding.refused) return context.Pass("got 429");
    if (!finding.failure.empty())
      return context.Error(StrCat("a request failed before any 429: ", finding.failure));
    return context.Fail(StrCat("no 429 after ", finding.sent,
                               " requests, when the run's budget ended (--max-duration ",
                               context.run.session.limits().max_duration.count() / 1000, " s, ",
                               context.run.session.limits().max_requests, " requests)"));
  }
  if (id == "rate-limiting.retry-after") {
    if (!finding.refused) return context.Skip("no 429 was received (see limit-enforced)");
    auto header = finding.refused->headers.Find("retry-after");
    if (!header) return context.Fail("the 429 has no Retry-After header");
    if (!ParseRetryAfter(*header, std::time(nullptr)))
      return context.Fail(
          StrCat("Retry-After '", *header, "' is neither seconds nor an HTTP date"));
    return context.Pass(StrCat("Retry-After: ", *header));
  }
  context.Error(StrCat("unknown case ", id));
}

}  // namespace icopilot::golden
