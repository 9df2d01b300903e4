#include "store/lease_repository.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "support/test_database.h"

namespace icopilot::store {
namespace {

TEST(LeaseRepository, OneHolderAtATimeUntilReleasedOrRunOut) {
  testing::TempDir dir;
  auto db = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(db.ok()) << db.status();
  LeaseRepository leases(**db);
  EXPECT_TRUE(*leases.Take("channel:1", "a", 1'000, 0));
  EXPECT_FALSE(*leases.Take("channel:1", "b", 1'500, 500)) << "a holds it";
  EXPECT_TRUE(*leases.Take("channel:2", "b", 1'500, 500)) << "another name is free";
  EXPECT_TRUE(*leases.Take("channel:1", "a", 2'000, 900)) << "the holder renews";
  EXPECT_FALSE(*leases.Take("channel:1", "b", 2'500, 1'999));
  EXPECT_TRUE(*leases.Take("channel:1", "b", 3'000, 2'000)) << "run out: anyone may take it";
  EXPECT_FALSE(*leases.Take("channel:1", "a", 3'000, 2'100)) << "a lost it";
  ASSERT_TRUE(leases.Release("channel:1", "a").ok());
  EXPECT_FALSE(*leases.Take("channel:1", "a", 3'000, 2'100)) << "only the holder releases";
  ASSERT_TRUE(leases.Release("channel:1", "b").ok());
  EXPECT_TRUE(*leases.Take("channel:1", "a", 3'000, 2'100));
}

// Instances taking one lease at the same moment: exactly one wins each round.
TEST(LeaseRepository, InstancesTakingAtOnceGetOneWinner) {
  testing::TempDir dir;
  auto first = testing::OpenTestDatabase(dir.path());
  auto second = testing::OpenTestDatabase(dir.path());
  ASSERT_TRUE(first.ok() && second.ok());
  for (int round = 0; round < 20; ++round) {
    const std::string name = "job:" + std::to_string(round);
    std::atomic<int> winners = 0;
    std::thread a(
        [&] { winners += LeaseRepository(**first).Take(name, "a", 1'000, 0).value_or(false); });
    std::thread b(
        [&] { winners += LeaseRepository(**second).Take(name, "b", 1'000, 0).value_or(false); });
    a.join();
    b.join();
    EXPECT_EQ(winners, 1) << name;
  }
}

}  // namespace
}  // namespace icopilot::store
