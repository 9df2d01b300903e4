#include <optional>
#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/json.h"
#include "schema/schema.h"

namespace icopilot::schema {
namespace {

boost::json::value Json(std::string_view text) {
  auto parsed = ParseJson(text, {.max_depth = 10000});
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? std::move(*parsed) : boost::json::value();
}

struct Compiled {
  boost::json::value document;
  std::optional<Schema> compiled;
  const Schema& schema() const { return *compiled; }
};

// The document must outlive the schema: both live here.
std::unique_ptr<Compiled> Compile(std::string_view text, Dialect dialect = Dialect::kOpenApi30) {
  auto holder = std::make_unique<Compiled>(Compiled{Json(text), std::nullopt});
  CompileOptions options;
  options.dialect = dialect;
  auto schema = Schema::Compile(holder->document, "", options);
  EXPECT_TRUE(schema.ok()) << schema.status();
  if (schema.ok()) holder->compiled = std::move(*schema);
  return holder;
}

TEST(SchemaValidator, SaysWhereAndWhatInWordsAPartnerReads) {
  auto c = Compile(R"({"type": "object", "required": ["customer_email", "amount"],
    "properties": {"customer_email": {"type": "string", "format": "email"},
                   "amount": {"type": "integer", "minimum": 1},
                   "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}}}})");
  auto result = c->schema().Validate(
      Json(R"({"customer_email": "ana@", "items": [{"sku": "a"}, {"sku": 7}]})"));
  ASSERT_FALSE(result.valid);
  ASSERT_EQ(result.errors.size(), 3u);
  EXPECT_EQ(result.errors[0].message, "the value: 'amount' is required");
  EXPECT_EQ(result.errors[1].message, "customer_email: 'ana@' is not an email address");
  EXPECT_EQ(result.errors[1].instance_path, "/customer_email");
  EXPECT_EQ(result.errors[1].schema_path, "/properties/customer_email/format");
  EXPECT_EQ(result.errors[2].instance_path, "/items/1/sku");
  EXPECT_EQ(result.errors[2].message, "items[1].sku: expected a string, got 7");
}

TEST(SchemaValidator, FirstErrorModeStopsAtOne) {
  auto c = Compile(R"({"type": "object", "required": ["a", "b", "c"]})");
  EXPECT_EQ(c->schema().Validate(Json("{}")).errors.size(), 3u);
  EXPECT_EQ(c->schema().Validate(Json("{}"), {.all_errors = false}).errors.size(), 1u);
}

TEST(SchemaValidator, ReadOnlyAndWriteOnlyFollowTheDirection) {
  auto c = Compile(R"({"type": "object", "required": ["id", "password"],
    "properties": {"id": {"type": "string", "readOnly": true}, "password": {"type": "string", "writeOnly": true}}})");
  auto request =
      c->schema().Validate(Json(R"({"password": "x"})"), {.direction = Direction::kRequest});
  EXPECT_TRUE(request.valid);
  auto response = c->schema().Validate(Json(R"({"id": "1"})"), {.direction = Direction::kResponse});
  EXPECT_TRUE(response.valid);
  EXPECT_FALSE(
      c->schema().Validate(Json(R"({"id": "1"})"), {.direction = Direction::kRequest}).valid);

  // Sending a readOnly property is a warning, not an error.
  auto sent = c->schema().Validate(Json(R"({"id": "1", "password": "x"})"),
                                   {.direction = Direction::kRequest});
  EXPECT_TRUE(sent.valid);
  ASSERT_EQ(sent.warnings.size(), 1u);
  EXPECT_EQ(sent.warnings[0].instance_path, "/id");
}

TEST(SchemaValidator, OpenApi30NullableAndBooleanExclusiveBounds) {
  auto c =
      Compile(R"({"type": "number", "nullable": true, "minimum": 0, "exclusiveMinimum": true})");
  EXPECT_TRUE(c->schema().Validate(Json("null")).valid);
  EXPECT_TRUE(c->schema().Validate(Json("0.5")).valid);
  EXPECT_FALSE(c->schema().Validate(Json("0")).valid);
  // draft 4 has no nullable
  auto d4 = Compile(R"({"type": "number", "nullable": true})", Dialect::kDraft4);
  EXPECT_FALSE(d4->schema().Validate(Json("null")).valid);
}

TEST(SchemaValidator, PatternsRe2CannotRunAreReportedAndSkipped) {
  auto c = Compile(R"({"type": "string", "pattern": "^(?!admin).*$"})", Dialect::kDraft202012);
  ASSERT_EQ(c->schema().unsupported().size(), 1u);
  EXPECT_NE(c->schema().unsupported()[0].find("lookaround"), std::string::npos);
  EXPECT_TRUE(c->schema().Validate(Json(R"("admin")")).valid);  // skipped, never run
  auto ecma =
      Compile(R"({"type": "string", "pattern": "^\\u00e9\\s\\d+$"})", Dialect::kDraft202012);
  EXPECT_TRUE(ecma->schema()
                  .Validate(Json("\"\xC3\xA9\xC2\xA0"
                                 "42\""))
                  .valid);  // ECMA \s includes NBSP
  EXPECT_FALSE(ecma->schema().Validate(Json(R"("é x")")).valid);
}

TEST(SchemaValidator, RecursiveSchemasStayAGraphAndDeepInstancesAreBounded) {
  auto c = Compile(
      R"({"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}},
                       "$ref": "#/$defs/node"})",
      Dialect::kDraft202012);
  EXPECT_TRUE(c->schema().Validate(Json(R"({"next": {"next": {}}})")).valid);
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += R"({"next": )";
  deep += "{}";
  for (int i = 0; i < 3000; ++i) deep += "}";
  auto result = c->schema().Validate(Json(deep));
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.errors.back().message.find("nested deeper than"), std::string::npos);

  auto loop = Compile(R"({"$ref": "#"})", Dialect::kDraft202012);
  EXPECT_FALSE(loop->schema().Validate(Json("1")).valid);  // ends, with an error, no stack overflow
}

TEST(SchemaValidator, UnresolvableRefIsACompileError) {
  auto document = Json(R"({"$ref": "#/$defs/missing"})");
  auto schema = Schema::Compile(document, "", {});
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("leads nowhere"), std::string::npos);
}

TEST(SchemaValidator, CompilesASchemaInsideAnOpenApiDocument) {
  auto document = Json(R"({"openapi": "3.0.3", "components": {"schemas": {
      "Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "owner": {"$ref": "#/components/schemas/Owner"}}},
      "Owner": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int32"}}}}}})");
  CompileOptions options;
  options.dialect = Dialect::kOpenApi30;
  auto schema = Schema::Compile(document, "/components/schemas/Pet", options);
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_TRUE(schema->Validate(Json(R"({"name": "Rex", "owner": {"id": 7}})")).valid);
  auto result = schema->Validate(Json(R"({"name": "Rex", "owner": {"id": 4294967296}})"));
  ASSERT_FALSE(result.valid);
  EXPECT_EQ(result.errors[0].message, "owner.id: 4294967296 is not a 32-bit integer");
}

}  // namespace
}  // namespace icopilot::schema

namespace icopilot::schema {
namespace {

TEST(SchemaValidator, DiscriminatorPicksTheBranchSoLookAlikesDoNotClash) {
  auto document = Json(R"({"openapi": "3.0.3", "components": {"schemas": {
    "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
    "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}}},
    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}}}}})");
  CompileOptions options;
  options.dialect = Dialect::kOpenApi30;
  auto schema = Schema::Compile(document, "/components/schemas/Pet", options);
  ASSERT_TRUE(schema.ok()) << schema.status();
  // Both branches accept this; plain oneOf would fail it, the discriminator decides.
  EXPECT_TRUE(schema->Validate(Json(R"({"kind": "dog", "good": true})")).valid);
  EXPECT_TRUE(schema->Validate(Json(R"({"kind": "Cat", "lives": 9})")).valid);
  auto wrong = schema->Validate(Json(R"({"kind": "Cat", "lives": "nine"})"));
  ASSERT_FALSE(wrong.valid);
  EXPECT_EQ(wrong.errors[0].instance_path, "/lives");
  auto unknown = schema->Validate(Json(R"({"kind": "cow"})"));
  ASSERT_FALSE(unknown.valid);
  EXPECT_EQ(unknown.errors[0].message, "the value: 'kind' is 'cow', not one of dog, Cat");
}

// Vonage's Verify API answers `oneOf: [checkResponse, checkErrorResponse]`, two objects
// with no required property: every object fits both, so no answer is valid by JSON
// Schema's rule. Read leniently, such a oneOf is anyOf with a warning; a value that fits
// no branch still fails.
TEST(SchemaValidator, AnOverlappingOneOfIsAnyOfWithAWarningWhenNotStrict) {
  auto c = Compile(R"({"oneOf": [
      {"type": "object", "properties": {"status": {"type": "string"}, "price": {"type": "string"}}},
      {"type": "object", "properties": {"status": {"type": "string"}, "error_text": {"type": "string"}}}]})");
  const auto answer = Json(R"({"status": "0", "price": "0.1"})");
  EXPECT_FALSE(c->schema().Validate(answer).valid);
  auto lenient = c->schema().Validate(answer, {.strict_one_of = false});
  EXPECT_TRUE(lenient.valid);
  ASSERT_EQ(lenient.warnings.size(), 1u);
  EXPECT_TRUE(lenient.warnings[0].schema_path.ends_with("/oneOf"))
      << lenient.warnings[0].schema_path;
  EXPECT_FALSE(c->schema().Validate(Json(R"({"status": 0})"), {.strict_one_of = false}).valid);
  EXPECT_FALSE(c->schema().Validate(Json("[]"), {.strict_one_of = false}).valid);
}

}  // namespace
}  // namespace icopilot::schema
