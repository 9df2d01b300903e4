// performance.*: answers in time one at a time, and all answered when sent at once.
#include <algorithm>
#include <optional>
#include <thread>
#include <utility>

#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"

namespace icopilot::golden {
namespace {

constexpr int kSequential = 20;
constexpr int kConcurrent = 10;
constexpr double kP95LimitMs = 1000;

// A GET the runner can call: without path parameters first (a list), else any.
std::optional<std::size_t> PickRead(const RunContext& run) {
  std::optional<std::size_t> any;
  for (std::size_t i = 0; i < run.spec.operations.size(); ++i) {
    const auto& op = run.spec.operations[i];
    if (op.method != spec::Method::kGet) continue;
    if (op.path.find('{') == std::string::npos) return i;
    if (!any) any = i;
  }
  return any;
}

// A valid request to a read operation to time, and its operationId; nullopt with the case
// ended when there is none.
std::optional<std::pair<net::Request, std::string>> ReadRequest(CaseContext& context) {
  auto index = PickRead(context.run);
  if (!index) {
    context.NotApplicable("the API has no GET operation to time");
    return std::nullopt;
  }
  auto request = context.ValidFor(*index);
  if (!request.ok()) {
    context.ErrorFrom(request.status(), "building");
    return std::nullopt;
  }
  return std::pair{std::move(*request), context.run.spec.operations[*index].operation_id};
}

void Latency(CaseContext& context) {
  auto read = ReadRequest(context);
  if (!read) return;
  const net::Request& request = read->first;
  const std::string& what = read->second;
  std::vector<Exchange> timed;
  for (int i = 0; i < kSequential; ++i) {
    auto response = context.run.session.Send(request, timed);
    if (!response.ok()) return context.ErrorFrom(response.status(), "sending");
  }
  std::vector<double> times;
  for (const Exchange& exchange : timed) times.push_back(exchange.duration_ms);
  std::sort(times.begin(), times.end());
  const double p50 = times[times.size() / 2];
  const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];
  // The first two exchanges as evidence; the timings of all in the reason.
  context.result.evidence.insert(context.result.evidence.end(), timed.begin(),
                                 timed.begin() + std::min<std::size_t>(2, timed.size()));
  const std::string timing =
      StrCat(kSequential, " requests to ", what, ": p50 ", static_cast<int>(p50), " ms, p95 ",
             static_cast<int>(p95), " ms, slowest ", static_cast<int>(times.back()), " ms");
  if (p95 >= kP95LimitMs)
    return context.Fail(StrCat(timing, " (p95 over ", static_cast<int>(kP95LimitMs), " ms)"));
  context.Pass(timing);
}

void Concurrency(CaseContext& context) {
  auto read = ReadRequest(context);
  if (!read) return;
  const net::Request& request = read->first;
  const std::string& what = read->second;
  std::vector<absl::StatusOr<net::ClientResponse>> answers(kConcurrent,
                                                           absl::UnknownError("not sent"));
  std::vector<std::vector<Exchange>> evidence(kConcurrent);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kConcurrent; ++i) {
      threads.emplace_back([&, i] { answers[i] = context.run.session.Send(request, evidence[i]); });
    }
  }
  std::vector<std::string> failures;
  for (int i = 0; i < kConcurrent; ++i) {
    context.result.evidence.insert(context.result.evidence.end(), evidence[i].begin(),
                                   evidence[i].end());
    if (!answers[i].ok())
      failures.push_back(std::string(answers[i].status().message()));
    else if (answers[i]->status >= 500)
      failures.push_back(Got(*answers[i]));
  }
  if (!failures.empty())
    return context.Fail(StrCat(failures.size(), " of ", kConcurrent, " concurrent requests to ",
                               what, " failed: ", failures.front()));
  context.Pass(StrCat(kConcurrent, " concurrent requests to ", what, ", no 5xx"));
}

bool HasReadOperation(const Subject& subject, std::string& why_not) {
  const auto& operations = subject.spec.operations;
  if (std::any_of(operations.begin(), operations.end(),
                  [](const spec::Operation& op) { return op.method == spec::Method::kGet; }))
    return true;
  why_not = "the API has no GET operation to time";
  return false;
}

}  // namespace

std::vector<Case> PerformanceCases() {
  constexpr auto kCategory = TestCategory::kPerformance;
  constexpr std::string_view kCallableRead = "APIs with a GET operation the runner can call";
  return {
      {"performance.latency", kCategory, "Answers come back in time",
       "20 valid requests to a read operation, one at a time", "p95 under 1 second", kCallableRead,
       "the timings and their percentiles", Scope::kApi, false, Rule::kConvention,
       "a 1 s p95 convention for interactive APIs; no spec states it", HasReadOperation, Latency},
      {"performance.concurrency", kCategory, "Concurrent requests all succeed",
       "10 valid requests to a read operation at once", "no 5xx and no dropped connection",
       kCallableRead, "the timings and statuses", Scope::kApi, false, Rule::kContract,
       "RFC 9110 §15.6: no 5xx for valid requests", HasReadOperation, Concurrency},
  };
}

}  // namespace icopilot::golden
