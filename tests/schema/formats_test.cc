#include "schema/formats.h"

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace icopilot::schema {
namespace {

bool Ok(Format format, std::string_view text) {
  return ConformsToFormat(format, boost::json::value(text));
}

TEST(SchemaFormats, DatesAndTimesFollowRfc3339) {
  EXPECT_TRUE(Ok(Format::kDateTime, "2024-02-29T12:00:00Z"));
  EXPECT_TRUE(Ok(Format::kDateTime, "1998-12-31T15:59:60.123-08:00"));  // leap second, 23:59:60 UTC
  EXPECT_FALSE(Ok(Format::kDateTime, "1998-12-31T22:59:60Z"));
  EXPECT_FALSE(Ok(Format::kDateTime, "2023-02-29T12:00:00Z"));
  EXPECT_FALSE(Ok(Format::kDateTime, "2024-01-01 12:00:00Z"));
  EXPECT_TRUE(Ok(Format::kDate, "2024-12-31"));
  EXPECT_FALSE(Ok(Format::kDate, "2024-13-01"));
  EXPECT_TRUE(Ok(Format::kDuration, "P3DT4H"));
  EXPECT_FALSE(Ok(Format::kDuration, "PT"));
}

TEST(SchemaFormats, AddressesAndIdentifiers) {
  EXPECT_TRUE(Ok(Format::kEmail, "ana@example.com"));
  EXPECT_FALSE(Ok(Format::kEmail, "ana@"));
  EXPECT_FALSE(Ok(Format::kEmail, "ana..b@example.com"));
  EXPECT_TRUE(Ok(Format::kUuid, "123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(Ok(Format::kUuid, "123e4567e89b12d3a456426614174000"));
  EXPECT_TRUE(Ok(Format::kIpv4, "192.168.0.1"));
  EXPECT_FALSE(Ok(Format::kIpv4, "192.168.0.01"));
  EXPECT_TRUE(Ok(Format::kIpv6, "::1"));
  EXPECT_FALSE(Ok(Format::kIpv6, "12345::"));
  EXPECT_TRUE(Ok(Format::kUri, "https://example.com/a?b=c"));
  EXPECT_FALSE(Ok(Format::kUri, "/relative"));
  EXPECT_TRUE(Ok(Format::kUriReference, "/relative"));
  EXPECT_TRUE(Ok(Format::kUriTemplate, "https://api.github.com/orgs/{org}{?page,per_page}"));
  EXPECT_TRUE(Ok(Format::kUriTemplate, "/repos{/owner,repo}/labels{/name:3}{&list*}"));
  EXPECT_FALSE(Ok(Format::kUriTemplate, "https://x/{unclosed"));
  EXPECT_FALSE(Ok(Format::kUriTemplate, "https://x/{bad name}"));
  EXPECT_TRUE(Ok(Format::kByte, "aGVsbG8="));
  EXPECT_FALSE(Ok(Format::kByte, "aGVsbG8"));
}

TEST(SchemaFormats, NumericFormatsBoundTheValue) {
  EXPECT_TRUE(ConformsToFormat(Format::kInt32, boost::json::value(2147483647)));
  EXPECT_FALSE(ConformsToFormat(Format::kInt32, boost::json::value(2147483648LL)));
  EXPECT_FALSE(ConformsToFormat(Format::kInt64, boost::json::value(1.5)));
  EXPECT_TRUE(
      ConformsToFormat(Format::kEmail, boost::json::value(5)));  // not a string: not its business
}

}  // namespace
}  // namespace icopilot::schema
