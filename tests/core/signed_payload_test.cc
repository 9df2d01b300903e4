#include "core/signed_payload.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

TEST(SignedPayloadTest, SignsTimestampDotBodyWithHmacSha256) {
  EXPECT_EQ(SignPayload("s3cret", kNow, "{}"),
            StrCat("t=", kNow, ",v1=", HmacSha256Hex("s3cret", StrCat(kNow, ".{}"))));
  auto verified =
      VerifySignedPayload(SignPayload("s3cret", kNow, "{}"), "{}", {"s3cret"}, kNow, 300);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(*verified, HmacSha256Hex("s3cret", StrCat(kNow, ".{}")));
}

TEST(SignedPayloadTest, AnyCurrentSecretAndAnyListedSignatureMayMatch) {
  std::string header = StrCat("t=", kNow, ",v1=", std::string(64, '0'),
                              ",v1=", HmacSha256Hex("new", StrCat(kNow, ".body")), ",v0=ignored");
  EXPECT_TRUE(VerifySignedPayload(header, "body", {"old", "new"}, kNow, 300).ok());
  EXPECT_FALSE(VerifySignedPayload(header, "body", {"old"}, kNow, 300).ok());
}

TEST(SignedPayloadTest, RefusalsSayWhy) {
  const std::string good = SignPayload("k", kNow, "b");
  struct Case {
    std::string header;
    std::string body;
    std::int64_t now;
    std::string reason;
  } cases[] = {
      {good, "b!", kNow, "bad signature"},
      {good, "b", kNow + 301, "stale signature: signed 301 s ago"},
      {good, "b", kNow - 301, "301 s in the future"},
      {"v1=" + std::string(64, 'a'), "b", kNow, "no t= timestamp"},
      {StrCat("t=", kNow), "b", kNow, "no v1= signature"},
      {StrCat("t=", kNow, ",v1=abc"), "b", kNow, "not 64 hex digits"},
      {"t=soon,v1=" + std::string(64, 'a'), "b", kNow, "t= is not a number"},
      {"garbage", "b", kNow, "is not key=value"},
  };
  for (const Case& c : cases) {
    auto verified = VerifySignedPayload(c.header, c.body, {"k"}, c.now, 300);
    ASSERT_FALSE(verified.ok()) << c.header;
    EXPECT_EQ(verified.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_NE(verified.status().message().find(c.reason), std::string::npos)
        << verified.status().message();
  }
  EXPECT_TRUE(VerifySignedPayload(good, "b", {"k"}, kNow + 300, 300).ok()) << "the edge counts";
}

}  // namespace
}  // namespace icopilot
