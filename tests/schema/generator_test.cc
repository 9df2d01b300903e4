#include "schema/generator.h"

#include <set>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/json.h"

namespace icopilot::schema {
namespace {

struct Fixture {
  boost::json::value document;
  std::optional<Schema> schema;
};

std::unique_ptr<Fixture> Compile(std::string_view text, Dialect dialect = Dialect::kDraft202012) {
  auto fixture = std::make_unique<Fixture>();
  fixture->document = *ParseJson(text);
  CompileOptions options;
  options.dialect = dialect;
  auto schema = Schema::Compile(fixture->document, "", options);
  EXPECT_TRUE(schema.ok()) << schema.status();
  if (schema.ok()) fixture->schema = std::move(*schema);
  return fixture;
}

boost::json::value GenerateOk(const Fixture& f, GenerateOptions options = {}) {
  auto made = GenerateValid(*f.schema, options);
  EXPECT_TRUE(made.ok()) << made.status();
  if (!made.ok()) return nullptr;
  EXPECT_TRUE(f.schema->Validate(made->value, {.direction = options.direction}).valid)
      << boost::json::serialize(made->value);
  return made->value;
}

TEST(SchemaGenerator, LooksRealByFormatAndPropertyName) {
  auto f =
      Compile(R"({"type": "object", "required": ["id", "email", "currency", "amount", "created_at"],
    "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string"},
                   "currency": {"type": "string", "minLength": 3, "maxLength": 3}, "amount": {"type": "number"},
                   "created_at": {"type": "string", "format": "date-time"}, "country": {"type": "string"}}})");
  auto v = GenerateOk(*f);
  EXPECT_NE(v.at("email").as_string().find("@example.com"), boost::json::string::npos);
  EXPECT_EQ(v.at("currency").as_string().size(), 3u);
  EXPECT_EQ(v.at("id").as_string().size(), 36u);
  EXPECT_TRUE(v.at("amount").is_number());
  EXPECT_TRUE(v.as_object().contains("country"));  // optional properties are shown too
}

TEST(SchemaGenerator, ExamplesDefaultsAndEnumsComeFirst) {
  auto f = Compile(
      R"({"type": "object", "properties": {"a": {"type": "string", "examples": ["from-example"]},
    "b": {"type": "integer", "default": 7}, "c": {"enum": ["red", "green"]}}})");
  auto v = GenerateOk(*f);
  EXPECT_EQ(v.at("a"), "from-example");
  EXPECT_EQ(v.at("b"), 7);
  EXPECT_EQ(v.at("c"), "red");
}

TEST(SchemaGenerator, HonoursEveryConstraint) {
  auto f = Compile(
      R"({"type": "object", "additionalProperties": false, "required": ["code", "n", "tags", "x"],
    "properties": {
      "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
      "n": {"type": "integer", "minimum": 10, "exclusiveMaximum": 20, "multipleOf": 7},
      "tags": {"type": "array", "minItems": 3, "uniqueItems": true, "items": {"type": "string", "maxLength": 8}},
      "x": {"allOf": [{"type": "object", "required": ["p"]}, {"properties": {"q": {"const": 1}}, "required": ["q"]}]},
      "pick": {"oneOf": [{"type": "string", "minLength": 2}, {"type": "integer"}]}}})");
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto v = GenerateOk(*f, {.seed = seed});
    EXPECT_EQ(v.at("n"), 14);
    EXPECT_EQ(v.at("tags").as_array().size(), 3u);
    EXPECT_EQ(v.at("x").at("q"), 1);
  }
}

TEST(SchemaGenerator, SameSeedSameValueOtherSeedOtherValue) {
  auto f = Compile(
      R"({"type": "object", "properties": {"name": {"type": "string"}, "id": {"type": "string", "format": "uuid"}}})");
  EXPECT_EQ(GenerateOk(*f, {.seed = 5}), GenerateOk(*f, {.seed = 5}));
  EXPECT_NE(GenerateOk(*f, {.seed = 5}), GenerateOk(*f, {.seed = 6}));
}

TEST(SchemaGenerator, RecursionIsBounded) {
  auto f = Compile(R"({"$defs": {"node": {"type": "object", "required": ["value"],
    "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
    "$ref": "#/$defs/node"})");
  auto v = GenerateOk(*f);
  int depth = 0;
  const boost::json::value* at = &v;
  while (at->as_object().contains("children") && !at->at("children").as_array().empty()) {
    at = &at->at("children").as_array()[0];
    ++depth;
  }
  EXPECT_LE(depth, 4);

  auto endless = Compile(
      R"({"$defs": {"n": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/$defs/n"}}}},
                           "$ref": "#/$defs/n"})");
  auto made = GenerateValid(*endless->schema);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("recurse without end"), std::string::npos)
      << made.status();
}

TEST(SchemaGenerator, UnsatisfiableSchemasSayWhy) {
  auto reason = [](std::string_view text) {
    auto f = Compile(text);
    auto made = GenerateValid(*f->schema);
    EXPECT_FALSE(made.ok());
    return made.ok() ? std::string() : std::string(made.status().message());
  };
  EXPECT_NE(reason("false").find("`false`"), std::string::npos);
  EXPECT_NE(
      reason(R"({"allOf": [{"type": "string"}, {"type": "integer"}]})").find("nothing in common"),
      std::string::npos);
  EXPECT_NE(reason(R"({"type": "integer", "minimum": 5, "maximum": 4})")
                .find("between the minimum 5 and the maximum 4"),
            std::string::npos);
  EXPECT_NE(reason(R"({"type": "string", "minLength": 4, "maxLength": 2})")
                .find("minLength 4 is more than maxLength 2"),
            std::string::npos);
  EXPECT_NE(reason(R"({"type": "object", "required": ["a"], "additionalProperties": false})")
                .find("'a' is required"),
            std::string::npos);
}

TEST(SchemaGenerator, DirectionLeavesOutReadOnlyOrWriteOnly) {
  auto f = Compile(R"({"type": "object", "required": ["id", "password"], "properties": {
    "id": {"type": "string", "readOnly": true}, "password": {"type": "string", "writeOnly": true}}})",
                   Dialect::kOpenApi30);
  auto request = GenerateOk(*f, {.direction = Direction::kRequest});
  EXPECT_FALSE(request.as_object().contains("id"));
  EXPECT_TRUE(request.as_object().contains("password"));
  auto response = GenerateOk(*f, {.direction = Direction::kResponse});
  EXPECT_TRUE(response.as_object().contains("id"));
  EXPECT_FALSE(response.as_object().contains("password"));
}

TEST(SchemaGenerator, UncheckablePatternsMarkTheValueUnverified) {
  auto f = Compile(R"({"type": "string", "pattern": "^(?!x)[a-z]+$"})");
  auto made = GenerateValid(*f->schema);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_FALSE(made->verified);
}

}  // namespace
}  // namespace icopilot::schema

namespace icopilot::schema {
namespace {

TEST(SchemaNegativeGenerator, EachInstanceBreaksExactlyTheLabelledConstraint) {
  auto f = Compile(R"({"type": "object", "required": ["name", "age"], "additionalProperties": false,
    "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 20},
                   "age": {"type": "integer", "minimum": 0, "maximum": 150},
                   "email": {"type": "string", "format": "email"},
                   "role": {"enum": ["admin", "member"]},
                   "tags": {"type": "array", "maxItems": 3, "uniqueItems": true, "items": {"type": "string"}}}})",
                   Dialect::kOpenApi30);
  auto negatives = GenerateInvalid(*f->schema, {.direction = Direction::kRequest});
  ASSERT_TRUE(negatives.ok()) << negatives.status();
  std::set<std::string> labels;
  for (const Negative& negative : *negatives) {
    labels.insert(negative.keyword + " " + negative.instance_path);
    auto result = f->schema->Validate(negative.value, {.direction = Direction::kRequest});
    ASSERT_FALSE(result.valid) << negative.description;
    for (const Problem& problem : result.errors) {
      EXPECT_EQ(problem.instance_path, negative.instance_path) << negative.description;
      EXPECT_EQ(problem.schema_path, negative.schema_path) << negative.description;
    }
  }
  for (std::string expected :
       {"required ", "additionalProperties /unexpected_property", "type /name", "minLength /name",
        "maxLength /name", "minimum /age", "maximum /age", "type /age", "format /email",
        "enum /role", "maxItems /tags", "uniqueItems /tags"}) {
    EXPECT_TRUE(labels.contains(expected)) << expected;
  }
}

TEST(SchemaNegativeGenerator, NothingToBreakInAnOpenSchema) {
  auto f = Compile("true");
  auto negatives = GenerateInvalid(*f->schema);
  ASSERT_TRUE(negatives.ok()) << negatives.status();
  EXPECT_TRUE(negatives->empty());
}

}  // namespace
}  // namespace icopilot::schema

namespace icopilot::schema {
namespace {

TEST(SchemaGenerator, DiscriminatorNamesTheChosenBranch) {
  auto document = *ParseJson(R"({"openapi": "3.0.3", "components": {"schemas": {
    "Pet": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}},
            "discriminator": {"propertyName": "petType", "mapping": {"cat": "#/components/schemas/Cat"}}},
    "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"meows": {"type": "boolean"}}}]},
    "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"barks": {"type": "boolean"}}}]},
    "Any": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "petType"}}}}})");
  CompileOptions options;
  options.dialect = Dialect::kOpenApi30;
  auto generate = [&](std::string_view pointer, std::uint64_t seed) {
    auto schema = Schema::Compile(document, pointer, options);
    EXPECT_TRUE(schema.ok()) << schema.status();
    auto made = GenerateValid(*schema, {.seed = seed});
    EXPECT_TRUE(made.ok()) << made.status();
    return made.ok() ? made->value : boost::json::value();
  };
  EXPECT_EQ(generate("/components/schemas/Cat", 1).at("petType"), "cat");  // explicit mapping
  EXPECT_EQ(generate("/components/schemas/Dog", 1).at("petType"), "Dog");  // implicit: the name
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto any = generate("/components/schemas/Any", seed);
    const bool cat = any.as_object().contains("meows");
    const bool dog = any.as_object().contains("barks");
    ASSERT_NE(cat, dog) << boost::json::serialize(any);
    EXPECT_EQ(any.at("petType"), cat ? "Cat" : "Dog") << boost::json::serialize(any);
  }
}

TEST(SchemaGenerator, HugeOrDeepSchemasEndWithAReasonNotACrash) {
  auto huge = Compile(R"({"type": "string", "minLength": 1000000000000})");
  auto made = GenerateValid(*huge->schema);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("more than the generator makes"), std::string::npos)
      << made.status();

  // 5,000 nested `items`: the compiler stops at its depth bound with a clear error.
  boost::json::value deep = boost::json::object{{"type", "integer"}};
  for (int i = 0; i < 5000; ++i)
    deep = boost::json::object{{"type", "array"}, {"items", std::move(deep)}};
  auto schema = Schema::Compile(deep, "", {});
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("deeper than 500"), std::string::npos)
      << schema.status();
}

// No value fits exactly one branch of this oneOf: the generator says so through the flag
// and gives a value that fits the branches read as anyOf, rather than nothing.
TEST(SchemaGenerator, AnOverlappingOneOfGetsAValueThatFitsSeveralBranches) {
  auto f = Compile(R"({"oneOf": [
      {"type": "object", "properties": {"price": {"type": "string"}}},
      {"type": "object", "properties": {"error_text": {"type": "string"}}}]})");
  auto made = GenerateValid(*f->schema);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_TRUE(made->overlapping_one_of);
  EXPECT_TRUE(made->value.is_object());
  EXPECT_TRUE(f->schema->Validate(made->value, {.strict_one_of = false}).valid);

  auto distinct = Compile(R"({"oneOf": [
      {"type": "object", "required": ["price"], "properties": {"price": {"type": "string"}}},
      {"type": "object", "required": ["error_text"], "properties": {"error_text": {"type": "string"}},
       "not": {"required": ["price"]}}]})");
  auto exact = GenerateValid(*distinct->schema);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_FALSE(exact->overlapping_one_of);
  EXPECT_TRUE(distinct->schema->Validate(exact->value).valid);
}

}  // namespace
}  // namespace icopilot::schema
