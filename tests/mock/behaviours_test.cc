#include "mock/behaviours.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "mock/mock_engine.h"

namespace icopilot::mock {
namespace {

class FakeClock : public Clock {
 public:
  std::int64_t NowMillis() const override { return now; }
  std::int64_t now = 1'700'000'000'000;
};

TEST(MockBehaviours, ParsesLatencyAndChaosAsUsersWriteThem) {
  EXPECT_EQ(ParseLatency("50ms")->min.count(), 50);
  auto range = ParseLatency("20-200ms");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->min.count(), 20);
  EXPECT_EQ(range->max.count(), 200);
  EXPECT_EQ(ParseLatency("1s-2s")->max.count(), 2000);
  EXPECT_FALSE(ParseLatency("200-20ms").ok());
  EXPECT_FALSE(ParseLatency("soon").ok());
  EXPECT_DOUBLE_EQ(*ParseChaos("5%"), 0.05);
  EXPECT_DOUBLE_EQ(*ParseChaos("0.5"), 0.5);
  EXPECT_FALSE(ParseChaos("2").ok());
}

TEST(MockBehaviours, RateLimitCountsAFixedWindowPerCaller) {
  FakeClock clock;
  BehaviourOptions options;
  options.rate_limit = Rate{2, std::chrono::minutes(1)};
  Behaviours behaviours(options, 1, clock);
  EXPECT_FALSE(behaviours.Take("a").limited);
  auto second = behaviours.Take("a");
  EXPECT_FALSE(second.limited);
  EXPECT_EQ(second.remaining, 0);
  auto third = behaviours.Take("a");
  EXPECT_TRUE(third.limited);
  EXPECT_EQ(third.reset_seconds, 60);
  EXPECT_FALSE(behaviours.Take("b").limited) << "another caller has its own window";
  clock.now += 60'000;
  EXPECT_FALSE(behaviours.Take("a").limited) << "a new window";
}

TEST(MockBehaviours, ChaosAndLatencyAreReproducibleForASeed) {
  FakeClock clock;
  auto run = [&](std::uint64_t seed) {
    BehaviourOptions options;
    options.latency = {std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
    options.chaos = 0.5;
    Behaviours behaviours(options, seed, clock);
    std::string trace;
    for (int i = 0; i < 20; ++i) {
      trace += behaviours.Chaos(std::nullopt) ? "x" : ".";
      auto delay = behaviours.Delay(std::nullopt).count();
      EXPECT_GE(delay, 20);
      EXPECT_LE(delay, 200);
      trace += std::to_string(delay) + " ";
    }
    return trace;
  };
  EXPECT_EQ(run(7), run(7));
  EXPECT_NE(run(7), run(8));
  Behaviours none({}, 1, clock);
  EXPECT_FALSE(none.Chaos(std::nullopt));
  EXPECT_TRUE(none.Chaos(1.0)) << "Prefer: chaos=1 wins";
}

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Quotes, version: '1'}
paths:
  /quotes:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        '429': {description: slow down, content: {application/json: {schema: {type: object, required: [message], properties: {message: {type: string}}}}}}
        '503': {description: down, content: {application/json: {schema: {type: object, required: [retry], properties: {retry: {type: boolean}}}}}}
)";

net::Request Get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  net::Request request;
  request.method = "GET";
  request.path = request.target = "/quotes";
  request.client_address = "10.0.0.7";
  for (auto& [name, value] : headers) request.headers.Add(name, value);
  return request;
}

TEST(MockBehaviours, TheEngineAnswers429And5xxInTheDocumentedShapes) {
  FakeClock clock;
  auto loaded =
      std::make_shared<spec::LoadedSpec>(spec::LoadSpecText("quotes.yaml", std::string(kSpec)));
  ASSERT_TRUE(loaded->spec.has_value());
  MockOptions options;
  options.behaviours.rate_limit = Rate{1, std::chrono::seconds(10)};
  MockEngine engine(loaded, options, &clock);
  auto first = engine.Handle(Get());
  EXPECT_EQ(first.response.status, 200);
  EXPECT_EQ(first.response.headers.Find("ratelimit-remaining"), "0");
  auto limited = engine.Handle(Get());
  EXPECT_EQ(limited.response.status, 429);
  EXPECT_EQ(limited.response.headers.Find("retry-after"), "10");
  EXPECT_TRUE(boost::json::parse(limited.response.body).as_object().contains("message"));
  EXPECT_EQ(engine.Handle(Get({{"authorization", "Bearer someone"}})).response.status, 200)
      << "per credential";

  clock.now += 10'000;
  auto chaos = engine.Handle(Get({{"prefer", "chaos=1"}}));
  EXPECT_EQ(chaos.response.status, 503);
  EXPECT_TRUE(boost::json::parse(chaos.response.body).as_object().contains("retry"));
  clock.now += 10'000;
  EXPECT_EQ(engine.Handle(Get({{"prefer", "latency=150ms"}})).delay.count(), 150);
}

}  // namespace
}  // namespace icopilot::mock
