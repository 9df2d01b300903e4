#include "contract/request_check.h"

#include <gtest/gtest.h>

#include "contract/request_builder.h"
#include "core/crypto.h"
#include "spec/load.h"

namespace icopilot::contract {
namespace {

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Query objects, version: '1'}
paths:
  /orders:
    get:
      parameters:
        - name: filter
          in: query
          style: deepObject
          explode: true
          schema:
            type: object
            properties:
              status: {type: string, enum: [open, paid]}
              min: {type: integer, minimum: 0}
        - name: page
          in: query
          required: true
          schema:
            type: object
            required: [size]
            properties: {size: {type: integer, maximum: 100}, after: {type: string}}
        - name: point
          in: query
          explode: false
          schema:
            type: object
            properties: {x: {type: number}, y: {type: number}}
      responses:
        '200': {description: ok}
)";

class QueryObjectTest : public ::testing::Test {
 protected:
  QueryObjectTest()
      : loaded_(spec::LoadSpecText("q.yaml", std::string(kSpec))), schemas_(loaded_) {}

  RequestCheck Check(std::string query) {
    net::Request request;
    request.method = "GET";
    request.path = "/orders";
    request.query = std::move(query);
    request.target = request.path + "?" + request.query;
    return CheckRequest(schemas_, loaded_.spec->operations.at(0), request, {});
  }

  spec::LoadedSpec loaded_;
  SpecSchemas schemas_;
};

TEST_F(QueryObjectTest, DeepObjectFormAndCommaStylesAreReadAndValidated) {
  auto fine = Check("filter[status]=open&filter[min]=3&size=10&point=x,1.5,y,2");
  EXPECT_TRUE(fine.violations.empty()) << fine.violations.front().message;
  EXPECT_TRUE(fine.warnings.empty());

  auto bad = Check("filter[status]=lost&filter[min]=-1&size=500&point=x,east");
  ASSERT_EQ(bad.violations.size(), 4u);
  EXPECT_EQ(bad.violations[0].location, "query.filter/status");
  EXPECT_EQ(bad.violations[1].location, "query.filter/min");
  EXPECT_EQ(bad.violations[2].location, "query.page/size");
  EXPECT_EQ(bad.violations[3].location, "query.point/x");

  // What clients send whatever the style says: `page.size` (AWS), `page[size]`, JSON.
  EXPECT_TRUE(Check("page.size=5").violations.empty());
  EXPECT_TRUE(Check("page[size]=5").violations.empty());
  EXPECT_TRUE(Check("page=%7B%22size%22%3A5%7D").violations.empty());
  EXPECT_EQ(Check("page=%7B%22size%22%3A500%7D").violations.at(0).location, "query.page/size");

  // The exploded object is required: none of its properties sent means it is missing.
  auto missing = Check("filter[status]=open");
  ASSERT_EQ(missing.violations.size(), 1u);
  EXPECT_EQ(missing.violations[0].location, "query.page");
  EXPECT_EQ(missing.violations[0].keyword, "required");
}

}  // namespace
}  // namespace icopilot::contract

namespace icopilot::contract {
namespace {

constexpr std::string_view kSecured = R"(
openapi: 3.0.3
info: {title: Built, version: '1'}
servers: [{url: 'https://api.example.com/v2'}]
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
paths:
  /items/{id}:
    put:
      security: [{key: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 5}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, format: uuid}}
      requestBody:
        required: true
        content: {application/x-www-form-urlencoded: {schema: {type: object, required: [n], properties: {n: {type: integer}}}}}
      responses: {'200': {description: ok}}
)";

TEST(RequestBuilder, BuildsARequestItsOwnCheckAcceptsWithCredentialsInPlace) {
  spec::LoadedSpec loaded = spec::LoadSpecText("built.yaml", std::string(kSecured));
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  SpecSchemas schemas(loaded);
  const spec::Operation& op = loaded.spec->operations.at(0);
  SentCredentials credentials;
  credentials.api_key = "k 1";
  auto built = BuildValidRequest(*loaded.spec, schemas, op, {.credentials = credentials});
  ASSERT_TRUE(built.ok()) << built.status();
  const net::Request& request = built->request;
  EXPECT_EQ(request.method, "PUT");
  EXPECT_TRUE(request.path.starts_with("/v2/items/")) << request.path;
  EXPECT_NE(request.query.find("api_key=k%201"), std::string::npos) << request.query;
  EXPECT_EQ(request.headers.Find("content-type"), "application/x-www-form-urlencoded");
  // What it built passes the check a mock or the runner applies.
  std::vector<std::pair<std::string, std::string>> path_params{
      {"id", request.path.substr(std::string("/v2/items/").size())}};
  auto check = CheckRequest(schemas, op, request, path_params);
  EXPECT_TRUE(check.violations.empty()) << check.violations.front().message;
  EXPECT_EQ(EncodeBase64("user:pass"), "dXNlcjpwYXNz");
}

TEST(RequestBuilder, UsesGivenPathValuesAndCanLeaveCredentialsOut) {
  spec::LoadedSpec loaded = spec::LoadSpecText("built.yaml", std::string(kSecured));
  ASSERT_TRUE(loaded.spec.has_value()) << loaded.unusable_reason;
  SpecSchemas schemas(loaded);
  const spec::Operation& op = loaded.spec->operations.at(0);
  auto built = BuildValidRequest(*loaded.spec, schemas, op,
                                 {.credentials = std::nullopt, .path_values = {{"id", "a b/1"}}});
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->request.path, "/v2/items/a%20b%2F1");
  EXPECT_EQ(built->request.query.find("api_key="), std::string::npos) << built->request.query;
  EXPECT_FALSE(built->request.headers.Find("authorization").has_value());
}

// SoundCloud documents `application/json; charset=utf-8` and answers exactly that.
TEST(MatchMediaType, ComparesTypesWithoutTheirParametersOnBothSides) {
  std::vector<spec::MediaType> content(2);
  content[0].media_type = "application/json; charset=utf-8";
  content[1].media_type = "text/*";
  EXPECT_EQ(MatchMediaType(content, "application/json; charset=utf-8"), &content[0]);
  EXPECT_EQ(MatchMediaType(content, "Application/JSON"), &content[0]);
  EXPECT_EQ(MatchMediaType(content, "text/csv; header=present"), &content[1]);
  EXPECT_EQ(MatchMediaType(content, "application/xml"), nullptr);
}

}  // namespace
}  // namespace icopilot::contract
