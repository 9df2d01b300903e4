#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>

#include "core/crypto.h"

namespace icopilot {
namespace {

TEST(NewId, HasThePrefixAndTheDocumentedForm) {
  InitCrypto();
  std::string id = NewId("prj");
  EXPECT_EQ(id.substr(0, 4), "prj_");
  EXPECT_EQ(id.size(), 4u + 24u);
  EXPECT_TRUE(HasIdForm(id, "prj"));
  EXPECT_FALSE(HasIdForm(id, "org"));
  EXPECT_FALSE(HasIdForm("prj_short", "prj"));
  EXPECT_FALSE(HasIdForm("prj_" + std::string(24, 'u'), "prj"));  // 'u' is not in the alphabet
}

TEST(NewId, DoesNotRepeat) {
  InitCrypto();
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(NewId("x")).second);
}

}  // namespace
}  // namespace icopilot
