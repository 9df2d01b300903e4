#include "net/cidr.h"

#include <gtest/gtest.h>

namespace icopilot::net {
namespace {

TEST(CidrSet, MatchesRangesOfBothFamilies) {
  auto set = CidrSet::Parse("10.0.0.0/8, 192.168.1.7, ::1/128, fd00::/8");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_TRUE(set->Contains("10.200.3.4"));
  EXPECT_FALSE(set->Contains("11.0.0.1"));
  EXPECT_TRUE(set->Contains("192.168.1.7"));
  EXPECT_FALSE(set->Contains("192.168.1.8"));
  EXPECT_TRUE(set->Contains("::1"));
  EXPECT_TRUE(set->Contains("fd12::5"));
  EXPECT_TRUE(set->Contains("::ffff:10.1.1.1"));  // v4-mapped
  EXPECT_FALSE(set->Contains("not an address"));
}

TEST(CidrSet, RejectsMalformedRanges) {
  EXPECT_FALSE(CidrSet::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(CidrSet::Parse("10.0.0/8").ok());
  EXPECT_FALSE(CidrSet::Parse("10.0.0.0/x").ok());
}

TEST(ClientAddress, BelievesForwardedForOnlyFromTrustedPeers) {
  auto trusted = CidrSet::Parse("127.0.0.1,10.0.0.0/8");
  ASSERT_TRUE(trusted.ok());
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9, 10.0.0.2", *trusted), "203.0.113.9");
  EXPECT_EQ(ClientAddress("198.51.100.1", "203.0.113.9", *trusted), "198.51.100.1");
  // A client cannot spoof past the first untrusted hop.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.9", *trusted), "203.0.113.9");
  EXPECT_EQ(ClientAddress("127.0.0.1", "garbage", *trusted), "127.0.0.1");
}

}  // namespace
}  // namespace icopilot::net
