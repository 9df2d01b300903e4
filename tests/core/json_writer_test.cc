#include "core/json_writer.h"

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

}  // namespace
}  // namespace icopilot
