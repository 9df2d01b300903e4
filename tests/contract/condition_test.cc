#include "contract/condition.h"

#include <string>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace icopilot::contract {
namespace {

boost::json::object Request(std::string_view json) { return boost::json::parse(json).as_object(); }

const boost::json::object& Refund() {
  static const boost::json::object request = Request(R"({
    "body": {"amount": 12000, "currency": "EUR", "items": [{"sku": "a"}, {"sku": "b"}],
             "note": "héllo", "metadata": null, "express": true, "ratio": 0.5},
    "headers": {"x-region": "EU", "content-type": "application/json"},
    "query": {"limit": 50, "mode": "test"},
    "path": {"id": "ord_1"}
  })");
  return request;
}

bool Matches(std::string_view text, const boost::json::object& request = Refund()) {
  ParsedCondition parsed = ParseCondition(text);
  EXPECT_TRUE(parsed.condition.has_value())
      << text << ": column " << parsed.error.column << ": " << parsed.error.message;
  return parsed.condition.has_value() && parsed.condition->Matches(request);
}

ConditionError ErrorOf(std::string_view text) {
  ParsedCondition parsed = ParseCondition(text);
  EXPECT_FALSE(parsed.condition.has_value()) << text << " parsed";
  return parsed.error;
}

TEST(ConditionTest, TheIssuesExamplesReadTheRequest) {
  EXPECT_TRUE(Matches("body.amount > 10000"));
  EXPECT_FALSE(Matches("body.amount > 12000"));
  EXPECT_TRUE(Matches(R"(headers["x-region"] == "EU")"));
  EXPECT_TRUE(Matches("exists(body.metadata)")) << "present as null is present";
  EXPECT_FALSE(Matches("exists(body.customer)"));
  EXPECT_TRUE(Matches("len(body.items) > 1"));
  EXPECT_FALSE(Matches("len(body.items) > 100"));
  EXPECT_TRUE(Matches("body.amount > 10000 and not (headers.x-region == \"US\")"));
}

TEST(ConditionTest, AndBindsTighterThanOrAndNotTighterThanAnd) {
  // false and false or true: (false and false) or true = true; false and (false or true) = false.
  EXPECT_TRUE(Matches("body.amount < 0 and body.amount < 1 or body.amount > 1"));
  EXPECT_FALSE(Matches("body.amount < 0 and (body.amount < 1 or body.amount > 1)"));
  // not a or b: (not a) or b.
  EXPECT_TRUE(Matches("not body.amount > 1 or true"));
  EXPECT_FALSE(Matches("not (body.amount > 1 or true)"));
  EXPECT_TRUE(Matches("!(body.amount < 1) && (false || body.express)"));
  EXPECT_TRUE(Matches("not not body.express"));
}

TEST(ConditionTest, NumbersCompareByValueAndOtherTypesNeverMix) {
  EXPECT_TRUE(Matches("body.amount == 12000.0"));
  EXPECT_TRUE(Matches("body.ratio == 5e-1"));
  EXPECT_TRUE(Matches("body.ratio >= -1"));
  EXPECT_FALSE(Matches("body.amount == \"12000\"")) << "a string is not a number";
  EXPECT_TRUE(Matches("body.amount != \"12000\""));
  EXPECT_FALSE(Matches("body.currency > 5"));
  EXPECT_FALSE(Matches("body.currency < 5"));
  EXPECT_TRUE(Matches("body.currency < \"USD\"")) << "strings order by their bytes";
  EXPECT_TRUE(Matches("body.currency >= \"EUR\" and body.currency <= \"EUR\""));
  EXPECT_TRUE(Matches("body.metadata == null"));
  EXPECT_TRUE(Matches("body.items[1] == body.items[1]"));
  EXPECT_FALSE(Matches("body.items[0] == body.items[1]"));
  // Exact for integers past 2^53, where doubles would call these equal.
  auto big = Request(R"({"body": {"id": 9007199254740993}})");
  EXPECT_FALSE(Matches("body.id == 9007199254740992", big));
  EXPECT_TRUE(Matches("body.id > 9007199254740992", big));
}

TEST(ConditionTest, AMissingFieldMakesEveryComparisonFalseNotAnError) {
  for (std::string_view text :
       {"body.missing == 1", "body.missing != 1", "body.missing < 1", "body.missing >= 1",
        "body.missing in [1, 2]", "len(body.missing) == 0", "body.items[5].sku == \"a\"",
        "body.amount.deeper == 1", "contains(body.missing, \"a\")", "body.missing",
        "starts_with(body.missing, \"\")"}) {
    EXPECT_FALSE(Matches(text)) << text;
  }
  EXPECT_TRUE(Matches("not (body.missing == 1)"));
  EXPECT_FALSE(Matches("body.amount > 1", Request("{}"))) << "a request with no body at all";
}

TEST(ConditionTest, FunctionsAndLists) {
  EXPECT_TRUE(Matches("len(body.note) == 5")) << "characters, not bytes";
  EXPECT_TRUE(Matches("len(body) == 7"));
  EXPECT_TRUE(Matches("contains(body.note, \"ll\")"));
  EXPECT_TRUE(Matches("contains(body.items, body.items[0])"));
  EXPECT_FALSE(Matches("contains(body.items, \"a\")"));
  EXPECT_TRUE(Matches("starts_with(path.id, 'ord_')"));
  EXPECT_TRUE(Matches("query.mode in [\"sandbox\", \"test\"]"));
  EXPECT_FALSE(Matches("query.mode in []"));
  EXPECT_TRUE(Matches("query.limit in [10, 50.0]"));
  EXPECT_TRUE(Matches("body.express")) << "a field alone is true when it is true";
  EXPECT_FALSE(Matches("body.amount")) << "and only then";
}

TEST(ConditionTest, HeaderNamesAreCaseInsensitive) {
  EXPECT_TRUE(Matches(R"(headers["X-Region"] == "EU")"));
  EXPECT_TRUE(Matches("headers.Content-Type == \"application/json\""));
  EXPECT_FALSE(Matches(R"(headers["x-region"] == "eu")")) << "values are not";
}

TEST(ConditionTest, StringsTakeEitherQuoteAndEscapes) {
  auto quoted = Request(R"({"body": {"s": "a\"b'c\\d\n"}})");
  EXPECT_TRUE(Matches(R"(body.s == "a\"b'c\\d\n")", quoted));
  EXPECT_TRUE(Matches(R"(body.s == 'a"b\'c\\d\n')", quoted));
  EXPECT_TRUE(Matches("body[\"a.b\"] == 1", Request(R"({"body": {"a.b": 1}})")));
  EXPECT_TRUE(Matches("body.é == 1", Request(R"({"body": {"é": 1}})")));
  EXPECT_TRUE(
      Matches("body.in == 1 and body.and == 2", Request(R"({"body": {"in": 1, "and": 2}})")));
}

TEST(ConditionTest, ErrorsSayWhatAndAtWhichColumn) {
  struct Case {
    std::string_view text;
    int column;
    std::string_view message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"body.amount = 5", 13, "`==`"},
           {"body.amount >", 14, "ends"},
           {"bdy.amount > 5", 1, "unknown name `bdy`"},
           {"body.amount > 5 and", 20, "ends"},
           {"(body.amount > 5", 17, "`)`"},
           {"body.amount > 'x", 15, "closing quote"},
           {"body.amount == \"\\q\"", 17, "unknown escape"},
           {"len(body.items)", 1, "a number is not a condition"},
           {"body.amount > 5 and 7", 21, "not a condition"},
           {"1 < body.amount < 5", 17, "do not chain"},
           {"body.amount in 5", 16, "a list"},
           {"exists(5)", 8, "takes a field"},
           {"len(body.a, body.b)", 11, "takes one value"},
           {"contains(body.a)", 16, "takes two values"},
           {"(body.a > 1) == true", 1, "compare values, not conditions"},
           {"body.amount > 1e999", 15, "out of range"},
           {"body.a == 1 & body.b == 2", 13, "use `and`"},
           {"body. == 1", 7, "field name"},
           {"body[x] == 1", 6, "quoted name or an index"},
           {"   ", 1, "empty"},
           {"é == 1", 1, "unknown name `é`"},
           {"body.a == 1 $", 13, "unexpected character '$'"},
           {"body.a == 1 body.b", 13, "expected `and`, `or` or the end"},
       }) {
    ConditionError error = ErrorOf(c.text);
    EXPECT_EQ(error.column, c.column) << c.text << ": " << error.message;
    EXPECT_NE(error.message.find(c.message), std::string::npos) << c.text << ": " << error.message;
  }
  // Columns count characters: the 'é' is two bytes and one column.
  EXPECT_EQ(ErrorOf("body.x == 'é' =").column, 15);
}

TEST(ConditionTest, HostileInputStaysWithinItsBounds) {
  EXPECT_NE(ErrorOf(std::string(Condition::kMaxLength + 1, ' ')).message.find("at most"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(100, '(') + "true" + std::string(100, ')'))
                .message.find("nested too deep"),
            std::string::npos);
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "not ";
  EXPECT_NE(ErrorOf(nots + "true").message.find("nested too deep"), std::string::npos);
  std::string clauses = "body.a==1";
  while (clauses.size() < Condition::kMaxLength - 20) clauses += " or body.a==1";
  EXPECT_NE(ErrorOf(clauses).message.find("too large"), std::string::npos);
  std::string list = "body.a in [";
  for (int i = 0; i < 150; ++i) list += "1,";
  list += "1]";
  EXPECT_NE(ErrorOf(list).message.find("at most 100 values"), std::string::npos);
  EXPECT_TRUE(
      Matches("body.n > 123456789012345678901234567890", Request(R"({"body": {"n": 1.5e30}})")))
      << "an integer too long for 64 bits is read as a double";
  EXPECT_NE(ErrorOf("body[99999999999999999999999] == 1").message.find("out of range"),
            std::string::npos);
  // The largest condition allowed evaluates without trouble against a large request.
  std::string wide = "body.a == 0";
  while (wide.size() < 1500) wide += " or body.a == 0";
  boost::json::object request = Request(R"({"body": {"a": 1}})");
  ParsedCondition parsed = ParseCondition(wide);
  ASSERT_TRUE(parsed.condition) << parsed.error.message;
  EXPECT_FALSE(parsed.condition->Matches(request));
}

TEST(ConditionTest, FieldsListsTheRequestFieldsRead) {
  ParsedCondition parsed = ParseCondition(
      "body.amount > 1 and headers[\"X-Region\"] == 'EU' or "
      "len(body.items[0].tags) > 2 or body.amount < 0 or body[\"a/b\"] == 1");
  ASSERT_TRUE(parsed.condition);
  EXPECT_EQ(parsed.condition->Fields(),
            (std::vector<std::string>{"/body/amount", "/headers/x-region", "/body/items/0/tags",
                                      "/body/a~1b"}));
}

}  // namespace
}  // namespace icopilot::contract
