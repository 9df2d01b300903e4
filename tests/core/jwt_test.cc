#include "core/jwt.h"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "support/token_signer.h"

namespace icopilot::jwt {
namespace {

using testing::TokenSigner;

std::string SetOf(std::initializer_list<const TokenSigner*> signers) {
  boost::json::array keys;
  for (const auto* s : signers) keys.push_back(s->Jwk());
  return boost::json::serialize(boost::json::object{{"keys", keys}});
}

TEST(Jwt, EachAlgorithmsSignatureVerifiesWithItsKeyFromTheSet) {
  InitCrypto();
  for (const char* alg : {"RS256", "PS256", "ES256"}) {
    TokenSigner signer(alg, std::string("k-") + alg);
    auto keys = KeySet::Parse(SetOf({&signer}));
    ASSERT_TRUE(keys.ok()) << keys.status();
    EXPECT_EQ(keys->size(), 1u);
    auto token = Decode(signer.Sign({{"sub", "u1"}, {"aud", "client"}}));
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_EQ(token->alg, alg);
    EXPECT_EQ(token->kid, signer.kid());
    EXPECT_EQ(token->claims.at("sub").as_string(), "u1");
    const PublicKey* key = keys->Find(token->kid);
    ASSERT_NE(key, nullptr) << alg;
    EXPECT_TRUE(VerifySignature(*token, *key).ok()) << alg;
  }
}

TEST(Jwt, ATamperedPayloadOrAnotherKeysSignatureIsRefused) {
  InitCrypto();
  TokenSigner signer("RS256", "a"), other("RS256", "a");
  const std::string compact = signer.Sign({{"sub", "u1"}, {"email", "dev@acme.test"}});
  auto keys = KeySet::Parse(SetOf({&signer}));
  ASSERT_TRUE(keys.ok());
  // The payload swapped for another that names someone else, the signature kept.
  const std::size_t first = compact.find('.'), last = compact.rfind('.');
  const std::string forged = compact.substr(0, first + 1) +
                             EncodeBase64Url(R"({"sub":"u2","email":"boss@acme.test"})") +
                             compact.substr(last);
  auto token = Decode(forged);
  ASSERT_TRUE(token.ok());
  auto verified = VerifySignature(*token, *keys->Find("a"));
  EXPECT_EQ(verified.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(verified.message().find("signature does not match"), std::string_view::npos);
  // Signed by a key the set does not hold, under the same key id.
  auto by_other = Decode(other.Sign({{"sub", "u1"}}));
  EXPECT_EQ(VerifySignature(*by_other, *keys->Find("a")).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(Jwt, NoneHmacAndAMismatchedKeyTypeAreRefused) {
  InitCrypto();
  TokenSigner rsa("RS256", "r"), ec("ES256", "e");
  auto keys = KeySet::Parse(SetOf({&rsa, &ec}));
  ASSERT_TRUE(keys.ok());
  for (const char* alg : {"none", "HS256"}) {
    const std::string compact =
        EncodeBase64Url(std::string(R"({"alg":")") + alg + R"(","kid":"r"})") + "." +
        EncodeBase64Url(R"({"sub":"u1"})") + "." + EncodeBase64Url("x");
    auto token = Decode(compact);
    ASSERT_TRUE(token.ok());
    auto verified = VerifySignature(*token, *keys->Find("r"));
    EXPECT_EQ(verified.code(), absl::StatusCode::kUnauthenticated) << alg;
    EXPECT_NE(verified.message().find("only RS256"), std::string_view::npos) << verified;
  }
  // An RS256 token checked with the EC key: refused for the mismatch, not tried.
  auto token = Decode(rsa.Sign({{"sub", "u1"}}));
  auto verified = VerifySignature(*token, *keys->Find("e"));
  EXPECT_NE(verified.message().find("does not fit its key"), std::string_view::npos) << verified;
}

TEST(Jwt, MalformedTokensSayWhatIsWrong) {
  InitCrypto();
  EXPECT_NE(Decode("abc").status().message().find("three parts"), std::string_view::npos);
  EXPECT_NE(Decode("a.b.c.d").status().message().find("three parts"), std::string_view::npos);
  EXPECT_NE(Decode("!!.e30.c2ln").status().message().find("header is not base64url"),
            std::string_view::npos);
  EXPECT_NE(
      Decode(EncodeBase64Url("[1]") + ".e30.c2ln").status().message().find("not a JSON object"),
      std::string_view::npos);
  EXPECT_NE(Decode("e30.e30.c2ln").status().message().find("no \"alg\""), std::string_view::npos);
  // Empty parts are not base64 of anything useful: said, not read past.
  EXPECT_FALSE(Decode("..").ok());
  EXPECT_FALSE(Decode("e30..").ok());
}

TEST(Jwt, UnusableKeysAreSkippedAndCountedAndTheRestServe) {
  InitCrypto();
  TokenSigner good("ES256", "good");
  boost::json::array keys{
      good.Jwk(),
      {{"kty", "RSA"}, {"kid", "short"}, {"n", EncodeBase64Url("\x01\x02")}, {"e", "AQAB"}},
      {{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}},
      {{"kty", "EC"}, {"kid", "curve"}, {"crv", "P-521"}, {"x", "AA"}, {"y", "AA"}},
      "not an object"};
  boost::json::object enc = good.Jwk();
  enc["kid"] = "enc";
  enc["use"] = "enc";
  keys.push_back(enc);
  auto set = KeySet::Parse(boost::json::serialize(boost::json::object{{"keys", keys}}));
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->size(), 1u);
  EXPECT_EQ(set->skipped(), 5u);
  EXPECT_NE(set->Find("good"), nullptr);
  EXPECT_EQ(set->Find("short"), nullptr);
  EXPECT_EQ(set->Find("unknown"), nullptr);
  EXPECT_NE(set->Find(""), nullptr);  // the only key serves a token without a key id
  EXPECT_FALSE(KeySet::Parse(R"({"keys": {}})").ok());
  EXPECT_FALSE(KeySet::Parse("[]").ok());
}

}  // namespace
}  // namespace icopilot::jwt
