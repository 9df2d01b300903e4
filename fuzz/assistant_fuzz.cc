// What the assistant reads from outside: the question a partner types, the exchanges its
// evidence recorded (bodies and headers from any API), and a model's reply. Split at the
// first two NUL bytes into question, response body and WWW-Authenticate value; the body is
// also read as a model's reply, whole and streamed in pieces. Never a crash; every citation
// is referred to in the answer; answers stay bounded whatever the bodies hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "assistant/answer.h"
#include "assistant/model_answer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icopilot::assistant;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cut = [&text]() {
    const std::size_t nul = text.find('\0');
    std::string part(text.substr(0, nul));
    text = nul == std::string_view::npos ? std::string_view() : text.substr(nul + 1);
    return part;
  };
  const std::string question = cut();
  const std::string body = cut();
  const std::string challenge = cut();

  Grounding g;
  Operation op;
  op.id = "createPayment";
  op.method = "POST";
  op.path = "/payments";
  op.scopes = {"payments:write"};
  op.enums = {{"body/currency", {"EUR", "USD"}}};
  op.example_body = body;
  g.operations = {op};
  g.notes = {{"ann_1", "createPayment", "/body/amount", "tip", body.substr(0, 500), ""}};
  TraceEvidence trace;
  trace.id = "trc_1";
  trace.operation_id = "createPayment";
  trace.exchange = {"POST",
                    "https://x.example/v1/payments" + question.substr(0, 100),
                    {{"authorization", "Bearer [credential]"}},
                    body,
                    403,
                    {{"www-authenticate", challenge}, {"retry-after", challenge}},
                    body,
                    ""};
  trace.violations = {{"request", "body/currency", question, "enum"},
                      {"request", "body" + question.substr(0, 40), body.substr(0, 200), "required"},
                      {"request", "body/amount", "", "type"}};
  trace.note_ids = {"ann_1"};
  g.traces = {trace};
  FailedCase c;
  c.run_id = "run_1";
  c.case_id = "access.scope";
  c.reason = question;
  c.verdict = "failed";
  c.exchange = trace.exchange;
  g.cases = {c};
  g.plan = {{"pli_1", question, "Sandbox", "partner", "open", 0, body.substr(0, 100)}};
  g.passages = {{"operation", "createPayment", question, body.substr(0, 300), 1.0}};

  for (const char* kind : {"", "case", "trace"}) {
    Answer answer = AnswerWithoutModel({question, kind, kind[0] == 'c' ? "run_1/0" : "trc_1"}, g);
    // Every citation is referred to in the text.
    for (std::size_t n = 1; n <= answer.citations.size(); ++n)
      if (answer.markdown.find(" [" + std::to_string(n) + "]") == std::string::npos) std::abort();
    // Quotes are cut: the answer does not grow with the bodies.
    if (answer.markdown.size() > 20000) std::abort();
  }

  const Question q{question, "", ""};
  for (bool streamed : {false, true}) {
    auto text = ReadChatReply(body, streamed);
    if (text.ok() && GroundModelText(*text, q, g).answer.markdown.size() > kMaxModelAnswer + 8)
      std::abort();
  }
  // Streamed in pieces whose size the question's length picks.
  StreamedAnswer streamed(q, g);
  const std::size_t piece = 1 + question.size() % 17;
  std::string shown;
  for (std::size_t at = 0; at < body.size(); at += piece)
    shown += streamed.Feed(std::string_view(body).substr(at, piece));
  if (shown.size() > kMaxModelAnswer + 8) std::abort();
  return 0;
}
