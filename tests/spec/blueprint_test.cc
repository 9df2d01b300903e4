#include "spec/blueprint.h"

#include <gtest/gtest.h>

#include "spec/load.h"

namespace icopilot::spec {
namespace {

const std::filesystem::path kFixtures = ICOPILOT_SPEC_FIXTURES;

const Category& Get(const Blueprint& blueprint, std::string_view id) {
  for (const auto& category : blueprint.categories) {
    if (CategoryName(category.id) == id) return category;
  }
  static const Category none;
  ADD_FAILURE() << "no category " << id;
  return none;
}

TEST(Blueprint, ListsTheTenCategoriesInOrder) {
  LoadedSpec loaded = LoadSpec(kFixtures / "petstore.yaml");
  Blueprint blueprint = BuildBlueprint(*loaded.spec);
  std::vector<std::string> ids;
  for (const auto& category : blueprint.categories) ids.emplace_back(CategoryName(category.id));
  EXPECT_EQ(ids,
            (std::vector<std::string>{"authentication", "authorization", "request-validation",
                                      "response-conformance", "error-handling", "idempotency",
                                      "rate-limiting", "pagination", "webhooks", "performance"}));
}

TEST(Blueprint, DetectsTraitsOfThePetstore) {
  LoadedSpec loaded = LoadSpec(kFixtures / "petstore.yaml");
  Blueprint blueprint = BuildBlueprint(*loaded.spec);
  ASSERT_EQ(blueprint.operations.size(), 3u);
  ASSERT_TRUE(blueprint.operations[0].pagination.has_value());
  EXPECT_EQ(blueprint.operations[0].pagination->style, PagingStyle::kCursor);
  EXPECT_EQ(blueprint.operations[0].pagination->position, "cursor");
  EXPECT_EQ(blueprint.operations[0].pagination->size, "limit");
  EXPECT_TRUE(blueprint.operations[0].rate_limit_documented);
  EXPECT_TRUE(blueprint.operations[1].mutating);
  EXPECT_EQ(blueprint.operations[1].idempotency_header, "Idempotency-Key");
  EXPECT_TRUE(Get(blueprint, "authentication").applicable);
  EXPECT_FALSE(Get(blueprint, "authorization").applicable) << "bearer without scopes";
  EXPECT_FALSE(Get(blueprint, "webhooks").applicable);
}

TEST(Blueprint, ReadOnlyApiWithoutSecurityHasNoAuthOrIdempotencyTests) {
  LoadedSpec loaded = LoadSpecText("ro.yaml", R"(openapi: 3.0.0
info: {title: ro, version: '1'}
paths:
  /items:
    get:
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok}}
)");
  Blueprint blueprint = BuildBlueprint(*loaded.spec);
  EXPECT_FALSE(Get(blueprint, "authentication").applicable);
  EXPECT_EQ(Get(blueprint, "authentication").reason, "no operation requires credentials");
  EXPECT_FALSE(Get(blueprint, "idempotency").applicable);
  EXPECT_EQ(Get(blueprint, "idempotency").reason, "read-only API: no operation changes anything");
  EXPECT_TRUE(Get(blueprint, "pagination").applicable);
  EXPECT_FALSE(Get(blueprint, "response-conformance").applicable);
}

TEST(Blueprint, ScopesAndCallbacksAndWebhooks) {
  LoadedSpec swagger = LoadSpec(kFixtures / "swagger2.json");
  EXPECT_TRUE(Get(BuildBlueprint(*swagger.spec), "authorization").applicable);
  EXPECT_TRUE(Get(BuildBlueprint(*swagger.spec), "pagination").applicable) << "page + page_size";
  LoadedSpec multi = LoadSpec(kFixtures / "multi/openapi.yaml");
  EXPECT_TRUE(Get(BuildBlueprint(*multi.spec), "webhooks").applicable);
}

}  // namespace
}  // namespace icopilot::spec
