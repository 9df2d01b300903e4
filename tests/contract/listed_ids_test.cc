#include "contract/listed_ids.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace icopilot::contract {
namespace {

using Ids = std::vector<std::string>;

TEST(ListedIds, ReadTheIdEachItemGivesForTheItemPathsParameter) {
  // opto22's tables are named, not numbered: `name` for `{tableName}`.
  EXPECT_EQ(
      ListedIds(*ParseJson(R"([{"name": "temps", "length": 3}, {"name": "flows"}])"), "tableName"),
      (Ids{"temps", "flows"}));
  // The property named like the parameter wins over `id`; an envelope's `items` first.
  EXPECT_EQ(ListedIds(*ParseJson(R"({"meta": [1], "items": [{"id": 9, "sku": "a-1"}]})"), "sku"),
            (Ids{"a-1"}));
  EXPECT_EQ(ListedIds(*ParseJson(R"({"data": [{"order_id": 7}]})"), "orderId"), (Ids{"7"}));
  EXPECT_EQ(ListedIds(*ParseJson(R"(["eu-west", "us-east"])"), "region"),
            (Ids{"eu-west", "us-east"}));
  // An empty list names nothing; items without an id, or no list at all, tell nothing.
  EXPECT_EQ(ListedIds(*ParseJson("[]"), "id"), Ids{});
  EXPECT_FALSE(ListedIds(*ParseJson(R"([{"colour": "red"}])"), "id").has_value());
  EXPECT_FALSE(ListedIds(*ParseJson(R"({"count": 2})"), "id").has_value());
}

}  // namespace
}  // namespace icopilot::contract
