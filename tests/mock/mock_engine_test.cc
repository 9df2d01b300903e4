#include "mock/mock_engine.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace icopilot::mock {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Orders, version: '1'}
servers: [{url: 'https://api.example.com/v2'}]
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
        - {name: status, in: query, schema: {type: array, items: {type: string, enum: [open, paid]}}, style: form, explode: false}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Order'}}
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '201':
          description: created
          headers:
            Location: {schema: {type: string, format: uri}}
            Content-Encoding: {schema: {type: string, enum: [gzip]}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
              examples:
                paid: {value: {id: ord_1, amount: 12.5, currency: EUR, status: paid}}
                broken: {value: {id: 7}}
        '422':
          description: invalid
          content:
            application/json:
              schema:
                type: object
                required: [message]
                properties:
                  message: {type: string}
                  errors: {type: array, items: {type: object, properties: {location: {type: string}, message: {type: string}}}}
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Order'}}
            application/xml: {schema: {type: string}}
        '404':
          description: missing
          content:
            application/json: {schema: {type: object, properties: {code: {type: string}}}}
components:
  schemas:
    Order:
      type: object
      required: [id, amount, currency]
      properties:
        id: {type: string, readOnly: true}
        amount: {type: number, minimum: 0}
        currency: {type: string, enum: [EUR, USD]}
        status: {type: string, enum: [open, paid]}
)";

class MockEngineTest : public ::testing::Test {
 protected:
  MockEngineTest() {
    auto loaded =
        std::make_shared<spec::LoadedSpec>(spec::LoadSpecText("orders.yaml", std::string(kSpec)));
    EXPECT_TRUE(loaded->spec.has_value()) << loaded->unusable_reason;
    engine_ = std::make_unique<MockEngine>(loaded, MockOptions{});
  }

  MockResult Call(std::string method, std::string target, std::string body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::Request request;
    request.method = std::move(method);
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.body = std::move(body);
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return engine_->Handle(request);
  }

  std::unique_ptr<MockEngine> engine_;
};

TEST_F(MockEngineTest, AnswersTheFirstSuccessWithAGeneratedBodyThatFitsTheSchema) {
  auto result = Call("GET", "/v2/orders?limit=5&status=open,paid");
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_EQ(result.operation_id, "listOrders");
  auto body = boost::json::parse(result.response.body);
  ASSERT_TRUE(body.is_array());
  const auto& order = body.as_array().at(0);
  EXPECT_TRUE(order.at("currency") == "EUR" || order.at("currency") == "USD");
  EXPECT_EQ(result.response.headers.Find("content-type"), "application/json");
}

// Documented headers are filled, but not those that describe the message itself: the
// mock's bodies are not gzip-compressed, whatever the spec says of the real API's.
TEST_F(MockEngineTest, DocumentedHeadersAreFilledButNotTheMessagesOwn) {
  auto created = Call("POST", "/v2/orders", R"({"amount": 3, "currency": "USD"})",
                      {{"content-type", "application/json"}});
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  EXPECT_TRUE(created.response.headers.Find("location").has_value());
  EXPECT_FALSE(created.response.headers.Find("content-encoding").has_value());
}

TEST_F(MockEngineTest, InvalidParametersGetProblemJsonListingEachError) {
  auto result = Call("GET", "/v2/orders?limit=500&status=open,lost");
  EXPECT_EQ(result.response.status, 400);
  EXPECT_EQ(result.response.headers.Find("content-type"), "application/problem+json");
  auto body = boost::json::parse(result.response.body);
  const auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u) << result.response.body;
  EXPECT_EQ(errors[0].at("location"), "query.limit");
  EXPECT_EQ(errors[1].at("location"), "query.status/1");
  EXPECT_NE(std::string(errors[1].at("message").as_string()).find("'lost' is not one of"),
            std::string::npos);
}

TEST_F(MockEngineTest, InvalidBodiesGetTheDocumentedErrorResponseWithTheErrorsInIt) {
  auto result = Call("POST", "/v2/orders", R"({"amount": -1, "currency": "EUR"})",
                     {{"content-type", "application/json"}});
  EXPECT_EQ(result.response.status, 422) << result.response.body;
  auto body = boost::json::parse(result.response.body);
  EXPECT_EQ(body.at("message"), "body.amount: -1 is less than the minimum 0");
  EXPECT_EQ(body.at("errors").as_array().at(0).at("location"), "body/amount");
  // id is readOnly: not required in a request
  auto valid = Call("POST", "/v2/orders", R"({"amount": 3, "currency": "USD"})",
                    {{"content-type", "application/json"}});
  EXPECT_EQ(valid.response.status, 201) << valid.response.body;
  EXPECT_TRUE(valid.response.headers.Find("location").has_value());
}

TEST_F(MockEngineTest, WrongContentTypeIs415AndMalformedJsonIs4xx) {
  EXPECT_EQ(
      Call("POST", "/v2/orders", "a=1", {{"content-type", "application/x-www-form-urlencoded"}})
          .response.status,
      415);
  EXPECT_EQ(Call("POST", "/v2/orders", "{", {{"content-type", "application/json"}}).response.status,
            422);
  EXPECT_EQ(Call("POST", "/v2/orders", "", {{"content-type", "application/json"}}).response.status,
            422);
}

TEST_F(MockEngineTest, PreferChoosesCodeAndExampleAndInvalidExamplesAreNotServed) {
  auto paid = Call("POST", "/v2/orders", R"({"amount": 3, "currency": "USD"})",
                   {{"content-type", "application/json"}, {"prefer", "example=paid"}});
  EXPECT_EQ(boost::json::parse(paid.response.body).at("id"), "ord_1");
  // Numbers as people write them (Boost.JSON alone would write 1.25E1).
  EXPECT_NE(paid.response.body.find(R"("amount":12.5)"), std::string::npos) << paid.response.body;
  auto broken = Call("POST", "/v2/orders", R"({"amount": 3, "currency": "USD"})",
                     {{"content-type", "application/json"}, {"prefer", "example=broken"}});
  EXPECT_EQ(broken.response.status, 201);
  EXPECT_NE(broken.why.find("does not match its schema"), std::string::npos);
  EXPECT_TRUE(boost::json::parse(broken.response.body).as_object().contains("currency"));
  auto missing = Call("GET", "/v2/orders/9", "", {{"prefer", "code=404"}});
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_TRUE(boost::json::parse(missing.response.body).is_object());
}

TEST_F(MockEngineTest, AcceptNegotiatesTheMediaType) {
  EXPECT_EQ(Call("GET", "/v2/orders/1", "", {{"accept", "application/xml"}})
                .response.headers.Find("content-type"),
            "application/xml");
  EXPECT_EQ(Call("GET", "/v2/orders/1", "", {{"accept", "text/csv"}}).response.status, 406);
}

TEST_F(MockEngineTest, RoutingErrorsCorsAndHead) {
  EXPECT_EQ(Call("GET", "/v2/customers").response.status, 404);
  auto wrong = Call("DELETE", "/v2/orders");
  EXPECT_EQ(wrong.response.status, 405);
  EXPECT_EQ(wrong.response.headers.Find("allow"), "GET, POST");
  auto preflight =
      Call("OPTIONS", "/v2/orders", "",
           {{"origin", "https://app.example"}, {"access-control-request-method", "POST"}});
  EXPECT_EQ(preflight.response.status, 204);
  EXPECT_EQ(preflight.response.headers.Find("access-control-allow-origin"), "https://app.example");
  auto head = Call("HEAD", "/v2/orders/1");
  EXPECT_EQ(head.response.status, 200);
  EXPECT_TRUE(head.response.body.empty());
}

}  // namespace
}  // namespace icopilot::mock

namespace icopilot::mock {
namespace {

constexpr std::string_view kSecuredSpec = R"(
openapi: 3.0.3
info: {title: Payouts, version: '1'}
security: [{oauth: [payouts:read]}]
paths:
  /payouts:
    get:
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
    post:
      security: [{oauth: [payouts:write]}, {key: []}]
      responses:
        '201': {description: created}
        '401':
          description: no credentials
          content: {application/json: {schema: {type: object, required: [error], properties: {error: {type: string}}}}}
  /health:
    get:
      security: []
      responses: {'204': {description: up}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {payouts:read: read, payouts:write: write}}}
    key: {type: apiKey, in: header, name: X-API-Key}
)";

class MockSecurityTest : public ::testing::Test {
 protected:
  std::unique_ptr<MockEngine> Engine(AuthOptions auth) {
    auto loaded = std::make_shared<spec::LoadedSpec>(
        spec::LoadSpecText("payouts.yaml", std::string(kSecuredSpec)));
    EXPECT_TRUE(loaded->spec.has_value()) << loaded->unusable_reason;
    MockOptions options;
    options.auth = std::move(auth);
    return std::make_unique<MockEngine>(loaded, options);
  }

  static net::Request Request(std::string method, std::string path,
                              std::vector<std::pair<std::string, std::string>> headers = {},
                              std::string body = "") {
    net::Request request;
    request.method = std::move(method);
    request.path = path;
    request.target = path;
    request.body = std::move(body);
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return request;
  }

  static std::string Token(const MockEngine& engine, std::string scope) {
    auto result = engine.Handle(
        Request("POST", "/oauth/token", {{"content-type", "application/x-www-form-urlencoded"}},
                "grant_type=client_credentials&client_id=app&client_secret=s3&scope=" + scope));
    EXPECT_EQ(result.response.status, 200) << result.response.body;
    return std::string(boost::json::parse(result.response.body).at("access_token").as_string());
  }
};

TEST_F(MockSecurityTest, MissingCredentialsAre401WithAChallengeInTheDocumentedShape) {
  auto engine = Engine({});
  auto plain = engine->Handle(Request("GET", "/payouts"));
  EXPECT_EQ(plain.response.status, 401);
  EXPECT_EQ(plain.response.headers.Find("www-authenticate"), "Bearer realm=\"mock\"");
  EXPECT_EQ(plain.response.headers.Find("content-type"), "application/problem+json");
  auto documented = engine->Handle(Request("POST", "/payouts"));
  EXPECT_EQ(documented.response.status, 401);
  EXPECT_TRUE(boost::json::parse(documented.response.body).as_object().contains("error"))
      << documented.response.body;
  EXPECT_EQ(engine->Handle(Request("GET", "/health")).response.status, 204)
      << "security: [] is open";
}

TEST_F(MockSecurityTest, AnyCredentialByDefaultScopesFromTheTokenEndpoint) {
  auto engine = Engine({});
  EXPECT_EQ(engine->Handle(Request("GET", "/payouts", {{"authorization", "Bearer anything"}}))
                .response.status,
            200);
  EXPECT_EQ(engine->Handle(Request("POST", "/payouts", {{"x-api-key", "k"}})).response.status, 201)
      << "the second alternative";
  std::string reader = Token(*engine, "payouts:read");
  EXPECT_EQ(engine->Handle(Request("GET", "/payouts", {{"authorization", "Bearer " + reader}}))
                .response.status,
            200);
  auto forbidden =
      engine->Handle(Request("POST", "/payouts", {{"authorization", "Bearer " + reader}}));
  EXPECT_EQ(forbidden.response.status, 403);
  EXPECT_NE(forbidden.response.headers.Find("www-authenticate")->find("insufficient_scope"),
            std::string::npos);
  std::string writer = Token(*engine, "payouts:read%20payouts:write");
  EXPECT_EQ(engine->Handle(Request("POST", "/payouts", {{"authorization", "Bearer " + writer}}))
                .response.status,
            201);
}

TEST_F(MockSecurityTest, StrictModeAcceptsOnlyItsOwnTokensAndTheGivenCredentials) {
  auto engine = Engine({.strict = true, .api_keys = {"good-key"}, .basic = {"app:s3"}});
  EXPECT_EQ(engine->Handle(Request("GET", "/payouts", {{"authorization", "Bearer anything"}}))
                .response.status,
            401);
  EXPECT_EQ(engine->Handle(Request("POST", "/payouts", {{"x-api-key", "bad"}})).response.status,
            401);
  EXPECT_EQ(
      engine->Handle(Request("POST", "/payouts", {{"x-api-key", "good-key"}})).response.status,
      201);
  std::string token = Token(*engine, "payouts:read");  // app:s3 is a known client
  EXPECT_EQ(engine->Handle(Request("GET", "/payouts", {{"authorization", "Bearer " + token}}))
                .response.status,
            200);
  auto unknown_client = engine->Handle(Request(
      "POST", "/oauth/token", {}, "grant_type=client_credentials&client_id=x&client_secret=y"));
  EXPECT_EQ(unknown_client.response.status, 401);
  EXPECT_EQ(boost::json::parse(unknown_client.response.body).at("error"), "invalid_client");
}

}  // namespace
}  // namespace icopilot::mock
