// Annotation conditions on one core: a 5-clause condition evaluated against a refund
// request, a million times, against the ceiling: the same five checks written by hand in
// C++ over the same Boost.JSON object. Issue 18's target: 1 million evaluations/s.
#include <chrono>
#include <cstdio>

#include <boost/json/parse.hpp>

#include "best_seconds.h"
#include "contract/condition.h"

namespace {

constexpr const char* kCondition =
    R"(body.amount > 10000 and headers["x-region"] == "EU" and exists(body.metadata) and )"
    R"(len(body.items) < 100 and not (query.mode in ["test", "sandbox"]))";

bool ByHand(const boost::json::object& request) {
  const auto& body = request.at("body").as_object();
  const auto* amount = body.if_contains("amount");
  if (amount == nullptr || !amount->is_number() || amount->to_number<double>() <= 10000)
    return false;
  const auto* region = request.at("headers").as_object().if_contains("x-region");
  if (region == nullptr || !region->is_string() || region->get_string() != "EU") return false;
  if (!body.contains("metadata")) return false;
  const auto* items = body.if_contains("items");
  if (items == nullptr || !items->is_array() || items->get_array().size() >= 100) return false;
  const auto* mode = request.at("query").as_object().if_contains("mode");
  return !(mode != nullptr && mode->is_string() &&
           (mode->get_string() == "test" || mode->get_string() == "sandbox"));
}

}  // namespace

int main() {
  const boost::json::object request =
      boost::json::parse(R"({"body": {"amount": 12000, "currency": "EUR", "metadata": {"k": 1},
                                      "items": [{"sku": "a"}, {"sku": "b"}], "reason": "late"},
                             "headers": {"x-region": "EU", "content-type": "application/json",
                                         "authorization": "Bearer x", "idempotency-key": "k1"},
                             "query": {"mode": "live"}, "path": {"id": "ord_1"}})")
          .as_object();
  auto parsed = icopilot::contract::ParseCondition(kCondition);
  if (!parsed.condition) {
    std::fprintf(stderr, "column %d: %s\n", parsed.error.column, parsed.error.message.c_str());
    return 1;
  }
  constexpr int kEvaluations = 1'000'000;
  int matched = 0;
  double condition = BestSeconds(5, [&] {
    matched = 0;
    for (int i = 0; i < kEvaluations; ++i) matched += parsed.condition->Matches(request) ? 1 : 0;
  });
  int matched_by_hand = 0;
  double by_hand = BestSeconds(5, [&] {
    matched_by_hand = 0;
    for (int i = 0; i < kEvaluations; ++i) matched_by_hand += ByHand(request) ? 1 : 0;
  });
  if (matched != kEvaluations || matched_by_hand != kEvaluations) {
    std::fprintf(stderr, "the condition and the hand-written check disagree\n");
    return 1;
  }
  double parse = BestSeconds(5, [&] {
    for (int i = 0; i < 10'000; ++i) {
      if (!icopilot::contract::ParseCondition(kCondition).condition) std::abort();
    }
  });
  std::printf("\nAnnotation conditions: 5 clauses, one core, best of 5\n");
  std::printf("%-46s %12.0f evaluations/s  (target 1,000,000: %.1fx)\n", "icopilot condition",
              kEvaluations / condition, kEvaluations / condition / 1e6);
  std::printf("%-46s %12.0f evaluations/s\n", "ceiling: the same checks in C++ by hand",
              kEvaluations / by_hand);
  std::printf("%-46s %12.2f\n", "ratio to the ceiling", by_hand / condition);
  std::printf("%-46s %12.1f us\n", "parse, once per annotation", parse / 10'000 * 1e6);
  return 0;
}
