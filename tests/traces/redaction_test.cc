// What redaction keeps and what it masks, one detector at a time, and what it must leave
// alone (numbers that fail the card or IBAN checksums, ordinary text).
#include "traces/redaction.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace icopilot::traces {
namespace {

std::string Masked(const Redactor& redactor, std::string text) {
  redactor.RedactText(text);
  return text;
}

TEST(Redaction, EachDetectorLeavesItsTypedMask) {
  auto redactor = Redactor::Create();
  ASSERT_TRUE(redactor.ok());
  EXPECT_EQ(Masked(*redactor, "write to ana.lopez+x@mail.example.org now"),
            "write to [email:***@mail.example.org] now");
  EXPECT_EQ(Masked(*redactor, "card 4111 1111 1111 1111 ok"), "card [card:****1111] ok");
  EXPECT_EQ(Masked(*redactor, "card 4111-1111-1111-1111"), "card [card:****1111]");
  EXPECT_EQ(Masked(*redactor, "IBAN DE89 3704 0044 0532 0130 00."), "IBAN [iban:DE**...3000].");
  EXPECT_EQ(Masked(*redactor, "ssn 078-05-1120"), "ssn [ssn:****1120]");
  EXPECT_EQ(Masked(*redactor, "call +44 20 7946 0958 today"), "call [phone:****0958] today");
  EXPECT_EQ(Masked(*redactor, "or (415) 555-0100"), "or [phone:****0100]");
  EXPECT_EQ(Masked(*redactor, "t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJl"), "t=[jwt]");
}

TEST(Redaction, LeavesWhatOnlyLooksLikePersonalData) {
  auto redactor = Redactor::Create();
  ASSERT_TRUE(redactor.ok());
  for (std::string text :
       {"order 4111111111111112 (fails Luhn)", "IBAN DE00 3704 0044 0532 0130 00",
        "version 2026-11-26, 100 items, id 12345", "user@localhost"}) {
    EXPECT_EQ(Masked(*redactor, text), text);
  }
}

TEST(Redaction, SecretFieldsHeadersAndUrls) {
  auto redactor = Redactor::Create({.secret_fields = {"national_id"}, .patterns = {}});
  ASSERT_TRUE(redactor.ok());
  auto body = boost::json::parse(
      R"({"user": {"Password": "hunter2", "national_id": "X1", "email": "a@b.example"},
          "items": [{"token": 42}], "note": "fine"})");
  EXPECT_EQ(redactor->RedactJson(body), 4u);
  EXPECT_EQ(
      boost::json::serialize(body),
      R"({"user":{"Password":"[secret]","national_id":"[secret]","email":"[email:***@b.example]"},"items":[{"token":"[secret]"}],"note":"fine"})");
  std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer abc.def"},
                                                              {"X-Api-Key", "k1"},
                                                              {"Accept", "application/json"},
                                                              {"Cookie", "sid=1"}};
  EXPECT_EQ(redactor->RedactHeaders(headers), 3u);
  EXPECT_EQ(headers[0].second, "Bearer [credential]");
  EXPECT_EQ(headers[1].second, "[credential]");
  EXPECT_EQ(headers[2].second, "application/json");
  EXPECT_EQ(headers[3].second, "[credential]");
  std::string url = "https://x.example/v1/pay?api_key=k9&to=ana@x.example&n=3";
  EXPECT_EQ(redactor->RedactUrl(url), 2u);
  EXPECT_EQ(url, "https://x.example/v1/pay?api_key=[secret]&to=[email:***@x.example]&n=3");
  std::string text_body = "name=ana&card=4111111111111111";
  EXPECT_EQ(redactor->RedactBody(text_body), 1u);
  EXPECT_EQ(text_body, "name=ana&card=[card:****1111]");
}

TEST(Redaction, VendorPatternsAndTheirErrors) {
  auto redactor =
      Redactor::Create({.secret_fields = {}, .patterns = {{"customer", R"(CUST-\d{6})"}}});
  ASSERT_TRUE(redactor.ok());
  EXPECT_EQ(Masked(*redactor, "for CUST-123456."), "for [customer].");
  auto bad = Redactor::Create({.secret_fields = {}, .patterns = {{"broken", "(unclosed"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("broken"), std::string::npos);
}

TEST(Redaction, VendorJsonPointersMaskWholeValuesInBodies) {
  auto redactor = Redactor::Create({.pointers = {"/customer/name", "/items/*/note", "/tags/1"}});
  ASSERT_TRUE(redactor.ok()) << redactor.status();
  std::string body =
      R"({"customer": {"name": "Ana", "id": 7}, "items": [{"note": "leave at door"}, {"note": 3}],
          "tags": ["a", "b"], "name": "kept"})";
  EXPECT_EQ(redactor->RedactBody(body), 4u);
  EXPECT_EQ(
      body,
      R"({"customer":{"name":"[redacted]","id":7},"items":[{"note":"[redacted]"},{"note":"[redacted]"}],"tags":["a","[redacted]"],"name":"kept"})");
  std::string text = "customer name Ana";
  EXPECT_EQ(redactor->RedactBody(text), 0u) << "pointers apply to JSON bodies only";
  for (const char* bad : {"customer/name", "", "/"}) {
    auto refused = Redactor::Create({.pointers = {bad}});
    EXPECT_EQ(refused.ok(), std::string_view(bad) == "/") << bad;
  }
}

TEST(Redaction, Checksums) {
  EXPECT_TRUE(PassesLuhn("4111 1111 1111 1111"));
  EXPECT_TRUE(PassesLuhn("5500005555555559"));
  EXPECT_FALSE(PassesLuhn("4111111111111112"));
  EXPECT_TRUE(PassesIbanCheck("GB82 WEST 1234 5698 7654 32"));
  EXPECT_FALSE(PassesIbanCheck("GB82 WEST 1234 5698 7654 33"));
}

}  // namespace
}  // namespace icopilot::traces
