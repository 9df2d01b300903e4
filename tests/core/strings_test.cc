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
}  // namespace icopilot
