// The assistant through the real binary: a Payments project whose partner A has five known
// failures in its Sandbox traffic (a missing scope, an invalid body, a wrong currency, a
// rate limit, and a JPY amount that meets the vendor's note), partner B failures of its
// own. A set of questions asked as A, each with the evidence its answer must cite: the
// answers without a model must cite it for at least 90 % of them, and never B's.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/strings.h"
#include "integration/platform.h"
#include "integration/trace_signing.h"
#include "net/server.h"
#include "support/http.h"
#include "support/test_database.h"

namespace icopilot::testing {
namespace {

constexpr std::string_view kPaymentsSpec = R"(openapi: 3.0.3
info: {title: Payments, version: '1'}
servers: [{url: 'https://api.pay.example/v1'}]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.pay.example/token
          scopes: {payments:read: Read, payments:write: Create, refunds:write: Refund}
  schemas:
    Problem:
      type: object
      properties: {type: {type: string}, title: {type: string}, detail: {type: string}}
    NewPayment:
      type: object
      description: A payment to create. Amounts are integers in the currency's minor units.
      required: [amount, currency, card_token]
      properties:
        amount: {type: integer, minimum: 1, description: In minor units (cents)}
        currency: {type: string, enum: [EUR, USD, GBP, JPY]}
        card_token: {type: string}
      example: {amount: 1250, currency: EUR, card_token: tok_visa}
paths:
  /payments:
    post:
      operationId: createPayment
      summary: Create a payment
      security: [{oauth: [payments:write]}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPayment'}
      responses:
        '201': {description: Created}
        '401': {description: No valid token}
        '422': {description: Invalid payment, content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '429': {description: Too many requests}
    get:
      operationId: listPayments
      summary: List payments, newest first
      security: [{oauth: [payments:read]}]
      parameters:
        - {name: limit, in: query, schema: {type: integer, maximum: 100}}
      responses:
        '200': {description: A page of payments}
        '429': {description: Too many requests}
  /payments/{payment_id}:
    get:
      operationId: getPayment
      summary: Read a payment
      security: [{oauth: [payments:read]}]
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: The payment}
        '404': {description: No such payment}
  /payments/{payment_id}/refunds:
    post:
      operationId: refundPayment
      summary: Refund a payment
      security: [{oauth: [refunds:write]}]
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [amount]
              properties: {amount: {type: integer, minimum: 1}}
      responses:
        '201': {description: Refunded}
        '403': {description: The token lacks the refunds:write scope}
)";

struct Call_ {
  std::string method, path, body;
  int status;
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;
};

std::string TraceLine(const Call_& call, const std::string& partner_id, std::int64_t seconds_ago) {
  boost::json::array request_headers{boost::json::array{"authorization", "Bearer tok_live"}};
  if (!call.body.empty())
    request_headers.push_back(boost::json::array{"content-type", "application/json"});
  boost::json::array response_headers;
  for (const auto& [name, value] : call.response_headers)
    response_headers.push_back(boost::json::array{name, value});
  return boost::json::serialize(boost::json::object{
      {"started_at", Ago(seconds_ago)},
      {"duration_ms", 40},
      {"partner_id", partner_id},
      {"request",
       {{"method", call.method},
        {"url", StrCat("https://sandbox.pay.example/v1", call.path)},
        {"headers", request_headers},
        {"body", call.body}}},
      {"response",
       {{"status", call.status}, {"headers", response_headers}, {"body", call.response_body}}}});
}

class AssistantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = CreateOrgWithCli(dir_.path() / "data", "Acme", "owner@acme.test");
    server_ = std::make_unique<ServerProcess>(
        dir_.path() / "data",
        std::vector<std::string>{"--access-log", "off", "--assistant-per-hour", "60"});
    base_ = "/api/v1/projects/" +
            IdOf(Call("POST", Url("/api/v1/projects"), vendor_.api_key, R"({"name": "Payments"})"));
    Reply version = Call(
        "POST", Url(base_ + "/specs"), vendor_.api_key,
        boost::json::serialize(boost::json::object{{"label", "v1"}, {"document", kPaymentsSpec}}));
    ASSERT_EQ(version.status, 201) << version.body;
    for (auto [name, key, org] :
         {std::tuple{"A", &key_a_, &org_a_}, std::tuple{"B", &key_b_, &org_b_}}) {
      Reply invited = Call(
          "POST", Url(base_ + "/partners"), vendor_.api_key,
          StrCat(R"({"name": "Partner )", name, R"(", "admin_email": "dev@)", name, R"(.test"})"));
      ASSERT_EQ(invited.status, 201) << invited.body;
      *key = std::string(invited.json().at("api_key").at("secret").as_string());
      *org = std::string(invited.json().at("org").at("id").as_string());
    }
    Reply env = Call("POST", Url(base_ + "/environments"), vendor_.api_key,
                     R"({"name": "Sandbox", "base_url": "https://sandbox.pay.example/v1"})");
    ASSERT_EQ(env.status, 201) << env.body;
    environment_ = IdOf(env);
    jpy_note_ = Note(R"({"operation_id": "createPayment", "pointer": "/body/amount", "kind": "tip",
        "condition": "body.currency == \"JPY\"",
        "message": "JPY has no minor units: send 1000 for ¥1000, not 100000. Amounts above ¥500000 are refused."})");
    refund_note_ =
        Note(R"({"operation_id": "refundPayment", "kind": "tip", "condition": "body.amount > 0",
        "message": "Refund tokens need the refunds:write scope, which your account manager enables on request."})");

    const std::vector<std::pair<std::string, std::string>> problem{
        {"content-type", "application/problem+json"}};
    std::string secret =
        std::string(Call("POST", Url(base_ + "/environments/" + environment_ + "/trace-secrets"),
                         vendor_.api_key, "{}")
                        .json()
                        .at("secret")
                        .as_string());
    // A's calls, oldest first, with successes between them.
    const std::vector<Call_> a_calls = {
        {"POST",
         "/payments",
         R"({"amount":1250,"currency":"EUR","card_token":"tok"})",
         201,
         {},
         R"({"id":"pay_1"})"},
        {"POST",
         "/payments/pay_1/refunds",
         R"({"amount":500})",
         403,
         {{"www-authenticate", R"(Bearer error="insufficient_scope", scope="refunds:write")"}},
         ""},
        {"POST", "/payments", R"({"amount":"12.50","currency":"EUR","card_token":"tok"})", 422,
         problem,
         R"({"title":"Invalid payment","detail":"amount must be an integer number of cents"})"},
        {"GET", "/payments/pay_1", "", 200, {}, R"({"id":"pay_1"})"},
        {"POST", "/payments", R"({"amount":1250,"currency":"EURO","card_token":"tok"})", 422,
         problem, R"({"title":"Invalid payment","detail":"currency EURO is not supported"})"},
        {"GET",
         "/payments?limit=20",
         "",
         429,
         {{"retry-after", "30"}, {"content-type", "application/problem+json"}},
         R"({"title":"Too Many Requests","detail":"limit of 100 requests a minute reached"})"},
        {"POST", "/payments", R"({"amount":100000,"currency":"JPY","card_token":"tok"})", 422,
         problem, R"({"title":"Invalid payment","detail":"amount above the JPY limit"})"},
        {"GET", "/payments?limit=20", "", 200, {}, R"({"data":[]})"},
    };
    std::string body;
    for (std::size_t i = 0; i < a_calls.size(); ++i)
      body += TraceLine(a_calls[i], org_a_, 3600 * static_cast<std::int64_t>(a_calls.size() - i)) +
              "\n";
    body += TraceLine({"GET", "/payments/pay_zz", "", 404, problem, R"({"title":"Not Found"})"},
                      org_b_, 600) +
            "\n";
    body += TraceLine({"POST", "/payments", R"({"amount":10,"currency":"XYZ","card_token":"tok"})",
                       422, problem,
                       R"({"title":"Invalid payment","detail":"currency XYZ is not supported"})"},
                      org_b_, 500) +
            "\n";
    Reply ingested = Call("POST", Url("/api/v1/environments/" + environment_ + "/traces"), "", body,
                          {{"content-type", "application/x-ndjson"},
                           {"x-copilot-signature", Signature(secret, body)}});
    ASSERT_EQ(ingested.status, 200) << ingested.body;
    // Name each of A's failures by what it is.
    const auto traces = Call("GET", Url(base_ + "/traces?limit=100"), vendor_.api_key).json();
    for (const auto& item : traces.at("items").as_array()) {
      const auto& t = item.as_object();
      const std::string id(t.at("id").as_string());
      if (t.at("partner_id").as_string() != org_a_) {
        b_traces_.insert(id);
        continue;
      }
      const auto status = t.at("status").as_int64();
      auto full = Call("GET", Url(base_ + "/traces/" + id), vendor_.api_key).json();
      const std::string request_body(full.at("trace").at("request").at("body").as_string());
      if (status == 403) scope_ = id;
      if (status == 429) rate_ = id;
      if (status == 422 && request_body.find("12.50") != std::string::npos) body_ = id;
      if (status == 422 && request_body.find("EURO") != std::string::npos) currency_ = id;
      if (status == 422 && request_body.find("JPY") != std::string::npos) jpy_ = id;
    }
    ASSERT_FALSE(scope_.empty() || rate_.empty() || body_.empty() || currency_.empty() ||
                 jpy_.empty());
  }

  std::string Note(const std::string& json) {
    Reply created = Call("POST", Url(base_ + "/annotations"), vendor_.api_key, json);
    EXPECT_EQ(created.status, 201) << created.body;
    return IdOf(created);
  }
  std::string Url(const std::string& path) const { return server_->url() + path; }
  boost::json::value Ask(const std::string& key, const std::string& question,
                         const std::string& extra = "") {
    Reply reply = Call("POST", Url(base_ + "/assistant/questions"), key,
                       StrCat(R"({"question": )",
                              boost::json::serialize(boost::json::value(question)), extra, "}"));
    EXPECT_EQ(reply.status, 201) << question << ": " << reply.body;
    return reply.status == 201 ? reply.json() : boost::json::value();
  }
  static std::set<std::string> Cited(const boost::json::value& answer) {
    std::set<std::string> cited;
    if (!answer.is_object()) return cited;
    for (const auto& c : answer.at("citations").as_array())
      cited.insert(StrCat(c.at("kind").as_string(), ":", c.at("id").as_string()));
    return cited;
  }

  TempDir dir_;
  OrgCredentials vendor_;
  std::unique_ptr<ServerProcess> server_;
  std::string base_, environment_, key_a_, org_a_, key_b_, org_b_, jpy_note_, refund_note_;
  std::string scope_, body_, currency_, rate_, jpy_;
  std::set<std::string> b_traces_;
};

TEST_F(AssistantTest, AnswersWithoutAModelCiteTheRightEvidenceForNineInTen) {
  const std::string scope = "trace:" + scope_, body = "trace:" + body_,
                    currency = "trace:" + currency_, rate = "trace:" + rate_, jpy = "trace:" + jpy_,
                    jpy_note = "annotation:" + jpy_note_,
                    refund_note = "annotation:" + refund_note_;
  const std::vector<std::pair<std::string, std::vector<std::string>>> questions = {
      // A missing scope.
      {"Why does my refund call fail?", {scope, refund_note}},
      {"Why do I get 403 on refunds?", {scope}},
      {"What does insufficient_scope mean?", {scope}},
      {"My refund is forbidden, why?", {scope}},
      {"refund returns 403 forbidden", {scope}},
      {"Why can't I refund a payment?", {scope}},
      {"Which scope do I need for refunds?", {scope}},
      {"Why was my refund refused?", {scope, refund_note}},
      // An invalid body.
      {"Why does the API say my amount must be an integer?", {body}},
      {"Is sending the amount as a string wrong?", {body}},
      {"Why is 12.50 rejected as an amount?", {body}},
      {"amount type error when creating a payment", {body}},
      {"What does the type violation on body/amount mean?", {body}},
      {"why do I get 422 for amount 12.50?", {body}},
      {"payment with decimal amount fails", {body}},
      {"How do I send amounts in cents?", {"passage:NewPayment"}},
      // A wrong currency.
      {"Why is EURO not accepted?", {currency}},
      {"My currency is rejected, why?", {currency}},
      {"Which currencies are allowed? EURO failed", {currency}},
      {"enum violation on currency", {currency}},
      {"Why does my payment fail with a currency error?", {currency}},
      {"currency EURO is not supported: what should I send?", {currency}},
      {"What is wrong with the currency field?", {currency}},
      {"422 on create payment with EURO", {currency}},
      // Rate limited.
      {"Why am I rate limited?", {rate}},
      {"What does 429 mean?", {rate}},
      {"too many requests error when listing payments", {rate}},
      {"How long should I wait after a 429?", {rate}},
      {"What does Retry-After 30 mean on my list call?", {rate}},
      {"listing payments fails with 429", {rate}},
      {"Why does GET /payments get refused?", {rate}},
      {"rate limit reached: what now?", {rate}},
      // The vendor's note's condition met.
      {"Why does my JPY payment fail?", {jpy, jpy_note}},
      {"JPY amount rejected", {jpy, jpy_note}},
      {"Why is 100000 JPY refused?", {jpy, jpy_note}},
      {"payment in JPY returns 422", {jpy, jpy_note}},
      {"amount above the JPY limit: why?", {jpy, jpy_note}},
      {"What is wrong with my yen (JPY) payment?", {jpy, jpy_note}},
      // Next steps and free questions.
      {"What should I do next?", {"plan_item:*"}},
      {"How do I list payments?", {"operation:listPayments"}},
      {"How do I create a payment?", {"operation:createPayment"}},
  };
  ASSERT_GE(questions.size(), 40u);
  int right = 0;
  std::string misses;
  for (const auto& [question, expected] : questions) {
    const auto answer = Ask(key_a_, question);
    const auto cited = Cited(answer);
    bool all = true;
    for (const auto& want : expected) {
      if (want.ends_with(":*")) {
        const std::string kind = want.substr(0, want.size() - 1);
        all = all && std::any_of(cited.begin(), cited.end(),
                                 [&](const auto& c) { return c.starts_with(kind); });
      } else {
        all = all && cited.contains(want);
      }
    }
    // Never another partner's evidence.
    for (const auto& b : b_traces_) EXPECT_FALSE(cited.contains("trace:" + b)) << question;
    if (all)
      ++right;
    else if (answer.is_object()) {
      const std::string markdown(answer.at("markdown").as_string());
      misses += StrCat("\n  ", question, " -> ", markdown.substr(0, markdown.find('\n')), " ",
                       boost::json::serialize(answer.at("citations")));
    }
  }
  const double share = 100.0 * right / static_cast<double>(questions.size());
  std::printf(
      "assistant without a model: %d of %zu questions cite the right evidence (%.1f %%)%s\n", right,
      questions.size(), share, misses.c_str());
  EXPECT_GE(share, 90.0) << misses;
}

TEST_F(AssistantTest, AnAnswerAboutATraceCorrectsTheRequestAndLinksIntoThePortal) {
  const auto answer =
      Ask(key_a_, "why?", StrCat(R"(, "about": {"kind": "trace", "id": ")", currency_, R"("})"));
  ASSERT_TRUE(answer.is_object());
  EXPECT_EQ(answer.at("intent"), "why_failed");
  EXPECT_EQ(answer.at("answered_by"), "rules");
  const auto& first = answer.at("citations").as_array().at(0);
  EXPECT_EQ(std::string(first.at("id").as_string()), currency_);
  // base_ is /api/v1/projects/prj_…: the partner's portal page is /partner/projects/prj_….
  EXPECT_EQ(
      std::string(first.at("link").as_string()),
      StrCat("/partner", base_.substr(std::string("/api/v1").size()), "/traces?trace=", currency_));
  const std::string snippet(answer.at("snippet").as_string());
  EXPECT_NE(snippet.find(R"("currency":"EUR")"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("EURO"), std::string::npos) << snippet;
}

TEST_F(AssistantTest, PartnersNeverReachAnotherPartnersEvidence) {
  // B asking about A's trace: not found, and nothing of A's in B's answers.
  Reply about =
      Call("POST", Url(base_ + "/assistant/questions"), key_b_,
           StrCat(R"({"question": "why?", "about": {"kind": "trace", "id": ")", scope_, R"("}})"));
  EXPECT_EQ(about.status, 404) << about.body;
  const auto answer = Ask(key_b_, "Why is my currency rejected?");
  for (const auto& cited : Cited(answer)) {
    EXPECT_NE(cited, "trace:" + currency_);
    EXPECT_NE(cited, "trace:" + scope_);
  }
  EXPECT_TRUE(Cited(answer).size() >= 1);
  // A partner cannot ask for another partner's evidence by naming it.
  Reply named = Call("POST", Url(base_ + "/assistant/questions"), key_b_,
                     StrCat(R"({"question": "why?", "partner_id": ")", org_a_, R"("})"));
  EXPECT_EQ(Cited(named.json()).count("trace:" + scope_), 0u);
  // Lists: B sees its own questions only; the vendor sees both partners'.
  Ask(key_a_, "Why am I rate limited?");
  auto b_list = Call("GET", Url(base_ + "/assistant/questions"), key_b_).json();
  for (const auto& q : b_list.at("items").as_array())
    EXPECT_EQ(std::string(q.at("partner_id").as_string()), org_b_);
  auto all = Call("GET", Url(base_ + "/assistant/questions"), vendor_.api_key).json();
  std::set<std::string> partners;
  for (const auto& q : all.at("items").as_array())
    partners.insert(std::string(q.at("partner_id").as_string()));
  EXPECT_EQ(partners, (std::set<std::string>{org_a_, org_b_}));
}

TEST_F(AssistantTest, TheVendorAsksForANamedPartnerAndRatingsAreKept) {
  Reply missing =
      Call("POST", Url(base_ + "/assistant/questions"), vendor_.api_key, R"({"question": "why?"})");
  EXPECT_EQ(missing.status, 422) << missing.body;
  const auto answer = Ask(vendor_.api_key, "Why am I rate limited?",
                          StrCat(R"(, "partner_id": ")", org_a_, R"(")"));
  EXPECT_TRUE(Cited(answer).contains("trace:" + rate_));
  EXPECT_EQ(answer.at("citations").as_array().at(0).at("link").as_string().find("/projects/"), 0u);
  const std::string id(answer.at("id").as_string());
  EXPECT_EQ(Call("POST", Url(base_ + "/assistant/questions/" + id + "/feedback"), key_b_,
                 R"({"helpful": true})")
                .status,
            404);
  EXPECT_EQ(Call("POST", Url(base_ + "/assistant/questions/" + id + "/feedback"), vendor_.api_key,
                 R"({"helpful": false, "comment": "should name the limit"})")
                .status,
            204);
  auto list =
      Call("GET", Url(base_ + "/assistant/questions?partner_id=" + org_a_), vendor_.api_key).json();
  EXPECT_EQ(list.at("items").as_array().at(0).at("helpful"), false);
  EXPECT_EQ(list.at("items").as_array().at(0).at("feedback"), "should name the limit");
  // The vendor's usage figures: today, partner A, one question answered from evidence and
  // rated not helpful; partners may not read them.
  auto usage = Call("GET", Url(base_ + "/assistant/usage?days=7"), vendor_.api_key).json();
  ASSERT_EQ(usage.at("items").as_array().size(), 1u) << boost::json::serialize(usage);
  const auto& today = usage.at("items").as_array().at(0);
  EXPECT_EQ(std::string(today.at("partner_id").as_string()), org_a_);
  EXPECT_EQ(today.at("questions"), 1);
  EXPECT_EQ(today.at("grounded"), 1);
  EXPECT_EQ(today.at("not_helpful"), 1);
  EXPECT_EQ(today.at("helpful"), 0);
  EXPECT_EQ(Call("GET", Url(base_ + "/assistant/usage"), key_a_).status, 403);
  EXPECT_EQ(Call("GET", Url(base_ + "/assistant/usage?days=0"), vendor_.api_key).status, 422);
}

// A local server speaking OpenAI's chat-completions protocol, as the model would: it keeps
// what it received, and answers as `mode` says.
class FakeModel final : public net::RequestHandler {
 public:
  net::Response Handle(net::Request& request) override {
    {
      std::lock_guard lock(mutex);
      received.push_back(request.body);
      authorization = std::string(request.headers.Find("authorization").value_or(""));
      path = request.path;
    }
    net::Response response;
    const std::string m = mode.load();
    if (m == "broken") {
      response.status = 500;
      response.body = R"({"error": {"message": "model crashed"}})";
      return response;
    }
    if (m == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    if (m == "stream") {
      // Written as a model writes: piece by piece, the last held until `released`.
      response.headers.Set("content-type", "text/event-stream");
      response.stream = [this](const net::BodyWriter& write) {
        auto event = [](const std::string& part) {
          return StrCat("data: ",
                        boost::json::serialize(
                            boost::json::object{{"choices", boost::json::array{boost::json::object{
                                                                {"delta", {{"content", part}}}}}}}),
                        "\n\n");
        };
        write(event("The currency must be an ISO code "));
        write(event(StrCat("[trace:", cite, "]")));
        for (int waited = 0; !released.load() && waited < 500; ++waited)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        write(event(". Send EUR."));
        write("data: [DONE]\n\n");
      };
      return response;
    }
    std::string content =
        StrCat("Because of [trace:", cite, "] and [trace:trc_invented]. <script>alert(1)</script>");
    if (m == "huge") content += std::string(300000, 'z');
    response.headers.Set("content-type", "application/json");
    response.body = boost::json::serialize(boost::json::object{
        {"choices", boost::json::array{boost::json::object{
                        {"message", {{"role", "assistant"}, {"content", content}}}}}}});
    return response;
  }
  bool RunsOnIoThread(const net::Request&) const override { return false; }
  void OnRejected(const net::Request&, const net::Response&) override {}

  std::mutex mutex;
  std::vector<std::string> received;
  std::string authorization, path;
  std::atomic<const char*> mode{"whole"};
  std::atomic<bool> released{true};  // a streamed answer's last piece may be written
  std::string cite;
};

TEST_F(AssistantTest, AConnectedModelAnswersWithCheckedCitationsAndFallsBackWhenItFails) {
  FakeModel model;
  model.cite = currency_;
  net::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  auto listening = net::Server::Listen(options, model);
  ASSERT_TRUE(listening.ok());
  std::thread serving([&] { (*listening)->Run(); });
  struct Stop {
    net::Server& server;
    std::thread& thread;
    ~Stop() {
      server.Shutdown();
      thread.join();
    }
  } stop{**listening, serving};
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      dir_.path() / "data",
      std::vector<std::string>{"--access-log", "off", "--allow-private-targets"});

  // Partners cannot connect a model; the vendor's admin can, and the key is never shown.
  EXPECT_EQ(Call("PUT", Url("/api/v1/org/assistant-model"), key_a_,
                 R"({"base_url": "http://x", "model": "m"})")
                .status,
            403);
  Reply set = Call(
      "PUT", Url("/api/v1/org/assistant-model"), vendor_.api_key,
      StrCat(
          R"({"base_url": ")", (*listening)->url(),
          R"(/v1", "model": "local-llama", "api_key": "sk-test-key", "timeout_ms": 1000, "stream": false})"));
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("has_api_key"), true);
  EXPECT_EQ(set.body.find("sk-test-key"), std::string::npos);

  // A whole answer: the real citation kept and linked, the invented one dropped and counted.
  auto answer = Ask(key_a_, "Why is my currency rejected?");
  EXPECT_EQ(answer.at("answered_by"), "model") << boost::json::serialize(answer);
  EXPECT_EQ(answer.at("dropped_citations"), 1);
  EXPECT_EQ(Cited(answer), (std::set<std::string>{"trace:" + currency_}));
  EXPECT_NE(std::string(answer.at("markdown").as_string()).find("Because of [1] and ."),
            std::string::npos);
  {
    std::lock_guard lock(model.mutex);
    EXPECT_EQ(model.path, "/v1/chat/completions");
    EXPECT_EQ(model.authorization, "Bearer sk-test-key");
    ASSERT_FALSE(model.received.empty());
    const std::string prompt = model.received.back();
    EXPECT_NE(prompt.find("[trace:" + currency_ + "]"), std::string::npos);
    EXPECT_NE(prompt.find("local-llama"), std::string::npos);
  }

  // Streamed: the events' pieces make the answer.
  Reply streamed_set = Call("PUT", Url("/api/v1/org/assistant-model"), vendor_.api_key,
                            StrCat(R"({"base_url": ")", (*listening)->url(),
                                   R"(/v1", "model": "local-llama", "timeout_ms": 1000})"));
  ASSERT_EQ(streamed_set.status, 200);
  EXPECT_EQ(streamed_set.json().at("has_api_key"), true) << "the key is kept when left out";
  model.mode = "stream";
  answer = Ask(key_a_, "Why is my currency rejected?");
  EXPECT_EQ(answer.at("answered_by"), "model");
  EXPECT_EQ(answer.at("markdown"), "The currency must be an ISO code [1]. Send EUR.");

  // Asked for events, the answer reaches the asker while the model is still writing: the
  // model holds its last piece until the asker has seen the first.
  model.released = false;
  bool delta_before_the_end = false;
  std::string events;
  net::ClientRequest ask;
  ask.method = "POST";
  ask.url = Url(base_ + "/assistant/questions");
  ask.headers = {{"authorization", "Bearer " + key_a_},
                 {"content-type", "application/json"},
                 {"accept", "text/event-stream"}};
  ask.body = R"({"question": "Why is my currency rejected?"})";
  ask.timeout = std::chrono::seconds(20);
  ask.on_body = [&](std::string_view piece) {
    events.append(piece);
    if (!model.released && events.find("event: delta") != std::string::npos) {
      delta_before_the_end = true;
      model.released = true;
    }
  };
  auto streamed = net::SendHttp(ask);
  model.released = true;
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_EQ(streamed->status, 200) << streamed->body;
  EXPECT_EQ(streamed->headers.Find("content-type").value_or(""), "text/event-stream");
  EXPECT_TRUE(delta_before_the_end) << events;
  // The deltas put together are the final answer's text; the last event is the answer.
  std::string deltas;
  boost::json::value final_answer;
  for (std::size_t at = 0; (at = events.find("event: ", at)) != std::string::npos;) {
    const std::size_t data = events.find("\ndata: ", at);
    const std::size_t end = events.find("\n\n", data);
    ASSERT_NE(end, std::string::npos) << events;
    const std::string name = events.substr(at + 7, data - at - 7);
    auto json = ParseJson(events.substr(data + 7, end - data - 7));
    ASSERT_TRUE(json.ok()) << events;
    if (name == "delta") deltas += json->at("markdown").as_string();
    if (name == "answer") final_answer = *json;
    at = end;
  }
  ASSERT_TRUE(final_answer.is_object()) << events;
  EXPECT_EQ(final_answer.at("answered_by"), "model");
  EXPECT_EQ(deltas, final_answer.at("markdown").as_string()) << events;
  EXPECT_EQ(Cited(final_answer), (std::set<std::string>{"trace:" + currency_}));
  // Refused before the stream starts: a problem, not an event.
  ask.body = R"({"question": ""})";
  ask.on_body = {};
  auto refused = net::SendHttp(ask);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 422);
  EXPECT_EQ(refused->headers.Find("content-type").value_or(""), "application/problem+json");

  // Too slow, broken or enormous: the rules answer, and the vendor sees why.
  for (const char* mode : {"slow", "broken"}) {
    model.mode = mode;
    answer = Ask(key_a_, "Why is my currency rejected?");
    EXPECT_EQ(answer.at("answered_by"), "rules") << mode;
    EXPECT_FALSE(answer.at("model_error").as_string().empty()) << mode;
    EXPECT_TRUE(Cited(answer).contains("trace:" + currency_)) << mode;
  }
  model.mode = "huge";
  answer = Ask(key_a_, "Why is my currency rejected?");
  EXPECT_EQ(answer.at("answered_by"), "model");
  EXPECT_LT(answer.at("markdown").as_string().size(), 9000u);

  // What the model received, over every question: the evidence as stored, never a secret.
  {
    std::lock_guard lock(model.mutex);
    for (const auto& prompt : model.received) {
      EXPECT_EQ(prompt.find("tok_live"), std::string::npos) << "the partner's bearer token";
      EXPECT_EQ(prompt.find(key_a_), std::string::npos);
      EXPECT_EQ(prompt.find("sk-test-key"), std::string::npos);
      EXPECT_EQ(prompt.find(org_b_), std::string::npos) << "another partner";
      for (const auto& b : b_traces_) EXPECT_EQ(prompt.find(b), std::string::npos);
    }
  }
  // The key is sealed in the database, not stored as typed: nowhere in SQLite's file, and
  // not in what PostgreSQL holds for the model.
  if (OnPostgres()) {
    auto db = OpenDataFolderDatabase(dir_.path() / "data");
    ASSERT_TRUE(db.ok()) << db.status();
    auto rows = (*db)->Query("SELECT base_url, model, api_key_sealed FROM assistant_models", {});
    ASSERT_TRUE(rows.ok() && rows->size() == 1) << rows.status();
    EXPECT_FALSE((*rows)[0].Text(2).empty());
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ((*rows)[0].Text(c).find("sk-test-key"), std::string::npos);
  } else {
    EXPECT_EQ(ReadFile(dir_.path() / "data" / "icopilot.db").find("sk-test-key"), std::string::npos);
  }

  EXPECT_EQ(Call("DELETE", Url("/api/v1/org/assistant-model"), vendor_.api_key).status, 204);
  EXPECT_EQ(Ask(key_a_, "Why is my currency rejected?").at("answered_by"), "rules");
}

TEST_F(AssistantTest, QuestionsPastThePartnersHourlyLimitGet429) {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(
      dir_.path() / "data",
      std::vector<std::string>{"--access-log", "off", "--assistant-per-hour", "3"});
  for (int i = 0; i < 3; ++i) Ask(key_a_, "What should I do next?");
  Reply refused =
      Call("POST", Url(base_ + "/assistant/questions"), key_a_, R"({"question": "And now?"})");
  EXPECT_EQ(refused.status, 429) << refused.body;
  // The wait is until the hour's oldest question ages out: just under an hour from now.
  const int wait = std::stoi(std::string(refused.headers.Find("retry-after").value_or("0")));
  EXPECT_GT(wait, 3500);
  EXPECT_LE(wait, 3600);
  // Another partner's budget is its own.
  Reply other =
      Call("POST", Url(base_ + "/assistant/questions"), key_b_, R"({"question": "What next?"})");
  EXPECT_EQ(other.status, 201) << other.body;
}

TEST_F(AssistantTest, BadQuestionsGetClearErrors) {
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"question": ""})", "question"},
           {StrCat(R"({"question": ")", std::string(2001, 'x'), R"("})"), "question"},
           {R"({"question": "why", "about": {"kind": "run", "id": "x"}})", "about.kind"},
           {R"({"question": "why", "extra": 1})", "extra"}}) {
    Reply reply = Call("POST", Url(base_ + "/assistant/questions"), key_a_, body);
    EXPECT_EQ(reply.status, 422) << body;
    EXPECT_NE(reply.body.find(field), std::string::npos) << reply.body;
  }
}

}  // namespace
}  // namespace icopilot::testing
