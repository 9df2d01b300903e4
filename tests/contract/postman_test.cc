#include "contract/postman.h"

#include <string>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "spec/load.h"

namespace icopilot::contract {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Shop, version: '2'}
servers: [{url: 'https://api.shop.example/v2'}]
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
    basic: {type: http, scheme: basic}
    session: {type: apiKey, in: cookie, name: sid}
security: [{key: []}]
paths:
  /orders/{order_id}:
    get:
      operationId: getOrder
      tags: [Orders]
      parameters:
        - {name: order_id, in: path, required: true, schema: {type: string}, example: 'ord 1'}
        - {name: expand, in: query, required: true, schema: {type: string, enum: [items]}}
      responses:
        '200': {description: ok}
        4XX: {description: refused}
  /orders:
    post:
      operationId: createOrder
      tags: [Orders]
      security: [{basic: []}]
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [sku], properties: {sku: {type: string, example: A-1}}}
      responses:
        default: {description: anything}
  /health:
    get:
      operationId: health
      security: []
      responses: {'204': {description: up}}
  /session:
    get:
      operationId: whoAmI
      security: [{session: []}]
      responses: {'200': {description: ok}}
  /files:
    put:
      operationId: upload
      requestBody:
        required: true
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses: {'201': {description: stored}}
)";

class PostmanTest : public ::testing::Test {
 protected:
  PostmanTest() : loaded_(spec::LoadSpecText("shop.yaml", std::string(kSpec))), schemas_(loaded_) {}

  const boost::json::object& Item(const boost::json::object& collection, std::string_view name) {
    for (const auto& entry : collection.at("item").as_array()) {
      const auto& item = entry.as_object();
      if (item.at("name").as_string() == name) return item;
      if (const auto* children = item.if_contains("item")) {
        for (const auto& child : children->as_array())
          if (child.at("name").as_string() == name) return child.as_object();
      }
    }
    ADD_FAILURE() << "no item " << name << " in " << boost::json::serialize(collection);
    static const boost::json::object none;
    return none;
  }

  spec::LoadedSpec loaded_;
  SpecSchemas schemas_;
};

TEST_F(PostmanTest, OperationsAreFoldersByTagWithTheirExampleAndCredentialsAsVariables) {
  const boost::json::object collection = PostmanCollection(loaded_, schemas_, {});
  EXPECT_EQ(collection.at("info").at("schema").as_string(), kPostmanSchema);
  EXPECT_EQ(collection.at("variable").at(0).at("value"), "https://api.shop.example/v2");
  EXPECT_EQ(collection.at("item").at(0).at("name"), "Orders");
  EXPECT_EQ(collection.at("item").at(0).at("item").as_array().size(), 2u);

  const auto& get = Item(collection, "getOrder").at("request").as_object();
  // The example's value is percent-encoded in the path; the API key goes in the query.
  EXPECT_EQ(get.at("url").at("raw"), "{{baseUrl}}/orders/ord%201?expand=items&api_key={{apiKey}}");
  EXPECT_EQ(get.at("url").at("path").at(1), "ord%201");
  EXPECT_EQ(get.at("auth").at("type"), "noauth");
  const std::string test = boost::json::serialize(Item(collection, "getOrder").at("event"));
  EXPECT_NE(test.find("documented = [200], ranges = [4]"), std::string::npos) << test;

  const auto& create = Item(collection, "createOrder").at("request").as_object();
  EXPECT_EQ(create.at("auth").at("type"), "basic");
  EXPECT_EQ(create.at("body").at("raw"), R"({"sku":"A-1"})");
  EXPECT_NE(boost::json::serialize(Item(collection, "createOrder").at("event")).find("(true ||"),
            std::string::npos)
      << "a default answer takes any status";
  EXPECT_EQ(Item(collection, "health").at("request").at("auth").at("type"), "noauth");
  EXPECT_EQ(boost::json::serialize(Item(collection, "whoAmI").at("request").at("header")),
            R"([{"key":"Cookie","value":"sid={{apiKey}}"}])");
  // What cannot be built is said, not silently dropped.
  EXPECT_NE(std::string(collection.at("info").at("description").as_string())
                .find("Left out: 1 operation whose request could not be built: upload"),
            std::string::npos)
      << collection.at("info");
}

TEST_F(PostmanTest, SavedCasesTestTheirStatusAndFields) {
  PostmanCase saved;
  saved.name = "order A-1";
  saved.operation = &loaded_.spec->operations[1];
  saved.request.method = "POST";
  saved.request.path = "/orders";
  saved.request.body = R"({"sku": "A-1"})";
  saved.expected_status = 201;
  saved.fields = {{"/items/0/sku", boost::json::value("A-1")},
                  {"/total", boost::json::value(12.5)}};
  const boost::json::object collection = PostmanCollection(loaded_, schemas_, {saved});
  const auto& item = Item(collection, "order A-1");
  EXPECT_EQ(item.at("request").at("auth").at("type"), "basic");
  const auto& exec = item.at("event").at(0).at("script").at("exec").as_array();
  ASSERT_EQ(exec.size(), 4u) << boost::json::serialize(exec);
  EXPECT_EQ(exec[0],
            "pm.test(\"status is 201\", function () { pm.response.to.have.status(201); });");
  EXPECT_EQ(
      exec[2],
      "pm.test(\"/items/0/sku is \\\"A-1\\\"\", function () { pm.expect(at(pm.response.json(), "
      "\"/items/0/sku\")).to.eql(\"A-1\"); });");
  EXPECT_NE(std::string(exec[3].as_string()).find(".to.eql(1.25E1)"), std::string::npos) << exec[3];
}

TEST_F(PostmanTest, AnEnvironmentDeclaresTheCredentialVariablesTheSchemesUse) {
  const boost::json::object environment = PostmanEnvironment(
      *loaded_.spec, "Sandbox", "https://sandbox.shop.example/v2", {{"apiKey", "given", true}});
  EXPECT_EQ(
      boost::json::serialize(environment.at("values")),
      R"([{"key":"baseUrl","value":"https://sandbox.shop.example/v2","type":"default","enabled":true},)"
      R"({"key":"apiKey","value":"given","type":"secret","enabled":true},)"
      R"({"key":"username","value":"","type":"default","enabled":true},)"
      R"({"key":"password","value":"","type":"secret","enabled":true}])");
}

}  // namespace
}  // namespace icopilot::contract
