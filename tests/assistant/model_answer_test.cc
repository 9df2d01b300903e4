#include "assistant/model_answer.h"

#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/json.h"

namespace icopilot::assistant {
namespace {

Grounding Small() {
  Grounding g;
  TraceEvidence t;
  t.id = "trc_1";
  t.operation_id = "createPayment";
  t.exchange = {"POST",
                "https://x.example/v1/payments",
                {{"authorization", "Bearer [credential]"}},
                R"({"currency":"EURO"})",
                422,
                {},
                R"({"detail":"currency"})",
                ""};
  g.traces = {t};
  g.notes = {{"ann_1", "createPayment", "/body/currency", "tip", "Use ISO 4217 codes.", ""}};
  return g;
}

TEST(ChatRequest, CarriesTheEvidenceAsTagsAndTheQuestion) {
  const std::string body = ChatRequest("llama", {"why?", "trace", "trc_1"}, Small(), {}, true);
  auto json = ParseJson(body);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->at("model"), "llama");
  EXPECT_EQ(json->at("stream"), true);
  const std::string user(json->at("messages").at(1).at("content").as_string());
  EXPECT_NE(user.find("[trace:trc_1]"), std::string::npos);
  EXPECT_NE(user.find("[annotation:ann_1]"), std::string::npos);
  EXPECT_NE(user.find("Question: why?"), std::string::npos);
}

TEST(ReadChatReply, WholeAndStreamed) {
  EXPECT_EQ(
      *ReadChatReply(
          R"({"choices":[{"message":{"role":"assistant","content":"Hi [trace:trc_1]"}}]})", false),
      "Hi [trace:trc_1]");
  const std::string stream =
      "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"Use \"}}]}\r\n\r\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"EUR.\"}}]}\n\n"
      "data: [DONE]\n\n";
  EXPECT_EQ(*ReadChatReply(stream, true), "Use EUR.");
  EXPECT_FALSE(ReadChatReply("<html>502</html>", false).ok());
  EXPECT_FALSE(ReadChatReply(R"({"error":{"message":"no such model"}})", false).ok());
  EXPECT_FALSE(ReadChatReply("data: {not json}\n\n", true).ok());
}

TEST(GroundModelText, KnownTagsBecomeNumberedCitationsInventedOnesAreDroppedAndCounted) {
  auto out = GroundModelText(
      "EURO is not a code [trace:trc_1]; see [annotation:ann_1] and [trace:trc_1]. "
      "Also [trace:trc_made_up] and [case:run_x/9]. Arrays [1, 2] stay.",
      {"why?", "", ""}, Small());
  ASSERT_EQ(out.answer.citations.size(), 2u);
  EXPECT_EQ(out.answer.citations[0].id, "trc_1");
  EXPECT_EQ(out.answer.citations[0].link, "traces?trace=trc_1");
  EXPECT_EQ(out.answer.citations[1].kind, "annotation");
  EXPECT_EQ(out.dropped_citations, 2);
  EXPECT_EQ(out.answer.markdown,
            "EURO is not a code [1]; see [2] and [1]. Also  and . Arrays [1, 2] stay.");
  EXPECT_TRUE(out.answer.grounded);
}

TEST(GroundModelText, HostileAndEnormousOutputIsCutAndKeptAsText) {
  const std::string huge = "<script>alert(1)</script>" + std::string(100000, 'x');
  auto out = GroundModelText(huge, {"why?", "", ""}, Small());
  EXPECT_LE(out.answer.markdown.size(), kMaxModelAnswer + 8);
  EXPECT_FALSE(out.answer.grounded);                        // cites nothing: not grounded
  EXPECT_EQ(out.answer.markdown.rfind("<script>", 0), 0u);  // text for the safe renderer
}

TEST(GroundModelText, CutsAtACharacterBoundary) {
  // "é" is two bytes; one of them would straddle the cap.
  const std::string text = std::string(kMaxModelAnswer - 1, 'a') + "\xC3\xA9tail";
  auto out = GroundModelText(text, {"why?", "", ""}, Small());
  EXPECT_EQ(out.answer.markdown, std::string(kMaxModelAnswer - 1, 'a') + "…");
}

// The reply as a model streams it: one SSE event per piece.
std::string Events(const std::vector<std::string>& pieces) {
  std::string out;
  for (const auto& piece : pieces) {
    boost::json::object delta{{"content", piece}};
    out += "data: {\"choices\":[{\"delta\":" + boost::json::serialize(delta) + "}]}\n\n";
  }
  return out + "data: [DONE]\n\n";
}

TEST(StreamedAnswer, GivesSettledTextAndHoldsAHalfWrittenCitation) {
  const Question q{"why?", "", ""};
  const Grounding g = Small();
  StreamedAnswer streamed(q, g);
  EXPECT_EQ(streamed.Feed(Events({"EURO is "}).substr(0, 20)), "");  // no whole event yet
  StreamedAnswer s2(q, g);
  const std::string all = Events({"EURO is not a code ", "[trace:", "trc_1", "]", "; use EUR."});
  std::string pieces;
  std::vector<std::string> given;
  // Fed byte by byte, as a slow network hands them over.
  for (char c : all) {
    std::string out = s2.Feed(std::string_view(&c, 1));
    if (!out.empty()) given.push_back(out);
    pieces += out;
    EXPECT_EQ(pieces.find("[trace"), std::string::npos) << "a tag is never shown half-written";
  }
  EXPECT_EQ(pieces,
            GroundModelText("EURO is not a code [trace:trc_1]; use EUR.", q, g).answer.markdown);
  ASSERT_GE(given.size(), 3u);
  EXPECT_EQ(given[0], "EURO is not a code ");
  EXPECT_EQ(given[1], "[1]");
}

TEST(StreamedAnswer, InventedCitationsAndJunkLinesAreNotShown) {
  const Question q{"why?", "", ""};
  const Grounding g = Small();
  StreamedAnswer streamed(q, g);
  std::string out = streamed.Feed(": keep-alive\n\ndata: {not json}\n\n");
  out += streamed.Feed(Events({"See [trace:trc_made_up] now"}));
  EXPECT_EQ(out, "See  now");
  EXPECT_EQ(streamed.Feed(Events({"after the end"})), "") << "nothing after [DONE]";
}

}  // namespace
}  // namespace icopilot::assistant
