#include "core/metrics.h"

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(Metrics, RendersCountersAndCumulativeHistograms) {
  Metrics metrics;
  metrics.Describe("requests_total", "counter", "Requests");
  metrics.Increment("requests_total", Metrics::Label("route", "/a"));
  metrics.Increment("requests_total", Metrics::Label("route", "/a"));
  metrics.Observe("latency_seconds", "", 0.003);
  metrics.Observe("latency_seconds", "", 0.2);
  std::string text = metrics.Render();
  EXPECT_NE(text.find("# TYPE requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("requests_total{route=\"/a\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.005\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{le=\"0.25\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_count 2"), std::string::npos) << text;
}

TEST(Metrics, EscapesLabelValues) {
  EXPECT_EQ(Metrics::Label("path", "a\"b\\c\nd"), "path=\"a\\\"b\\\\c\\nd\"");
}

}  // namespace
}  // namespace icopilot
