// What the assistant reads from outside: the question a partner types, and the exchanges
// its evidence recorded (bodies and headers from any API). Split at the first two NUL
// bytes into question, response body and WWW-Authenticate value. Never a crash; every
// citation is referred to in the answer; the answer stays bounded whatever the bodies hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "assistant/answer.h"

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
  return 0;
}
