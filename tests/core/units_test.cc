#include "core/units.h"

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(ParseDuration, AcceptsTheDocumentedUnits) {
  EXPECT_EQ(ParseDuration("250ms")->count(), 250);
  EXPECT_EQ(ParseDuration("10s")->count(), 10'000);
  EXPECT_EQ(ParseDuration("2m")->count(), 120'000);
  EXPECT_EQ(ParseDuration("1h")->count(), 3'600'000);
}

TEST(ParseDuration, RejectsWhatItCannotRead) {
  for (const char* bad : {"", "10", "s", "-5s", "1.5s", "10 s", "10sec", "99999999999999999999s"}) {
    auto parsed = ParseDuration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(std::string(parsed.status().message()).find("not a duration"), std::string::npos);
  }
}

TEST(ParseRate, AcceptsCountPerPeriod) {
  auto rate = ParseRate("100/min");
  ASSERT_TRUE(rate.ok());
  EXPECT_EQ(rate->count, 100);
  EXPECT_EQ(rate->period.count(), 60'000);
  EXPECT_EQ(ParseRate("10/s")->period.count(), 1000);
  EXPECT_FALSE(ParseRate("0/s").ok());
  EXPECT_FALSE(ParseRate("10/day").ok());
  EXPECT_FALSE(ParseRate("ten/s").ok());
}

}  // namespace
}  // namespace icopilot
