#include "traces/ingest.h"

#include <gtest/gtest.h>

namespace icopilot::traces {
namespace {

constexpr char kTrace[] =
    R"({"started_at": "2026-11-26T10:00:00Z", "duration_ms": 4, "partner_id": "org_p",
        "request": {"method": "post", "url": "https://api.example.com/v1/orders?x=1",
                    "headers": [["content-type", "application/json"]], "body": "{}"},
        "response": {"status": 201, "headers": {"location": "/v1/orders/1"}, "body": "{}"},
        "operation_id": "ignored", "violations": [], "redactions": 0})";

TEST(IngestTest, ReadsOneTraceInTheTraceFormat) {
  auto batch = ReadIngestBatch(kTrace);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->items.size(), 1u);
  ASSERT_TRUE(batch->items[0].ok()) << batch->items[0].status();
  const IngestItem& item = *batch->items[0];
  EXPECT_EQ(item.partner_id, "org_p");
  EXPECT_EQ(item.exchange.request.method, "POST");
  EXPECT_EQ(item.exchange.request.path, "/v1/orders");
  EXPECT_EQ(item.exchange.request.query, "x=1");
  EXPECT_EQ(item.exchange.request.headers.Find("content-type"), "application/json");
  EXPECT_EQ(item.exchange.status, 201);
  EXPECT_EQ(item.exchange.response_headers.Find("location"), "/v1/orders/1");
  EXPECT_EQ(item.exchange.duration_ms, 4);
}

TEST(IngestTest, ArraysAndNdjsonKeepEachItemsPositionAndReason) {
  auto array =
      ReadIngestBatch(std::string("[") + kTrace + R"(, {"request": {"method": "GET"}}, 3])");
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_FALSE(array->by_line);
  ASSERT_EQ(array->items.size(), 3u);
  EXPECT_TRUE(array->items[0].ok());
  EXPECT_EQ(array->items[1].status().message(), "request.url: required");
  EXPECT_EQ(array->items[2].status().message(), "a trace must be a JSON object");
  EXPECT_EQ(array->positions, (std::vector<std::size_t>{0, 1, 2}));

  std::string one_line = kTrace;
  for (char& c : one_line) c = c == '\n' ? ' ' : c;
  auto lines = ReadIngestBatch(one_line + "\n\n" +
                               R"({"request": {"method": "GET", "url": "/", "x": 1}})" + "\n");
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_TRUE(lines->by_line);
  EXPECT_EQ(lines->positions, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(lines->items[1].status().message(), "request.x: unknown field");
}

TEST(IngestTest, ItemErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"request": {"method": "GET", "url": "/"}, "response": {"status": 1000}})",
       "response.status: required, an integer 0..999"},
      {R"({"request": {"method": "GET", "url": "/", "headers": [["a"]]}})",
       "request.headers[0]: must be [name, value] strings"},
      {R"({"request": {"method": "GET", "url": "/", "headers": {"a": 1}}})",
       "request.headers.a: must be a string"},
      {R"({"request": {"method": "GET", "url": "/"}, "duration_ms": -1})",
       "duration_ms: must be a number >= 0"},
      {R"({"request": {"method": "GET", "url": "/"}, "secret": 1})", "secret: unknown field"},
      {R"({"response": {"status": 200}})", "request: required, an object"},
  };
  for (const auto& [text, reason] : cases) {
    auto batch = ReadIngestBatch(text);
    ASSERT_TRUE(batch.ok()) << text;
    ASSERT_EQ(batch->items.size(), 1u);
    EXPECT_EQ(batch->items[0].status().message(), reason) << text;
  }
}

TEST(IngestTest, AnUnreadableBodyIsRefusedWholeWithThePosition) {
  auto cut = ReadIngestBatch(std::string("[") + kTrace);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("offset"), std::string::npos) << cut.status();
  auto bad_line = ReadIngestBatch("{\"request\": {}}\n{\"request\": \n");
  ASSERT_FALSE(bad_line.ok());
  EXPECT_NE(bad_line.status().message().find("line 2"), std::string::npos) << bad_line.status();
  EXPECT_FALSE(ReadIngestBatch("   ").ok());
  EXPECT_FALSE(ReadIngestBatch("hello").ok());
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxIngestItems; ++i) many += i == 0 ? "1" : ",1";
  many += "]";
  auto too_many = ReadIngestBatch(many);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("at most 10000"), std::string::npos);
}

}  // namespace
}  // namespace icopilot::traces
