#include "core/json_writer.h"

#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(JsonWriter, WritesNestedContainersWithCommasInPlace) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("a").Int(-3).Key("b").BeginArray().Bool(true).Null().String("x").EndArray();
  w.Key("c")
      .BeginObject()
      .EndObject()
      .Key("d")
      .Strings({"p", "q"})
      .Key("e")
      .StringOrNull("")
      .EndObject();
  EXPECT_EQ(out, R"({"a":-3,"b":[true,null,"x"],"c":{},"d":["p","q"],"e":null})");
}

TEST(JsonWriter, EscapesWhatJsonRequiresAndPassesUtf8Through) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray().String("quote \" back \\ tab \t nl \n").String("ünïcødé").EndArray();
  auto parsed = boost::json::parse(out);
  EXPECT_EQ(parsed.at(0).as_string(), "quote \" back \\ tab \t nl \n");
  EXPECT_EQ(parsed.at(1).as_string(), "ünïcødé");
  EXPECT_NE(out.find("ünïcødé"), std::string::npos);
}

TEST(JsonWriter, SerializesDomValuesLargerThanItsBuffer) {
  boost::json::array big;
  for (int i = 0; i < 2000; ++i)
    big.push_back(boost::json::value("item with \"quotes\" number " + std::to_string(i)));
  boost::json::value value = {{"big", big}};
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("v").Value(&value).Key("none").Value(nullptr).EndObject();
  auto parsed = boost::json::parse(out);
  EXPECT_EQ(parsed.at("v"), value);
  EXPECT_TRUE(parsed.at("none").is_null());
}

TEST(JsonWriter, ReadableJsonWritesNumbersAsPeopleDo) {
  auto value = boost::json::parse(
      R"({"price": 82.19, "tiny": 1e-7, "whole": 3.0, "n": -4, "big": 18446744073709551615,
          "s": "a\"b\n", "list": [0.5, true, null, {"x": []}]})");
  std::string text = ReadableJson(value);
  EXPECT_NE(text.find(R"("price":82.19)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("whole":3)"), std::string::npos) << text;
  // The same values read back; 3.0 comes back as the integer 3, the same JSON number.
  auto back = boost::json::parse(text);
  EXPECT_EQ(back.at("whole").to_number<double>(), 3.0);
  back.as_object()["whole"] = 3.0;
  EXPECT_EQ(back, value);
  EXPECT_EQ(ReadableJson(boost::json::value(std::numeric_limits<double>::infinity())), "null");
}

}  // namespace
}  // namespace icopilot
