#include "api/pagination.h"

#include <gtest/gtest.h>

namespace icopilot::api {
namespace {

net::Request WithQuery(std::string query) {
  net::Request request;
  request.query = std::move(query);
  return request;
}

TEST(ReadPageRequest, DefaultsAndBounds) {
  EXPECT_EQ(ReadPageRequest(WithQuery(""))->limit, 50);
  EXPECT_EQ(ReadPageRequest(WithQuery("limit=200"))->limit, 200);
  for (const char* bad : {"limit=0", "limit=201", "limit=ten", "limit=-1", "limit="}) {
    auto page = ReadPageRequest(WithQuery(bad));
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_NE(std::string(page.status().message()).find("limit"), std::string::npos);
  }
}

TEST(ReadPageRequest, CursorsRoundTrip) {
  std::string cursor = EncodeCursor(1234, "prj_abc");
  auto page = ReadPageRequest(WithQuery("cursor=" + cursor));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->after_created_at, 1234);
  EXPECT_EQ(page->after_id, "prj_abc");
  EXPECT_FALSE(ReadPageRequest(WithQuery("cursor=garbage")).ok());
  EXPECT_FALSE(ReadPageRequest(WithQuery("cursor=cx.y")).ok());
}

}  // namespace
}  // namespace icopilot::api
