// HAR files into traces: what is read (base64 bodies, HTTP/2 pseudo-headers left out),
// what is refused and why, the contract check on the raw values before redaction, and
// that what would be stored holds no personal data.
#include "traces/har.h"

#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "contract/operation_index.h"
#include "contract/spec_schemas.h"
#include "spec/load.h"

namespace icopilot::traces {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kDir = ICOPILOT_SOURCE_DIR;

TEST(Har, ReadsEntriesAndListsTheOnesItCannot) {
  auto har = ReadHar(Read(kDir + "/tests/traces/fixtures/orders.har"));
  ASSERT_TRUE(har.ok()) << har.status();
  ASSERT_EQ(har->exchanges.size(), 3u);
  ASSERT_EQ(har->skipped.size(), 1u);
  EXPECT_EQ(har->skipped[0].index, 3u);
  EXPECT_NE(har->skipped[0].reason.find("method"), std::string::npos);
  const Exchange& post = har->exchanges[0];
  EXPECT_EQ(post.request.method, "POST");
  EXPECT_EQ(post.request.path, "/v1/orders");
  EXPECT_FALSE(post.request.headers.Find(":authority").has_value());
  EXPECT_EQ(post.status, 201);
  const Exchange& get = har->exchanges[1];
  EXPECT_EQ(get.request.query, "card=4111111111111111");
  EXPECT_NE(get.response_body.find("\"two\""), std::string::npos) << "base64 content is decoded";
}

TEST(Har, RefusesWhatIsNotHarSayingWhy) {
  for (std::string text :
       {"", "not json", "[1, 2]", R"({"log": {}})", R"({"log": {"entries": 3}})"}) {
    auto har = ReadHar(text);
    ASSERT_FALSE(har.ok()) << text;
    EXPECT_NE(har.status().message().find("not a HAR file"), std::string::npos) << text;
  }
  auto bad_base64 = ReadHar(
      R"({"log": {"entries": [{"request": {"method": "GET", "url": "http://x/a"},
          "response": {"status": 200, "content": {"text": "***", "encoding": "base64"}}}]}})");
  ASSERT_TRUE(bad_base64.ok());
  EXPECT_EQ(bad_base64->skipped.size(), 1u);
}

TEST(Har, ChecksOnRawValuesThenStoresNoPersonalData) {
  spec::LoadedSpec loaded = spec::LoadSpec(kDir + "/tests/golden/specs/orders.yaml");
  ASSERT_TRUE(loaded.spec.has_value());
  contract::OperationIndex index(*loaded.spec);
  contract::SpecSchemas schemas(loaded);
  auto redactor = Redactor::Create();
  ASSERT_TRUE(redactor.ok());
  auto har = ReadHar(Read(kDir + "/tests/traces/fixtures/orders.har"));
  ASSERT_TRUE(har.ok());
  std::vector<Trace> traces;
  for (const auto& exchange : har->exchanges)
    traces.push_back(ToTrace(exchange, {&*loaded.spec, &index, &schemas}, *redactor));

  // The create is valid as sent: masking its email afterwards causes no violation.
  EXPECT_EQ(traces[0].operation_id, "createOrder");
  EXPECT_TRUE(traces[0].violations.empty()) << traces[0].violations.front().message;
  // The read's answer breaks its schema on the vendor's side.
  EXPECT_EQ(traces[1].operation_id, "getOrder");
  ASSERT_EQ(traces[1].violations.size(), 2u);
  EXPECT_EQ(traces[1].violations[0].side, "response");
  // Unknown path: the partner's side.
  EXPECT_TRUE(traces[2].operation_id.empty());
  ASSERT_EQ(traces[2].violations.size(), 1u);
  EXPECT_EQ(traces[2].violations[0].side, "request");

  // What would be stored.
  std::string stored;
  for (const auto& trace : traces) stored += boost::json::serialize(TraceJson(trace)) + "\n";
  for (std::string personal : {"ana@shop.example", "4111111111111111", "4111 1111 1111 1111",
                               "415 555 0100", "k-live-123456", "eyJhbGciOiJIUzI1NiJ9", "+1 415"}) {
    EXPECT_EQ(stored.find(personal), std::string::npos) << personal << " in " << stored;
  }
  EXPECT_NE(stored.find("[email:***@shop.example]"), std::string::npos);
  EXPECT_NE(stored.find("[card:****1111]"), std::string::npos);
  EXPECT_NE(stored.find("Bearer [credential]"), std::string::npos);
}

TEST(Har, AnEnvironmentServedUnderAnotherPathIsMatchedAsTheSpecsServer) {
  spec::LoadedSpec loaded = spec::LoadSpec(kDir + "/tests/golden/specs/orders.yaml");
  ASSERT_TRUE(loaded.spec.has_value());
  contract::OperationIndex index(*loaded.spec);
  contract::SpecSchemas schemas(loaded);
  auto redactor = Redactor::Create();
  ASSERT_TRUE(redactor.ok());
  Exchange sent;
  SetRequestLine(sent, "GET", "http://127.0.0.1:8080/mocks/m_1/v1/status");
  sent.status = 200;
  sent.response_headers.Add("content-type", "application/json");
  sent.response_body = R"({"ok": true})";
  // Without the environment's path the call matches nothing: a false violation.
  const Trace unmapped = ToTrace(sent, {&*loaded.spec, &index, &schemas}, *redactor);
  EXPECT_TRUE(unmapped.operation_id.empty());
  // With it, the call is the spec's GET /status; the trace keeps the URL as sent.
  ContractContext environment{&*loaded.spec, &index, &schemas, nullptr, "/mocks/m_1/v1"};
  const Trace mapped = ToTrace(sent, environment, *redactor);
  EXPECT_EQ(mapped.operation_id, "getStatus");
  EXPECT_TRUE(mapped.violations.empty()) << mapped.violations.front().message;
  EXPECT_EQ(mapped.url, "http://127.0.0.1:8080/mocks/m_1/v1/status");
  // A path only sharing the prefix's letters is not under it.
  SetRequestLine(sent, "GET", "http://127.0.0.1:8080/mocks/m_1/v1x/status");
  EXPECT_TRUE(ToTrace(sent, environment, *redactor).operation_id.empty());
  // Paths already under the spec's server path are matched as before.
  SetRequestLine(sent, "GET", "https://api.example.com/v1/status");
  EXPECT_FALSE(ToTrace(sent, environment, *redactor).operation_id.empty());
}

TEST(Har, FieldsTheSpecMarksAreMaskedInTheirOperationsTraces) {
  spec::LoadedSpec loaded = spec::LoadSpecText("pii.yaml", R"(
openapi: 3.0.3
info: {title: P, version: '1'}
paths:
  /users:
    post:
      operationId: createUser
      parameters: [{name: otp_code, in: query, schema: {type: string, format: password}}]
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
      responses: {'201': {description: ok}}
components:
  schemas:
    User:
      type: object
      properties:
        login: {type: string}
        passphrase: {type: string, format: password}
        profile: {$ref: '#/components/schemas/Profile'}
    Profile:
      type: object
      properties:
        nickname: {type: string, x-pii: true}
        friend: {$ref: '#/components/schemas/Profile'}
)");
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  contract::OperationIndex index(*loaded.spec);
  contract::SpecSchemas schemas(loaded);
  PiiFields pii(*loaded.spec);
  EXPECT_EQ(pii.For("createUser"),
            (std::vector<std::string>{"nickname", "otp_code", "passphrase"}));
  Exchange exchange;
  exchange.request.method = "POST";
  exchange.request.path = "/users";
  exchange.request.query = "otp_code=918273";
  exchange.url = "https://h/users?otp_code=918273";
  exchange.request.headers.Set("content-type", "application/json");
  exchange.request.body =
      R"({"login": "ana", "passphrase": "open sesame", "profile": {"nickname": "Nana", "friend": {"nickname": "Bo"}}})";
  exchange.status = 201;
  auto redactor = Redactor::Create();
  Trace trace = ToTrace(exchange, {&*loaded.spec, &index, &schemas, &pii}, *redactor);
  EXPECT_EQ(trace.operation_id, "createUser");
  for (std::string personal : {"open sesame", "Nana", "\"Bo\"", "918273"}) {
    EXPECT_EQ(trace.request_body.find(personal) == std::string::npos &&
                  trace.url.find(personal) == std::string::npos,
              true)
        << personal << " in " << trace.request_body << " " << trace.url;
  }
  EXPECT_NE(trace.request_body.find("\"login\":\"ana\""), std::string::npos) << trace.request_body;
}

TEST(Har, LongBodiesAreStoredCutAndMarked) {
  Exchange exchange;
  exchange.request.method = "POST";
  exchange.request.path = "/x";
  exchange.url = "http://h/x";
  exchange.request.body = std::string(kMaxTraceBody + 10, 'a') + "\xc3\xa9";
  exchange.status = 200;
  auto redactor = Redactor::Create();
  Trace trace = ToTrace(exchange, {}, *redactor);
  EXPECT_TRUE(trace.request_body_truncated);
  EXPECT_EQ(trace.request_body.size(), kMaxTraceBody);
  EXPECT_FALSE(trace.response_body_truncated);
}

}  // namespace
}  // namespace icopilot::traces
