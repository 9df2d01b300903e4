#include "contract/reference.h"

#include <string>

#include <gtest/gtest.h>

#include "core/strings.h"
#include "spec/load.h"

namespace icopilot::contract {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.1.0
info: {title: Shop, version: '2', description: 'Sells **things**.'}
servers: [{url: 'https://api.shop.example/v2'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string, readOnly: true}
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
    Line:
      type: object
      properties: {sku: {$ref: '#/components/schemas/Sku'}}
    Sku: {type: string, pattern: '^[A-Z]{3}$'}
    Unused: {type: integer}
security: [{key: []}]
paths:
  /orders/{order_id}:
    get:
      operationId: getOrder
      summary: Read an order
      description: 'Orders older than a year are *archived*.'
      parameters:
        - {name: order_id, in: path, required: true, description: 'The id', schema: {type: string}, example: ord_1}
        - {name: expand, in: query, schema: {type: boolean}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
  /orders:
    post:
      operationId: createOrder
      security: []
      requestBody:
        required: true
        description: The order to place
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
            example: {lines: [{sku: ABC}]}
      responses:
        '201': {description: Placed}
webhooks:
  order.shipped:
    post:
      operationId: orderShipped
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200': {description: Received}
)";

class ReferenceTest : public ::testing::Test {
 protected:
  ReferenceTest()
      : loaded_(spec::LoadSpecText("shop.yaml", std::string(kSpec))), schemas_(loaded_) {}

  boost::json::object Operation(std::string_view id) {
    auto reference = OperationReference(loaded_, schemas_, id);
    EXPECT_TRUE(reference.ok()) << reference.status();
    return reference.ok() ? *reference : boost::json::object{};
  }

  spec::LoadedSpec loaded_;
  SpecSchemas schemas_;
};

TEST_F(ReferenceTest, ContentsListOperationsWebhooksAndSchemes) {
  ASSERT_TRUE(loaded_.spec);
  boost::json::object contents = ReferenceContents(loaded_);
  EXPECT_EQ(contents.at("title"), "Shop");
  EXPECT_EQ(contents.at("description"), "Sells **things**.");
  ASSERT_EQ(contents.at("operations").as_array().size(), 2u);
  EXPECT_EQ(contents.at("operations").as_array()[0].at("operation_id"), "getOrder");
  EXPECT_EQ(contents.at("operations").as_array()[0].at("method"), "GET");
  EXPECT_EQ(contents.at("webhooks").as_array().at(0).at("path"), "order.shipped");
  EXPECT_EQ(contents.at("security_schemes").as_array().at(0).at("parameter_name"), "X-Key");
}

TEST_F(ReferenceTest, AnOperationHasTheDocumentsTextsAndTheSchemasItReaches) {
  boost::json::object op = Operation("getOrder");
  EXPECT_EQ(op.at("kind"), "operation");
  EXPECT_EQ(op.at("description"), "Orders older than a year are *archived*.");
  const auto& parameters = op.at("parameters").as_array();
  ASSERT_EQ(parameters.size(), 2u);
  EXPECT_EQ(parameters[0].at("description"), "The id");
  EXPECT_EQ(parameters[0].at("example").at("source"), "document");
  EXPECT_EQ(parameters[0].at("example").at("value"), "ord_1");
  EXPECT_EQ(parameters[1].at("example").at("source"), "generated");
  EXPECT_TRUE(parameters[1].at("example").at("value").is_bool());
  // Order reaches Line, which reaches Sku; Unused is reached by nothing.
  const auto& schemas = op.at("schemas").as_object();
  EXPECT_EQ(schemas.size(), 3u);
  EXPECT_TRUE(schemas.contains("Sku"));
  EXPECT_FALSE(schemas.contains("Unused"));
  EXPECT_EQ(op.at("schemas_truncated"), false);
  // The response's example is made, and valid for the schema: a response carries readOnly id.
  const auto& example =
      op.at("responses").as_array().at(0).at("content").as_array().at(0).at("example");
  EXPECT_EQ(example.at("source"), "generated");
  EXPECT_TRUE(example.at("value").as_object().contains("id"));
  EXPECT_EQ(op.at("security").as_array().at(0).as_array().at(0).at("scheme"), "key");
}

TEST_F(ReferenceTest, TheExampleRequestIsUnderTheServerURLWithoutCredentials) {
  boost::json::object op = Operation("getOrder");
  const auto& request = op.at("example_request").as_object();
  EXPECT_EQ(request.at("method"), "GET");
  EXPECT_EQ(request.at("path"), "/orders/ord_1") << "the base path /v2 is the server URL's";
  for (const auto& header : request.at("headers").as_array())
    EXPECT_NE(header.at("name"), "x-key") << "credentials are the reader's to add";
}

TEST_F(ReferenceTest, ARequestBodyKeepsItsDocumentExampleAndOpenOperationsSaySo) {
  boost::json::object op = Operation("createOrder");
  EXPECT_TRUE(op.at("security").as_array().empty());
  const auto& body = op.at("request_body").as_object();
  EXPECT_EQ(body.at("description"), "The order to place");
  const auto& example = body.at("content").as_array().at(0).at("example");
  EXPECT_EQ(example.at("source"), "document");
  EXPECT_EQ(example.at("value").at("lines").at(0).at("sku"), "ABC");
}

TEST_F(ReferenceTest, WebhooksAreFoundByTheirIdAndHaveNoRequestToSend) {
  boost::json::object op = Operation("orderShipped");
  EXPECT_EQ(op.at("kind"), "webhook");
  EXPECT_TRUE(op.at("example_request").is_null());
  // The API sends the body: as in a response, its read-only id is there.
  const auto& example = op.at("request_body").at("content").as_array().at(0).at("example");
  EXPECT_TRUE(example.at("value").as_object().contains("id"));
}

TEST_F(ReferenceTest, AnUnknownOperationIsNotFound) {
  auto reference = OperationReference(loaded_, schemas_, "deleteEverything");
  ASSERT_FALSE(reference.ok());
  EXPECT_EQ(reference.status().code(), absl::StatusCode::kNotFound);
}

TEST(ReferenceLimits, ReferencedSchemasStopAtTheLimit) {
  // A chain of components longer than the limit: each refers to the next.
  std::string doc =
      "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths:\n  /a:\n    get:\n"
      "      operationId: getA\n      responses:\n        '200':\n          description: ok\n"
      "          content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\n"
      "components:\n  schemas:\n";
  for (int i = 0; i <= kMaxReferencedSchemas + 5; ++i)
    doc += StrCat("    S", i, ": {type: object, properties: {next: {$ref: '#/components/schemas/S",
                  i + 1, "'}}}\n");
  doc += StrCat("    S", kMaxReferencedSchemas + 6, ": {type: string}\n");
  spec::LoadedSpec loaded = spec::LoadSpecText("chain.yaml", doc);
  ASSERT_TRUE(loaded.spec) << loaded.unusable_reason;
  SpecSchemas schemas(loaded);
  auto op = OperationReference(loaded, schemas, "getA");
  ASSERT_TRUE(op.ok()) << op.status();
  EXPECT_EQ(op->at("schemas").as_object().size(), static_cast<std::size_t>(kMaxReferencedSchemas));
  EXPECT_EQ(op->at("schemas_truncated"), true);
}

}  // namespace
}  // namespace icopilot::contract
