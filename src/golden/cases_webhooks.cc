// webhooks.*: signed sample events to the partner's receiver. The signature is
// HMAC-SHA256 over "<timestamp>.<body>" with the shared secret, sent as
// `X-Icopilot-Signature: t=<timestamp>,v1=<hex>` with `X-Icopilot-Timestamp` and an event id
// in `X-Icopilot-Event-Id` (docs/cli/test.md).
#include <ctime>

#include "core/crypto.h"
#include "core/json_writer.h"
#include "core/signed_payload.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"
#include "schema/generator.h"

namespace icopilot::golden {
namespace {

struct Event {
  std::string name;
  std::string body;
};

// A sample event per documented webhook (3.1) and callback, from its body's schema.
std::vector<Event> SampleEvents(const RunContext& run) {
  std::vector<Event> events;
  auto add = [&](const std::string& name, const spec::Operation& op) {
    std::string body = StrCat("{\"event\":\"", name, "\"}");
    if (op.request_body) {
      for (const auto& media : op.request_body->content) {
        auto compiled = run.schemas.Get(media.schema);
        if (!compiled.ok()) continue;
        auto made = schema::GenerateValid(**compiled,
                                          {.seed = 5, .direction = schema::Direction::kRequest});
        if (made.ok()) body = ReadableJson(made->value);
        break;
      }
    }
    events.push_back({name, body});
  };
  for (const auto& webhook : run.spec.webhooks) add(webhook.path, webhook);
  for (const auto& op : run.spec.operations) {
    for (const auto& callback : op.callbacks) {
      if (events.size() < 20)
        events.push_back({callback, StrCat("{\"event\":\"", callback, "\"}")});
    }
  }
  if (events.size() > 20) events.resize(20);
  return events;
}

net::ClientRequest Signed(const Target& target, const Event& event, const std::string& secret,
                          const std::string& event_id) {
  const std::int64_t now = std::time(nullptr);
  const std::string timestamp = std::to_string(now);
  net::ClientRequest request{.method = "POST", .url = target.webhook_url};
  request.headers = {{"content-type", "application/json"},
                     {"x-icopilot-event", event.name},
                     {"x-icopilot-event-id", event_id},
                     {"x-icopilot-timestamp", timestamp},
                     {"x-icopilot-signature", SignPayload(secret, now, event.body)}};
  request.body = event.body;
  return request;
}

// Each sample event delivered `sends` times, signed with the receiver's secret or, for
// `bad_signature`, another one.
void Deliver(CaseContext& context, bool bad_signature, int sends) {
  const Target& target = context.run.session.target();
  if (target.webhook_url.empty() || target.webhook_secret.empty())
    return context.Skip(
        "needs the partner's webhook receiver and its secret (icopilot test --webhook-url and "
        "--webhook-secret; runs in serve do not send webhooks yet)");
  const auto events = SampleEvents(context.run);
  if (events.empty()) return context.NotApplicable("the spec documents no webhook or callback");
  std::vector<std::string> failures;
  for (const Event& event : events) {
    const std::string event_id = StrCat("evt_", RandomToken(12));
    const bool bad = bad_signature;
    const std::string secret = bad ? StrCat("not-", target.webhook_secret) : target.webhook_secret;
    for (int i = 0; i < sends; ++i) {
      auto response = context.run.session.SendTo(Signed(target, event, secret, event_id),
                                                 context.result.evidence);
      if (!response.ok()) return context.ErrorFrom(response.status(), "delivering");
      const int status = response->status;
      if (bad && status / 100 != 4)
        failures.push_back(
            StrCat(event.name, ": a wrong signature got ", status, ", expected 4xx"));
      if (!bad && status / 100 != 2) {
        failures.push_back(StrCat(event.name, i == 1 ? " (delivered again)" : "", ": got ", status,
                                  ", expected 2xx"));
      }
    }
  }
  if (!failures.empty()) return context.Fail(failures.front());
  context.Pass(StrCat(events.size(), events.size() == 1 ? " event" : " events"));
}

bool DocumentsWebhooks(const Subject& subject, std::string& why_not) {
  const spec::Category& category = subject.blueprint.Find(TestCategory::kWebhooks);
  if (!category.applicable) why_not = category.reason;
  return category.applicable;
}

}  // namespace

std::vector<Case> WebhooksCases() {
  constexpr auto kCategory = TestCategory::kWebhooks;
  constexpr std::string_view kReceiver =
      "APIs that document webhooks or callbacks, with a receiver URL and secret";
  return {
      {"webhooks.valid-signature", kCategory, "A correctly signed event is accepted",
       "a sample event of each documented webhook, signed with HMAC-SHA256 over the timestamp "
       "and body, to the partner's receiver",
       "2xx", kReceiver, kExchangeEvidence, Scope::kApi, false, Rule::kContract,
       "the documented webhooks or callbacks; the signature scheme in docs/golden-tests.md",
       DocumentsWebhooks, [](CaseContext& context) { Deliver(context, false, 1); }},
      {"webhooks.invalid-signature", kCategory, "A wrongly signed event is refused",
       "the same event with a signature made with another secret", "4xx", kReceiver,
       kExchangeEvidence, Scope::kApi, false, Rule::kContract,
       "the signature scheme in docs/golden-tests.md", DocumentsWebhooks,
       [](CaseContext& context) { Deliver(context, true, 1); }},
      {"webhooks.duplicate-delivery", kCategory, "A redelivered event is tolerated",
       "the same signed event twice", "2xx both times", kReceiver, kExchangeEvidence, Scope::kApi,
       false, Rule::kConvention, "at-least-once delivery: receivers deduplicate by event id",
       DocumentsWebhooks, [](CaseContext& context) { Deliver(context, false, 2); }},
  };
}

}  // namespace icopilot::golden
