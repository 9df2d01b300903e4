// idempotency.*: a POST retried with the same Idempotency-Key gets the first answer and
// creates nothing twice; a key reused with another body is refused.
#include <optional>

#include "core/crypto.h"
#include "core/json.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"
#include "schema/json_equal.h"

namespace icopilot::golden {
namespace {

bool SameBody(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto left = ParseJson(a);
  auto right = ParseJson(b);
  return left.ok() && right.ok() && schema::JsonEqual(*left, *right);
}

struct Pair {
  net::ClientResponse first, second;
};

// Sends `first` and then `second` with one new key. Ends the case and returns nullopt
// when either cannot be sent or the first is refused.
std::optional<Pair> SendTwice(CaseContext& context, net::Request first, net::Request second) {
  const std::string header = context.traits().idempotency_header;
  const std::string key = StrCat("icopilot-", RandomToken(12));
  first.headers.Set(header, key);
  second.headers.Set(header, key);
  auto one = context.Send(first);
  if (!one.ok()) {
    context.ErrorFrom(one.status(), "sending");
    return std::nullopt;
  }
  if (one->status / 100 != 2) {
    context.Error(StrCat("the first request was refused (", one->status,
                         "), so a retry could not be compared"));
    return std::nullopt;
  }
  auto two = context.Send(second);
  if (!two.ok()) {
    context.ErrorFrom(two.status(), "sending");
    return std::nullopt;
  }
  return Pair{std::move(*one), std::move(*two)};
}

// A new key's first POST and its retry, as the replay cases send them; nullopt with the
// case ended when there is no pair to compare.
std::optional<Pair> SendReplayed(CaseContext& context) {
  auto request = context.Valid();
  if (!request.ok()) {
    context.ErrorFrom(request.status(), "building");
    return std::nullopt;
  }
  return SendTwice(context, *request, *request);
}

void Conflict(CaseContext& context) {
  auto request = context.Valid();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  auto other = context.Valid(11);
  if (!other.ok()) return context.ErrorFrom(other.status(), "building");
  if (other->body == request->body)
    return context.NotApplicable("the body's schema allows only one body, so none can differ");
  auto pair = SendTwice(context, *request, *other);
  if (!pair) return;
  const int status = pair->second.status;
  if (status == 409 || status == 422) return context.Pass(StrCat("got ", status));
  if (status == 400) {
    context.Note("400 where 409 or 422 is the usual answer for a reused key");
    return context.Pass("got 400");
  }
  context.Fail(StrCat("expected 409 or 422 for a key reused with another body, got ", status));
}

void Replay(CaseContext& context) {
  auto pair = SendReplayed(context);
  if (!pair) return;
  if (pair->second.status != pair->first.status)
    return context.Fail(
        StrCat("the retry got ", pair->second.status, ", the first request ", pair->first.status));
  if (!SameBody(pair->first.body, pair->second.body))
    return context.Fail("the retry got a different body than the first request");
  context.Pass(StrCat("the same ", pair->first.status, " answer twice"));
}

void NoDuplicate(CaseContext& context) {
  auto pair = SendReplayed(context);
  if (!pair) return;
  const std::string parameter = "id";
  std::string first = CreatedId(parameter, pair->first.body, pair->first.headers.Find("location"));
  std::string second =
      CreatedId(parameter, pair->second.body, pair->second.headers.Find("location"));
  if (first.empty() || second.empty())
    return context.Skip("the answers name no id or Location to compare");
  if (first != second)
    return context.Fail(
        StrCat("the retry created a second resource ('", second, "' after '", first, "')"));
  context.Pass(StrCat("one resource, '", first, "'"));
}

bool PostWithKey(const Subject& subject, std::string& why_not) {
  if (subject.op().method != spec::Method::kPost) {
    why_not = "idempotency keys are checked on POST";
    return false;
  }
  if (subject.traits().idempotency_header.empty()) {
    why_not = "no idempotency key header is documented";
    return false;
  }
  return true;
}

}  // namespace

std::vector<Case> IdempotencyCases() {
  constexpr auto kCategory = TestCategory::kIdempotency;
  constexpr std::string_view kKeyed = "POST operations that document an idempotency key header";
  constexpr std::string_view kDraft =
      "the documented idempotency key header; IETF draft-ietf-httpapi-idempotency-key-header";
  return {
      {"idempotency.replay", kCategory, "A retried request gets the first answer",
       "the same POST twice with the same Idempotency-Key", "the same status and body twice",
       kKeyed, kExchangeEvidence, Scope::kOperation, false, Rule::kContract, kDraft, PostWithKey,
       Replay},
      {"idempotency.conflict", kCategory, "A reused key with another body is refused",
       "a POST reusing a key with a different body", "409 or 422", kKeyed, kExchangeEvidence,
       Scope::kOperation, false, Rule::kConvention,
       "IETF draft-ietf-httpapi-idempotency-key-header §2.7 (422 or 409 for a reused key)",
       PostWithKey, Conflict},
      {"idempotency.no-duplicate", kCategory, "A replay does not create twice",
       "the same POST twice with one key, then reads of what it created",
       "one resource, not two (the same id, or one more item in the list)",
       "POST operations that document an idempotency key header and create a readable resource",
       kExchangeEvidence, Scope::kOperation, false, Rule::kContract, kDraft, PostWithKey,
       NoDuplicate},
  };
}

}  // namespace icopilot::golden
