#include "core/strings.h"

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(StrCat, FormatsMixedArguments) {
  EXPECT_EQ(StrCat("offset ", 17, ": ", std::string_view("x")), "offset 17: x");
}

TEST(SplitAndTrim, DropsEmptyPartsAndWhitespace) {
  EXPECT_EQ(SplitAndTrim(" a, b ,,c ", ','), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_TRUE(SplitAndTrim("", ',').empty());
}

TEST(IsValidUtf8, AcceptsTextAndRejectsMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Zürich 漢字 🚀"));
  std::size_t offset = 99;
  EXPECT_FALSE(IsValidUtf8("ab\xff", &offset));
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe6\xbc"));          // truncated
}

}  // namespace
}  // namespace icopilot

namespace icopilot {
namespace {

TEST(Strings, SplitKeepsEveryPart) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string_view>{""}));
}

TEST(Strings, PercentDecodeLeavesStrayPercentSigns) {
  EXPECT_EQ(PercentDecode("%2Fa%20b%7e"), "/a b~");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
}

}  // namespace
TEST(Strings, ParseQueryStringIsLenientAndDecodes) {
  auto pairs = ParseQueryString("a=1&&b&c=%5B1%5D&d[x]=y+z&e=%zz");
  ASSERT_EQ(pairs.size(), 5u);
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(pairs[2].second, "[1]");
  EXPECT_EQ(pairs[3].first, "d[x]");
  EXPECT_EQ(pairs[3].second, "y+z");  // '+' is literal in a URL's query
  EXPECT_EQ(pairs[4].second, "%zz");
  EXPECT_EQ(ParseQueryString("q=a+b%2Bc", /*plus_is_space=*/true)[0].second, "a b+c");
}

}  // namespace icopilot
