#include "spec/diff.h"

#include <gtest/gtest.h>

namespace icopilot::spec {
namespace {

constexpr char kBase[] = R"(openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [open, paid, shipped]}}
      responses:
        '200':
          description: orders
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Order'}}
        '404': {description: none}
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewOrder'}
      responses:
        '201': {description: created}
  /legacy:
    get:
      responses: {'200': {description: ok}}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
        total: {type: number}
        note: {type: string}
        parent: {$ref: '#/components/schemas/Order'}
    NewOrder:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {type: string}}
        coupon: {type: string}
)";

std::vector<Change> Diff(const std::string& before, const std::string& after) {
  LoadedSpec old_spec = LoadSpecText("old.yaml", before);
  LoadedSpec new_spec = LoadSpecText("new.yaml", after);
  EXPECT_TRUE(old_spec.spec && new_spec.spec);
  if (!old_spec.spec || !new_spec.spec) return {};
  return DiffSpecs(old_spec, new_spec);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void ExpectOnly(const std::vector<Change>& changes, std::string_view rule, bool breaking) {
  ASSERT_EQ(changes.size(), 1u) << (changes.empty() ? "no change" : changes[0].rule + ": " + changes[0].message);
  EXPECT_EQ(changes[0].rule, rule) << changes[0].message;
  EXPECT_EQ(changes[0].breaking, breaking);
}

TEST(Diff, IdenticalSpecsHaveNoChanges) { EXPECT_TRUE(Diff(kBase, kBase).empty()); }

TEST(Diff, RemovedOperationIsBreakingAndAddedIsNot) {
  std::string removed = Replace(kBase, "  /legacy:\n    get:\n      responses: {'200': {description: ok}}\n", "");
  auto changes = Diff(kBase, removed);
  ExpectOnly(changes, "operation-removed", true);
  EXPECT_EQ(changes[0].operation, "GET /legacy");
  EXPECT_EQ(changes[0].side, "old");
  EXPECT_EQ(changes[0].line, 25) << "placed in the old document, at the method";
  ExpectOnly(Diff(removed, kBase), "operation-added", false);
}

TEST(Diff, ParameterChanges) {
  ExpectOnly(Diff(kBase, Replace(kBase, "- {name: status, in: query,", "- {name: status, in: query, required: true,")),
             "parameter-became-required", true);
  ExpectOnly(Diff(kBase, Replace(kBase, "        - {name: status", "        - {name: page, in: query, required: true, schema: {type: integer}}\n        - {name: status")),
             "required-parameter-added", true);
  ExpectOnly(Diff(kBase, Replace(kBase, "        - {name: status", "        - {name: page, in: query, schema: {type: integer}}\n        - {name: status")),
             "optional-parameter-added", false);
  ExpectOnly(Diff(kBase, Replace(kBase, "enum: [open, paid, shipped]", "enum: [open, shipped]")), "enum-value-removed", true);
  EXPECT_TRUE(Diff(kBase, Replace(kBase, "enum: [open, paid, shipped]", "enum: [open, paid, shipped, void]")).empty());
  ExpectOnly(Diff(kBase, Replace(kBase, "schema: {type: string, enum", "schema: {type: integer, enum")), "type-changed", true);
}

TEST(Diff, RequestBodyChanges) {
  ExpectOnly(Diff(kBase, Replace(kBase, "      required: [items]", "      required: [items, coupon]")),
             "required-request-field-added", true);
  ExpectOnly(Diff(kBase, Replace(kBase, "      requestBody:\n", "      requestBody:\n        required: true\n")),
             "request-body-became-required", true);
  // A media type added to the request is not a change a client notices.
  EXPECT_TRUE(Diff(kBase, Replace(kBase, "            schema: {$ref: '#/components/schemas/NewOrder'}",
                                  "            schema: {$ref: '#/components/schemas/NewOrder'}\n          application/xml: {}"))
                  .empty());
}

TEST(Diff, ResponseChanges) {
  ExpectOnly(Diff(kBase, Replace(kBase, "        '404': {description: none}\n", "")), "response-removed", true);
  ExpectOnly(Diff(kBase, Replace(kBase, "        '404': {description: none}\n", "        '404': {description: none}\n        '429': {description: slow}\n")),
             "response-added", false);
  auto changes = Diff(kBase, Replace(kBase, "        note: {type: string}\n", ""));
  ExpectOnly(changes, "response-field-removed", true);
  EXPECT_NE(changes[0].message.find("response 200 (application/json)[].note"), std::string::npos) << changes[0].message;
  ExpectOnly(Diff(kBase, Replace(kBase, "        total: {type: number}", "        total: {type: string}")), "type-changed", true);
}

TEST(Diff, SecurityAdded) {
  std::string secured = Replace(kBase, "paths:\n", "security: [{key: []}]\npaths:\n");
  secured = Replace(secured, "components:\n", "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n");
  auto changes = Diff(kBase, secured);
  ASSERT_EQ(changes.size(), 3u);
  for (const auto& change : changes) {
    EXPECT_EQ(change.rule, "security-added");
    EXPECT_TRUE(change.breaking);
  }
}

TEST(Diff, AnotherWayToAuthenticateIsNotBreakingButAnExtraRequirementIs) {
  std::string one = Replace(kBase, "paths:\n", "security: [{key: []}]\npaths:\n");
  one = Replace(one, "components:\n", "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n"
                                      "    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /t, scopes: {}}}}\n");
  std::string either = Replace(one, "security: [{key: []}]", "security: [{key: []}, {oauth: []}]");
  std::string both = Replace(one, "security: [{key: []}]", "security: [{key: [], oauth: []}]");
  auto relaxed = Diff(one, either);
  ASSERT_EQ(relaxed.size(), 3u);
  EXPECT_EQ(relaxed[0].rule, "security-relaxed");
  EXPECT_FALSE(relaxed[0].breaking);
  auto stricter = Diff(one, both);
  ASSERT_EQ(stricter.size(), 3u);
  EXPECT_EQ(stricter[0].rule, "security-changed");
  EXPECT_TRUE(stricter[0].breaking);
}

TEST(Diff, SwaggerToOpenApiKeepsSchemasComparable) {
  const char* swagger = R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
    "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}}},
    "definitions": {"A": {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}}}}})";
  const char* openapi = R"({"openapi": "3.0.0", "info": {"title": "t", "version": "2"},
    "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
    "components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}})";
  ExpectOnly(Diff(swagger, openapi), "response-field-removed", true);
}

}  // namespace
}  // namespace icopilot::spec
