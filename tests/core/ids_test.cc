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
  // Crockford base32: lower-case, and never i, l, o or u (easily misread).
  EXPECT_EQ(id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz", 4), std::string::npos) << id;
}

TEST(NewId, DoesNotRepeat) {
  InitCrypto();
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(NewId("x")).second);
}

}  // namespace
}  // namespace icopilot
