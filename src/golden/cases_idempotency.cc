// idempotency.*: a POST retried with the same Idempotency-Key gets the first answer and
// creates nothing twice; a key reused with another body is refused.
#include "core/crypto.h"
#include "core/json.h"
#include "core/strings.h"
#include "golden/case_context.h"
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

}  // namespace

void RunIdempotencyCase(CaseContext& context) {
  const std::string_view id = context.row.c->id;
  auto request = context.Valid();
  if (!request.ok()) return context.ErrorFrom(request.status(), "building");
  if (id == "idempotency.conflict") {
    auto other = context.Valid(11);
    if (!other.ok()) return context.ErrorFrom(other.status(), "building");
    if (other->body == request->body) {
      return context.NotApplicable("the body's schema allows only one body, so none can differ");
    }
    auto pair = SendTwice(context, *request, *other);
    if (!pair) return;
    const int status = pair->second.status;
    if (status == 409 || status == 422) return context.Pass(StrCat("got ", status));
    if (status == 400) {
      context.Note("400 where 409 or 422 is the usual answer for a reused key");
      return context.Pass("got 400");
    }
    return context.Fail(
        StrCat("expected 409 or 422 for a key reused with another body, got ", status));
  }
  auto pair = SendTwice(context, *request, *request);
  if (!pair) return;
  if (id == "idempotency.replay") {
    if (pair->second.status != pair->first.status)
      return context.Fail(StrCat("the retry got ", pair->second.status, ", the first request ",
                                 pair->first.status));
    if (!SameBody(pair->first.body, pair->second.body))
      return context.Fail("the retry got a different body than the first request");
    return context.Pass(StrCat("the same ", pair->first.status, " answer twice"));
  }
  if (id == "idempotency.no-duplicate") {
    const std::string parameter = "id";
    std::string first =
        CreatedId(parameter, pair->first.body, pair->first.headers.Find("location"));
    std::string second =
        CreatedId(parameter, pair->second.body, pair->second.headers.Find("location"));
    if (first.empty() || second.empty())
      return context.Skip("the answers name no id or Location to compare");
    if (first != second)
      return context.Fail(
          StrCat("the retry created a second resource ('", second, "' after '", first, "')"));
    return context.Pass(StrCat("one resource, '", first, "'"));
  }
  context.Error(StrCat("unknown case ", id));
}

}  // namespace icopilot::golden
