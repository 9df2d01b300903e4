#include "golden/evidence.h"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace icopilot::golden {
namespace {

TEST(GoldenEvidence, SecretsAreMaskedWhereverTheyAppear) {
  EvidencePolicy policy;
  policy.secrets = {"s3cret", "s3cret-longer", "a b&c"};
  policy.credential_headers = {"x-api-key"};
  policy.max_body_bytes = 40;
  net::ClientRequest request;
  request.method = "POST";
  request.url = "https://uat.example.com/pets?api_key=a%20b%26c&x=1";
  request.headers = {{"Authorization", "Bearer anything"},
                     {"X-Api-Key", "whatever"},
                     {"X-Echo", "token=s3cret-longer"},
                     {"Content-Type", "application/json"}};
  request.body = R"({"password": "s3cret", "note": "a fairly long body past the limit"})";
  net::ClientResponse answer;
  answer.status = 201;
  answer.headers.Add("Set-Cookie", "session=abc");
  answer.body = R"({"echo": "s3cret"})";
  Exchange exchange = RecordExchange(request, answer, 12.345, policy);

  const std::string json = boost::json::serialize(ExchangeJson(exchange));
  for (const char* leaked : {"s3cret", "a%20b%26c", "anything", "whatever", "session=abc"})
    EXPECT_EQ(json.find(leaked), std::string::npos) << leaked << " in " << json;
  EXPECT_EQ(exchange.url, "https://uat.example.com/pets?api_key=****&x=1");
  EXPECT_EQ(exchange.request_headers[2].second, "token=****");  // the longer secret whole
  EXPECT_EQ(exchange.request_headers[3].second, "application/json");
  EXPECT_TRUE(exchange.request_body_truncated);
  EXPECT_LE(exchange.request_body.size(), 40u);
  EXPECT_EQ(exchange.response_body, R"({"echo": "****"})");
  EXPECT_EQ(exchange.status, 201);
}

TEST(GoldenEvidence, ATransportErrorIsKeptWithoutSecrets) {
  EvidencePolicy policy;
  policy.secrets = {"tok"};
  net::ClientRequest request;
  request.url = "https://nowhere.invalid/?t=tok";
  absl::StatusOr<net::ClientResponse> failed =
      absl::UnavailableError("https://nowhere.invalid/?t=tok: Couldn't resolve host name");
  Exchange exchange = RecordExchange(request, failed, 3, policy);
  EXPECT_EQ(exchange.status, 0);
  EXPECT_EQ(exchange.error, "https://nowhere.invalid/?t=****: Couldn't resolve host name");
  EXPECT_TRUE(ExchangeJson(exchange).contains("error"));
  EXPECT_FALSE(ExchangeJson(exchange).contains("status"));
}

TEST(GoldenEvidence, BodiesAreCutOnACharacterBoundary) {
  EvidencePolicy policy;
  policy.max_body_bytes = 3;
  net::ClientRequest request;
  request.body = "ab\xC3\xA9z";  // "abéz": the limit falls inside é
  Exchange exchange = RecordExchange(request, net::ClientResponse{}, 0, policy);
  EXPECT_EQ(exchange.request_body, "ab");
  EXPECT_TRUE(exchange.request_body_truncated);
}

}  // namespace
}  // namespace icopilot::golden
