#include "assistant/answer.h"

#include <gtest/gtest.h>

#include "assistant/question.h"

namespace icopilot::assistant {
namespace {

// A partner with three failures of its own and a vendor's note on JPY amounts.
Grounding PaymentsGrounding() {
  Grounding g;
  Operation create;
  create.id = "createPayment";
  create.method = "POST";
  create.path = "/payments";
  create.scopes = {"payments:write"};
  create.enums = {{"body/currency", {"EUR", "USD", "JPY"}}};
  create.example_body = R"({"amount":1250,"currency":"EUR","card_token":"tok_visa"})";
  Operation refund;
  refund.id = "refundPayment";
  refund.method = "POST";
  refund.path = "/payments/{id}/refunds";
  refund.scopes = {"refunds:write"};
  g.operations = {create, refund};
  g.notes = {{"ann_jpy", "createPayment", "/body/amount", "tip",
              "JPY has no minor units: send 1000 for ¥1000.", ""}};

  TraceEvidence currency;
  currency.id = "trc_currency";
  currency.operation_id = "createPayment";
  currency.environment = "Sandbox";
  currency.exchange = {
      "POST",
      "https://sandbox.example/v1/payments",
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer [credential]"}},
      R"({"amount":1250,"currency":"EURO","card_token":"tok_visa"})",
      422,
      {{"content-type", "application/problem+json"}},
      R"({"title":"Unprocessable","detail":"currency: EURO is not a currency"})",
      ""};
  currency.violations = {
      {"request", "body/currency", "body.currency: 'EURO' is not one of EUR, USD, JPY", "enum"}};
  currency.at = 3000;

  TraceEvidence scope;
  scope.id = "trc_scope";
  scope.operation_id = "refundPayment";
  scope.environment = "Sandbox";
  scope.exchange = {
      "POST",
      "https://sandbox.example/v1/payments/pay_1/refunds",
      {{"Authorization", "Bearer [credential]"}},
      R"({"amount":100})",
      403,
      {{"WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="refunds:write")"}},
      "",
      ""};
  scope.at = 2000;

  TraceEvidence jpy;
  jpy.id = "trc_jpy";
  jpy.operation_id = "createPayment";
  jpy.environment = "Sandbox";
  jpy.exchange = {"POST",
                  "https://sandbox.example/v1/payments",
                  {},
                  R"({"amount":100000,"currency":"JPY"})",
                  422,
                  {},
                  R"({"detail":"amount too large for JPY"})",
                  ""};
  jpy.note_ids = {"ann_jpy"};
  jpy.at = 1000;
  g.traces = {currency, scope, jpy};

  FailedCase limited;
  limited.run_id = "run_1";
  limited.position = 7;
  limited.case_id = "rate_limiting.retry_after";
  limited.title = "Answers 429 with Retry-After when over the limit";
  limited.category = "rate_limiting";
  limited.environment = "Sandbox";
  limited.verdict = "failed";
  limited.reason = "the 429 had no Retry-After header";
  limited.exchange = {"GET", "https://sandbox.example/v1/payments", {}, "", 429, {}, "", ""};
  limited.finished_at = 500;
  g.cases = {limited};
  g.plan = {
      {"pli_1", "First successful call in the Sandbox", "Access and setup", "partner", "done", 0,
       ""},
      {"pli_2", "Every required golden category passes in the Sandbox", "Sandbox certification",
       "partner", "open", 0, "run run_1 failed required rate_limiting"}};
  return g;
}

bool Cites(const Answer& answer, std::string_view kind, std::string_view id) {
  for (const auto& c : answer.citations)
    if (c.kind == kind && c.id == id) return true;
  return false;
}

TEST(ReadTheQuestion, FindsIntentStatusesAndKeywords) {
  auto read = ReadTheQuestion({"Why does my refund call fail with 403?", "", ""});
  EXPECT_EQ(read.intent, Intent::kWhyFailed);
  EXPECT_EQ(read.statuses, std::vector<int>{403});
  EXPECT_TRUE(read.words.contains("refund"));
  EXPECT_FALSE(read.words.contains("why"));
  EXPECT_EQ(ReadTheQuestion({"What does 429 mean?", "", ""}).intent, Intent::kExplainError);
  EXPECT_EQ(ReadTheQuestion({"What should I do next?", "", ""}).intent, Intent::kNextStep);
  EXPECT_EQ(ReadTheQuestion({"How are amounts formatted?", "", ""}).intent, Intent::kFree);
  // Port numbers and ids are not statuses.
  EXPECT_TRUE(ReadTheQuestion({"pay_12345 on port 8080", "", ""}).statuses.empty());
}

TEST(Stems, SplitCamelCaseAndFoldPlurals) {
  auto stems = Stems("createRefund refunds currencies failing");
  EXPECT_TRUE(stems.contains("create"));
  EXPECT_TRUE(stems.contains("refund"));
  EXPECT_TRUE(stems.contains("currency"));
  // Words every failure shares say what kind of question it is, not which failure.
  EXPECT_FALSE(stems.contains("fail"));
}

TEST(AnswerWithoutModel, AWrongCurrencyCitesTheTraceAndCorrectsTheBody) {
  Answer a = AnswerWithoutModel({"Why is my payment rejected? wrong currency?", "", ""},
                                PaymentsGrounding());
  EXPECT_TRUE(a.grounded);
  EXPECT_TRUE(Cites(a, "trace", "trc_currency")) << a.markdown;
  EXPECT_NE(a.markdown.find("body/currency"), std::string::npos);
  EXPECT_NE(a.snippet.find(R"("currency":"EUR")"), std::string::npos) << a.snippet;
  EXPECT_EQ(a.snippet.find("EURO"), std::string::npos);
  EXPECT_NE(a.snippet.find("POST /v1/payments HTTP/1.1"), std::string::npos);
}

TEST(AnswerWithoutModel, AMissingScopeNamesTheScopeFromTheChallengeAndTheSpec) {
  Answer a = AnswerWithoutModel({"why does my refund fail?", "", ""}, PaymentsGrounding());
  EXPECT_TRUE(Cites(a, "trace", "trc_scope")) << a.markdown;
  EXPECT_TRUE(Cites(a, "operation", "refundPayment")) << a.markdown;
  EXPECT_NE(a.markdown.find("insufficient_scope"), std::string::npos);
  EXPECT_NE(a.snippet.find("Bearer <a token with scope refunds:write>"), std::string::npos)
      << a.snippet;
  EXPECT_EQ(a.snippet.find("[credential]"), std::string::npos);
}

TEST(AnswerWithoutModel, AMatchedNoteIsCitedWithItsTrace) {
  Answer a = AnswerWithoutModel({"My JPY payment fails with 422", "", ""}, PaymentsGrounding());
  EXPECT_TRUE(Cites(a, "trace", "trc_jpy")) << a.markdown;
  EXPECT_TRUE(Cites(a, "annotation", "ann_jpy")) << a.markdown;
}

TEST(AnswerWithoutModel, AskingAboutACaseAnswersForThatCase) {
  Answer a = AnswerWithoutModel({"why?", "case", "run_1/7"}, PaymentsGrounding());
  EXPECT_TRUE(Cites(a, "case", "run_1/7"));
  EXPECT_EQ(a.citations.front().link, "runs/run_1?case=7");
  EXPECT_NE(a.markdown.find("Retry-After"), std::string::npos);
}

TEST(AnswerWithoutModel, ExplainingAStatusIsGeneralThenPersonal) {
  Answer a = AnswerWithoutModel({"What does 429 mean?", "", ""}, PaymentsGrounding());
  EXPECT_EQ(a.intent, Intent::kExplainError);
  EXPECT_NE(a.markdown.find("RFC 6585"), std::string::npos);
  EXPECT_TRUE(Cites(a, "case", "run_1/7")) << a.markdown;
}

TEST(AnswerWithoutModel, NextStepsComeFromTheOpenPhase) {
  Answer a = AnswerWithoutModel({"What should I do next?", "", ""}, PaymentsGrounding());
  EXPECT_TRUE(Cites(a, "plan_item", "pli_2"));
  EXPECT_FALSE(Cites(a, "plan_item", "pli_1"));  // done
  EXPECT_NE(a.markdown.find("Sandbox certification"), std::string::npos);
}

TEST(AnswerWithoutModel, NothingMatchingSaysSoAndCitesNothing) {
  Grounding empty;
  Answer a = AnswerWithoutModel({"How do I rotate webhook secrets?", "", ""}, empty);
  EXPECT_FALSE(a.grounded);
  EXPECT_TRUE(a.citations.empty());
  EXPECT_NE(a.markdown.find("Nothing in your evidence"), std::string::npos);
}

TEST(AnswerWithoutModel, AFreeQuestionQuotesTheBestPassages) {
  Grounding g = PaymentsGrounding();
  g.passages = {{"operation", "createPayment", "POST /payments",
                 "Creates a payment; amounts in minor units", 2.0}};
  Answer a = AnswerWithoutModel({"How are amounts formatted?", "", ""}, g);
  EXPECT_TRUE(a.grounded);
  EXPECT_TRUE(Cites(a, "operation", "createPayment"));
}

TEST(AnswerWithoutModel, HostileTextStaysInsideCodeAndQuotes) {
  Grounding g = PaymentsGrounding();
  g.traces[0].exchange.url = "https://x.example/v1/pay`ments<script>";
  g.traces[0].exchange.response_body = std::string(100000, 'a');
  Answer a = AnswerWithoutModel({"wrong currency", "", ""}, g);
  EXPECT_EQ(a.markdown.find("pay`ments"), std::string::npos);
  EXPECT_LT(a.markdown.size(), 8000u);
}

}  // namespace
}  // namespace icopilot::assistant
