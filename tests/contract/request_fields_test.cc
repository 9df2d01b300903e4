#include "contract/request_fields.h"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "contract/condition.h"
#include "spec/load.h"

namespace icopilot::contract {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Payments, version: '1'}
components:
  schemas:
    Refund:
      type: object
      properties:
        amount: {type: integer, maximum: 50000}
        items: {type: array, items: {$ref: '#/components/schemas/Item'}}
        method:
          oneOf:
            - {type: object, properties: {card: {type: string}}}
            - {type: object, properties: {iban: {type: string}}}
    Item:
      allOf:
        - {type: object, properties: {sku: {type: string}}}
paths:
  /payments/{payment_id}/refunds:
    post:
      operationId: createRefund
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: tag, in: query, schema: {type: array, items: {type: string}}}
        - {name: X-Region, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Refund'}
      responses:
        '201': {description: Created}
  /ping:
    get:
      operationId: ping
      responses:
        '200': {description: Up}
)";

class RequestFieldsTest : public ::testing::Test {
 protected:
  RequestFieldsTest()
      : loaded_(spec::LoadSpecText("payments.yaml", std::string(kSpec))), schemas_(loaded_) {}

  const spec::Operation& Op(std::string_view id) {
    for (const auto& op : loaded_.spec->operations) {
      if (op.operation_id == id) return op;
    }
    ADD_FAILURE() << id;
    return loaded_.spec->operations.front();
  }

  spec::LoadedSpec loaded_;
  SpecSchemas schemas_;
};

TEST_F(RequestFieldsTest, TheInputReadsParametersAsTheirTypesAndHeadersInLowerCase) {
  net::Request request;
  request.method = "POST";
  request.query = "limit=20&tag=a&tag=b&other=7";
  request.headers.Add("X-Region", "EU");
  request.headers.Add("Content-Type", "application/json");
  request.body = R"({"amount": 12000})";
  boost::json::object input =
      ConditionInput(schemas_, Op("createRefund"), request, {{"payment_id", "42"}});
  EXPECT_EQ(boost::json::serialize(input),
            boost::json::serialize(boost::json::parse(
                R"({"headers": {"x-region": "EU", "content-type": "application/json"},
                    "query": {"limit": 20, "tag": ["a", "b"], "other": "7"},
                    "path": {"payment_id": 42}, "body": {"amount": 12000}})")));
  auto parsed = ParseCondition(
      "body.amount > 10000 and headers[\"X-Region\"] == \"EU\" and query.limit == 20 and "
      "path.payment_id == 42 and contains(query.tag, \"b\")");
  ASSERT_TRUE(parsed.condition) << parsed.error.message;
  EXPECT_TRUE(parsed.condition->Matches(input));
}

TEST_F(RequestFieldsTest, ABodyThatIsNotJsonIsLeftOut) {
  net::Request request;
  request.headers.Add("Content-Type", "application/json");
  request.body = R"({"amount": )";
  boost::json::object input = ConditionInput(schemas_, Op("createRefund"), request, {});
  EXPECT_FALSE(input.contains("body"));
}

TEST_F(RequestFieldsTest, TargetsAreCheckedAgainstTheOperation) {
  const auto& refund = Op("createRefund");
  for (std::string_view present :
       {"", "/query/limit", "/headers/x-region", "/path/payment_id", "/body", "/body/amount",
        "/body/items/0/sku", "/body/method/iban"}) {
    EXPECT_TRUE(CheckRequestField(schemas_, refund, present).ok()) << present;
  }
  EXPECT_EQ(CheckRequestField(schemas_, refund, "/query/offset").message(),
            "createRefund has no query parameter 'offset'");
  EXPECT_EQ(CheckRequestField(schemas_, refund, "/body/items/0/price").message(),
            "createRefund's request body has no field /body/items/0/price");
  EXPECT_EQ(CheckRequestField(schemas_, Op("ping"), "/body/amount").message(),
            "ping takes no request body");
  EXPECT_EQ(CheckRequestField(schemas_, refund, "/cookies/session").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckRequestField(schemas_, refund, "amount").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckRequestField(schemas_, refund, "/response/amount").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckRequestField(schemas_, refund, "/query/limit/x").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RequestFieldsTest, PathParametersAreReadFromTheEndWhateverTheBasePath) {
  using Params = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(PathParamsFromTail(Op("createRefund"), "/mocks/mck_1/v1/payments/pay%201/refunds"),
            (Params{{"payment_id", "pay 1"}}));
  EXPECT_EQ(PathParamsFromTail(Op("createRefund"), "/payments/7/refunds/"),
            (Params{{"payment_id", "7"}}));
  EXPECT_TRUE(PathParamsFromTail(Op("createRefund"), "/refunds").empty());
}

TEST(LocationPointerTest, ViolationLocationsBecomePointers) {
  EXPECT_EQ(LocationPointer("query.limit"), "/query/limit");
  EXPECT_EQ(LocationPointer("header.x-request-id"), "/headers/x-request-id");
  EXPECT_EQ(LocationPointer("cookie.a/b"), "/cookies/a~1b");
  EXPECT_EQ(LocationPointer("body/items/0"), "/body/items/0");
  EXPECT_EQ(LocationPointer("body"), "/body");
}

}  // namespace
}  // namespace icopilot::contract
