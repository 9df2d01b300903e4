#include "spec/diff.h"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

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

// The classes issue 21 added, each with a pair of documents.

constexpr char kShapes[] = R"(openapi: 3.0.3
info: {title: Shapes, version: '1'}
paths:
  /payments:
    post:
      operationId: createPayment
      parameters:
        - {name: X-Request-Id, in: header, schema: {type: string}}
        - {name: ids, in: query, style: form, explode: true, schema: {type: array, items: {type: string}}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                amount: {type: integer, minimum: 1, maximum: 100000}
                reference: {type: string, maxLength: 64}
                method:
                  oneOf:
                    - {$ref: '#/components/schemas/Card'}
                    - {$ref: '#/components/schemas/Bank'}
      responses:
        '201':
          description: created
          headers:
            Location: {required: true, schema: {type: string}}
            X-Trace: {schema: {type: string}}
          content:
            application/json:
              schema:
                allOf:
                  - {$ref: '#/components/schemas/Card'}
                  - {type: object, properties: {status: {type: string, maxLength: 20}}}
components:
  schemas:
    Card: {type: object, properties: {card: {type: string}}}
    Bank: {type: object, properties: {iban: {type: string}}}
)";

TEST(Diff, HeadersCompareWithoutCaseAndResponseHeadersMayNotGoAway) {
  EXPECT_TRUE(Diff(kShapes, Replace(kShapes, "name: X-Request-Id", "name: x-request-id")).empty())
      << "header names ignore case";
  ExpectOnly(Diff(kShapes, Replace(kShapes, "            Location: {required: true, schema: {type: string}}\n", "")),
             "response-header-removed", true);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "            X-Trace: {schema: {type: string}}\n", "")),
             "response-header-removed", false);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "Location: {required: true,", "Location: {required: false,")),
             "response-header-became-optional", true);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "X-Trace: {schema: {type: string}}", "X-Trace: {schema: {type: integer}}")),
             "type-changed", true);
}

TEST(Diff, AParameterSerializedAnotherWayBreaksClients) {
  auto changes = Diff(kShapes, Replace(kShapes, "style: form, explode: true", "style: pipeDelimited, explode: false"));
  ExpectOnly(changes, "parameter-style-changed", true);
  EXPECT_NE(changes[0].message.find("pipeDelimited"), std::string::npos) << changes[0].message;
  EXPECT_TRUE(Diff(kShapes, Replace(kShapes, "style: form, explode: true, ", "")).empty())
      << "form, exploded is a query parameter's default: nothing changed";
}

TEST(Diff, BoundsNarrowedForRequestsOrWidenedForResponsesBreak) {
  ExpectOnly(Diff(kShapes, Replace(kShapes, "minimum: 1, maximum: 100000", "minimum: 100, maximum: 100000")),
             "request-bounds-narrowed", true);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "reference: {type: string, maxLength: 64}", "reference: {type: string, maxLength: 32}")),
             "request-bounds-narrowed", true);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "reference: {type: string, maxLength: 64}", "reference: {type: string, maxLength: 64, pattern: '^[A-Z]+$'}")),
             "request-pattern-changed", true);
  EXPECT_TRUE(Diff(kShapes, Replace(kShapes, "minimum: 1, maximum: 100000", "minimum: 0, maximum: 1000000")).empty())
      << "a request accepting more breaks nobody";
  ExpectOnly(Diff(kShapes, Replace(kShapes, "status: {type: string, maxLength: 20}", "status: {type: string, maxLength: 40}")),
             "response-bounds-widened", true);
  EXPECT_TRUE(Diff(kShapes, Replace(kShapes, "status: {type: string, maxLength: 20}", "status: {type: string, maxLength: 10}")).empty())
      << "a response promising less breaks nobody";
}

TEST(Diff, AlternativesAndPartsOfComposedSchemas) {
  ExpectOnly(Diff(kShapes, Replace(kShapes, "                    - {$ref: '#/components/schemas/Bank'}\n", "")),
             "request-alternative-removed", true);
  auto added = Diff(kShapes, Replace(kShapes, "                    - {$ref: '#/components/schemas/Bank'}\n",
                                     "                    - {$ref: '#/components/schemas/Bank'}\n                    - {type: string}\n"));
  ExpectOnly(added, "request-alternative-added", false);
  ExpectOnly(Diff(kShapes, Replace(kShapes, "                  - {$ref: '#/components/schemas/Card'}\n                  - {type: object, properties: {status",
                                   "                  - {type: object, properties: {status")),
             "response-allof-removed", true);
  // A branch changed in place is compared as the schema it is.
  ExpectOnly(Diff(kShapes, Replace(kShapes, "Bank: {type: object, properties: {iban: {type: string}}}",
                                   "Bank: {type: object, properties: {iban: {type: integer}}}")),
             "type-changed", true);
}

TEST(Diff, SchemasInOtherFilesAreFollowedFromTheFileThatNamesThem) {
  testing::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text) {
    std::filesystem::create_directories((dir.path() / name).parent_path());
    std::ofstream(dir.path() / name) << text;
  };
  auto version = [&](const std::string& folder, const std::string& money) {
    write(folder + "/openapi.yaml", R"(openapi: 3.0.3
info: {title: Split, version: '1'}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/order.yaml'}
)");
    // order.yaml names money.yaml relative to itself, in the same folder.
    write(folder + "/schemas/order.yaml",
          "type: object\nproperties:\n  id: {type: string}\n  total: {$ref: 'money.yaml'}\n");
    write(folder + "/schemas/money.yaml", money);
  };
  version("v1", "type: object\nproperties:\n  amount: {type: integer}\n  currency: {type: string}\n");
  version("v2", "type: object\nproperties:\n  amount: {type: integer}\n");
  LoadedSpec v1 = LoadSpec(dir.path() / "v1/openapi.yaml");
  LoadedSpec v2 = LoadSpec(dir.path() / "v2/openapi.yaml");
  ASSERT_TRUE(v1.spec && v2.spec);
  auto changes = DiffSpecs(v1, v2);
  ExpectOnly(changes, "response-field-removed", true);
  EXPECT_NE(changes[0].message.find(".total.currency"), std::string::npos) << changes[0].message;
  EXPECT_TRUE(DiffSpecs(v1, v1).empty());
}

}  // namespace
}  // namespace icopilot::spec
