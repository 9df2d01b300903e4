#include "services/id_token_claims.h"

#include <gtest/gtest.h>

namespace icopilot::services {
namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;  // ms

jwt::Token TokenWith(boost::json::object claims) {
  jwt::Token token;
  token.alg = "RS256";
  token.claims = std::move(claims);
  return token;
}

boost::json::object GoodClaims() {
  return {{"iss", "https://idp.test"}, {"aud", "client-1"},        {"sub", "248289761001"},
          {"email", "Dev@Acme.test"},  {"email_verified", true},   {"name", "Dev One"},
          {"nonce", "n-0S6_WzA2Mj"},   {"exp", kNow / 1000 + 300}, {"iat", kNow / 1000 - 5}};
}

IdTokenExpectations Expected() {
  return {.issuer = "https://idp.test",
          .client_id = "client-1",
          .nonce = "n-0S6_WzA2Mj",
          .now_ms = kNow};
}

std::string Refusal(boost::json::object claims) {
  auto checked = CheckIdTokenClaims(TokenWith(std::move(claims)), Expected());
  EXPECT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kUnauthenticated);
  return std::string(checked.status().message());
}

TEST(IdTokenClaims, AGoodTokenNamesItsUserWithTheEmailInLowerCase) {
  auto identity = CheckIdTokenClaims(TokenWith(GoodClaims()), Expected());
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->subject, "248289761001");
  EXPECT_EQ(identity->email, "dev@acme.test");
  EXPECT_EQ(identity->name, "Dev One");
  // An audience list holding us, issued to us.
  auto claims = GoodClaims();
  claims["aud"] = boost::json::array{"other", "client-1"};
  claims["azp"] = "client-1";
  EXPECT_TRUE(CheckIdTokenClaims(TokenWith(claims), Expected()).ok());
}

TEST(IdTokenClaims, EachWrongClaimIsRefusedNamingIt) {
  auto claims = GoodClaims();
  claims["iss"] = "https://evil.test";
  EXPECT_NE(Refusal(claims).find("(iss)"), std::string::npos);

  claims = GoodClaims();
  claims["aud"] = "client-2";
  EXPECT_NE(Refusal(claims).find("another client"), std::string::npos);
  claims["aud"] = boost::json::array{"client-2", "client-3"};
  EXPECT_NE(Refusal(claims).find("(aud)"), std::string::npos);
  claims["aud"] = boost::json::array{"client-1", "client-3"};  // us among others, no azp
  EXPECT_NE(Refusal(claims).find("(azp)"), std::string::npos);
  claims.erase("aud");
  EXPECT_NE(Refusal(claims).find("(aud)"), std::string::npos);

  claims = GoodClaims();
  claims["exp"] = kNow / 1000 - 120;  // past the minute of skew
  EXPECT_NE(Refusal(claims).find("expired"), std::string::npos);
  claims.erase("exp");
  EXPECT_NE(Refusal(claims).find("(exp)"), std::string::npos);

  claims = GoodClaims();
  claims["iat"] = kNow / 1000 + 600;
  EXPECT_NE(Refusal(claims).find("in the future"), std::string::npos);
  claims["iat"] = kNow / 1000 - 3600;
  EXPECT_NE(Refusal(claims).find("too long ago"), std::string::npos);

  claims = GoodClaims();
  claims["nonce"] = "another";
  EXPECT_NE(Refusal(claims).find("(nonce)"), std::string::npos);
  claims.erase("nonce");
  EXPECT_NE(Refusal(claims).find("(nonce)"), std::string::npos);

  claims = GoodClaims();
  claims.erase("sub");
  EXPECT_NE(Refusal(claims).find("(sub)"), std::string::npos);

  claims = GoodClaims();
  claims["email_verified"] = false;
  EXPECT_NE(Refusal(claims).find("not verified"), std::string::npos);
  claims.erase("email");
  EXPECT_NE(Refusal(claims).find("(email)"), std::string::npos);
}

TEST(IdTokenClaims, TheSkewForgivesAMinuteEachWay) {
  auto claims = GoodClaims();
  claims["exp"] = kNow / 1000 - 30;
  claims["iat"] = kNow / 1000 + 30;
  EXPECT_TRUE(CheckIdTokenClaims(TokenWith(claims), Expected()).ok());
}

}  // namespace
}  // namespace icopilot::services
