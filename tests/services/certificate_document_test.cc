#include "services/certificate_document.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace icopilot::services {
namespace {

class CertificateDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    key_ = NewSigningKey();
    signed_ =
        *SignCertificate({{"certificate_id", "cert_1"}, {"partner", {{"name", "Globex"}}}}, key_);
  }

  SigningKey key_;
  SignedCertificate signed_;
};

TEST_F(CertificateDocumentTest, AValidOneVerifiesWithItsFacts) {
  auto checked = VerifyCertificate(signed_.document, key_.public_key);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->facts.at("partner").at("name"), "Globex");
  EXPECT_EQ(checked->sha256, signed_.sha256);
  EXPECT_EQ(checked->key_id, SigningKeyId(key_.public_key));
  EXPECT_TRUE(checked->key_id.starts_with("ed25519:"));
}

TEST_F(CertificateDocumentTest, AnyChangedByteOfThePayloadIsCaught) {
  const std::size_t start = signed_.document.find("payload");
  ASSERT_NE(start, std::string::npos);
  int refused = 0, tried = 0;
  for (std::size_t i = start + 10; i + 3 < signed_.document.size(); ++i) {
    std::string altered = signed_.document;
    altered[i] = static_cast<char>(altered[i] == 'x' ? 'y' : 'x');
    ++tried;
    if (!VerifyCertificate(altered, key_.public_key).ok()) ++refused;
  }
  EXPECT_GT(tried, 40);
  EXPECT_EQ(refused, tried);
}

TEST_F(CertificateDocumentTest, AHashRecomputedForForgedFactsStillFailsTheSignature) {
  boost::json::object file = boost::json::parse(signed_.document).as_object();
  const std::string forged = R"({"certificate_id":"cert_1","partner":{"name":"Initech"}})";
  file["payload"] = forged;
  file["sha256"] = Sha256Hex(forged);
  auto checked = VerifyCertificate(boost::json::serialize(file), key_.public_key);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(checked.status().message().find("signature does not match"), std::string::npos);
}

TEST_F(CertificateDocumentTest, AnotherKeyIsRefusedNamingBothKeys) {
  const SigningKey other = NewSigningKey();
  auto checked = VerifyCertificate(signed_.document, other.public_key);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.status().message().find(SigningKeyId(other.public_key)), std::string::npos);
  EXPECT_NE(checked.status().message().find(SigningKeyId(key_.public_key)), std::string::npos);
}

TEST_F(CertificateDocumentTest, WhatIsNotACertificateSaysWhat) {
  for (const auto& [text, says] : std::vector<std::pair<std::string, std::string>>{
           {"", "not a JSON object"},
           {"[1]", "not a JSON object"},
           {R"({"format": "x/1"})", "format is \"x/1\""},
           {R"({"format": "icopilot-certificate/1"})", "\"payload\" is missing"},
           {R"({"format": "icopilot-certificate/1", "payload": "{}", "sha256": 1})",
            "\"sha256\" is missing or not a string"}}) {
    auto checked = VerifyCertificate(text, key_.public_key);
    ASSERT_FALSE(checked.ok()) << text;
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(checked.status().message().find(says), std::string::npos)
        << text << ": " << checked.status().message();
  }
}

TEST_F(CertificateDocumentTest, FactsThatCouldNeverVerifyAreNotSigned) {
  auto made = SignCertificate({{"partner", std::string("Glob\xff\xfe")}}, key_);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("would not verify"), std::string::npos);
}

TEST_F(CertificateDocumentTest, PublicKeysAreReadAsPublished) {
  const std::string encoded = EncodeBase64(key_.public_key);
  EXPECT_EQ(ReadPublicKey(encoded).value_or(""), key_.public_key);
  EXPECT_EQ(ReadPublicKey(" " + encoded + "\n").value_or(""), key_.public_key);
  EXPECT_EQ(
      ReadPublicKey(R"({"algorithm": "Ed25519", "public_key": ")" + encoded + "\"}").value_or(""),
      key_.public_key);
  EXPECT_FALSE(ReadPublicKey("{}").ok());
  EXPECT_FALSE(ReadPublicKey("AAAA").ok()) << "three bytes";
  EXPECT_FALSE(ReadPublicKey("not base64!").ok());
}

}  // namespace
}  // namespace icopilot::services
