#include "core/crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace icopilot {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }
};

TEST_F(CryptoTest, PasswordHashVerifiesOnlyTheRightPassword) {
  std::string hash = HashPassword("correct horse");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("garbage", "correct horse"));
}

TEST_F(CryptoTest, Sha256MatchesAKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(CryptoTest, HmacSha256MatchesRfc4231) {
  // RFC 4231 test cases 2 (short key) and 6 (a key longer than the block, hashed first).
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_F(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_F(CryptoTest, SecretBoxKeyFileIsPrivateAndReused) {
  testing::TempDir dir;
  auto key_file = dir.path() / "secret.key";
  auto first = SecretBox::LoadOrCreate(key_file);
  ASSERT_TRUE(first.ok()) << first.status();
  struct stat info {};
  ASSERT_EQ(::stat(key_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  std::string sealed = first->Seal("the secret");
  EXPECT_EQ(sealed.find("the secret"), std::string::npos);
  auto second = SecretBox::LoadOrCreate(key_file);
  ASSERT_TRUE(second.ok());
  auto opened = second->Open(sealed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "the secret");
}

TEST_F(CryptoTest, SecretBoxRejectsTamperingAndOtherKeys) {
  testing::TempDir dir;
  auto box = SecretBox::LoadOrCreate(dir.path() / "a.key");
  auto other = SecretBox::LoadOrCreate(dir.path() / "b.key");
  ASSERT_TRUE(box.ok() && other.ok());
  std::string sealed = box->Seal("payload");
  EXPECT_FALSE(other->Open(sealed).ok());
  std::string tampered = sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(tampered).ok());
  EXPECT_FALSE(box->Open("not base64 !!").ok());
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

TEST_F(CryptoTest, Ed25519VerifiesRfc8032TestVectorOne) {
  const std::string public_key =
      Unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::string signature = Unhex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
      "b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(VerifyDetached(public_key, "", signature));
  EXPECT_FALSE(VerifyDetached(public_key, "x", signature));
  EXPECT_FALSE(VerifyDetached(public_key.substr(1), "", signature)) << "a short key";
}

TEST_F(CryptoTest, Ed25519SignsWithItsKeyOnly) {
  const SigningKey key = NewSigningKey();
  ASSERT_EQ(key.public_key.size(), 32u);
  const std::string signature = SignDetached(key, "certified");
  EXPECT_TRUE(VerifyDetached(key.public_key, "certified", signature));
  EXPECT_FALSE(VerifyDetached(key.public_key, "certifieD", signature));
  EXPECT_FALSE(VerifyDetached(NewSigningKey().public_key, "certified", signature));
  std::string flipped = signature;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  EXPECT_FALSE(VerifyDetached(key.public_key, "certified", flipped));
}

}  // namespace
}  // namespace icopilot
