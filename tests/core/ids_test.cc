#include "core/ids.h"

#include <algorithm>
#include <set>
#include <vector>

#include <gtest/gtest.h>

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

TEST(NewTimeOrderedId, HasTheFormOfAnyIdAndSortsByTime) {
  InitCrypto();
  const std::string early = NewTimeOrderedId("trc", 1'700'000'000'000);
  const std::string same_ms = NewTimeOrderedId("trc", 1'700'000'000'000);
  const std::string later = NewTimeOrderedId("trc", 1'700'000'000'001);
  const std::string much_later = NewTimeOrderedId("trc", 4'102'444'800'000);  // 2100
  EXPECT_EQ(early.size(), NewId("trc").size());
  EXPECT_EQ(early.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz", 4), std::string::npos);
  EXPECT_NE(early, same_ms) << "72 random bits after the time";
  EXPECT_EQ(early.substr(0, 4 + 9), same_ms.substr(0, 4 + 9)) << "the same millisecond, 45 bits";
  EXPECT_LT(std::max(early, same_ms), later);
  EXPECT_LT(later, much_later);
}

TEST(NewTimeOrderedId, IdsMadeInTimeOrderAreInTextOrder) {
  InitCrypto();
  std::vector<std::string> ids;
  for (std::int64_t ms = 0; ms < 5000; ms += 7) ids.push_back(NewTimeOrderedId("x", ms * 65537));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

}  // namespace
}  // namespace icopilot
