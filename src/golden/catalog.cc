#include "golden/catalog.h"

#include <algorithm>
#include <map>

#include "contract/request_builder.h"
#include "core/strings.h"
#include "golden/fixtures.h"

namespace icopilot::golden {
namespace {

// Evidence every exchange keeps: method, URL, headers with secrets masked, bodies up to
// a size limit, timings.
constexpr std::string_view kExchange =
    "the exchange: method, URL, headers (secrets masked), bodies up to 64 KiB, timings";

const std::vector<Case> kCases = {
    // authentication
    {"authentication.missing-credentials", "authentication",
     "Calls without credentials are refused", "a valid request with every credential left out",
     "401, with a WWW-Authenticate challenge for HTTP and OAuth schemes",
     "operations whose security requires credentials (not optional: no empty requirement)",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the operation's security requirement in the spec; RFC 9110 §15.5.2 (401)"},
    {"authentication.invalid-credentials", "authentication", "Wrong credentials are refused",
     "a valid request with a credential of the right kind that the API never issued", "401",
     "operations whose security requires credentials (not optional: no empty requirement)",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the operation's security requirement in the spec; RFC 9110 §15.5.2 (401)"},
    {"authentication.valid-credentials", "authentication", "The environment's credentials work",
     "a valid request with the environment's credentials", "neither 401 nor 403",
     "operations whose security requires credentials (not optional: no empty requirement)",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the operation's security requirement in the spec"},
    {"authentication.challenge", "authentication", "A refusal says how to authenticate",
     "a request without credentials",
     "the 401 carries WWW-Authenticate naming a scheme the operation accepts (Bearer, Basic)",
     "operations secured by HTTP or OAuth2/OpenID Connect schemes", kExchange, Scope::kOperation,
     false, Rule::kContract, "RFC 9110 §11.6.1: a 401 MUST send WWW-Authenticate"},
    // authorization
    {"authorization.insufficient-scope", "authorization", "A token without the scope is refused",
     "a valid request with a token holding every scope but the one the operation needs",
     "403 (insufficient_scope)", "operations that require OAuth2 scopes", kExchange,
     Scope::kOperation, false, Rule::kContract,
     "the scopes the operation's security requirement lists; RFC 6750 §3.1 (insufficient_scope)"},
    {"authorization.no-scope", "authorization", "A token with no scope is refused",
     "a valid request with a token issued for no scope", "403",
     "operations that require OAuth2 scopes", kExchange, Scope::kOperation, false, Rule::kContract,
     "the scopes the operation's security requirement lists; RFC 6749 §3.3 (a server may grant "
     "default scopes)"},
    {"authorization.exact-scope", "authorization", "Exactly the documented scopes suffice",
     "a valid request with a token holding only the scopes the operation documents",
     "neither 401 nor 403", "operations that require OAuth2 scopes", kExchange, Scope::kOperation,
     false, Rule::kContract, "the scopes the operation's security requirement lists"},
    // request-validation
    {"request-validation.missing-required-parameter", "request-validation",
     "A missing required parameter is refused",
     "a valid request without one required query, header or cookie parameter",
     "400 or 422, never 2xx or 5xx", "operations with a required query, header or cookie parameter",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the parameter's required: true in the spec"},
    {"request-validation.wrong-parameter-type", "request-validation",
     "A parameter of the wrong type is refused",
     "a valid request with one parameter's value of another type ('abc' for an integer)",
     "400 or 422", "operations with a parameter that is not free text", kExchange,
     Scope::kOperation, false, Rule::kContract, "the parameter's schema in the spec"},
    {"request-validation.missing-required-field", "request-validation",
     "A body without a required field is refused",
     "a valid body with one required field left out (from the schema engine's negatives)",
     "400 or 422", "operations with a JSON body that has required fields", kExchange,
     Scope::kOperation, false, Rule::kContract,
     "the request body schema's required list in the spec"},
    {"request-validation.wrong-field-type", "request-validation",
     "A body field of the wrong type is refused", "a valid body with one field of another type",
     "400 or 422", "operations with a JSON body", kExchange, Scope::kOperation, false,
     Rule::kContract, "the request body schema in the spec"},
    {"request-validation.constraint-violation", "request-validation",
     "A body breaking a constraint is refused",
     "a valid body broken in one constraint (enum, pattern, bounds, length), one at a time",
     "400 or 422", "operations with a JSON body whose schema has constraints", kExchange,
     Scope::kOperation, false, Rule::kContract,
     "the request body schema's constraints in the spec"},
    {"request-validation.unsupported-media-type", "request-validation",
     "A body in an undocumented media type is refused", "the body as text/plain",
     "415 (400 is accepted with a note)", "operations that take a request body", kExchange,
     Scope::kOperation, false, Rule::kConvention,
     "RFC 9110 §15.5.16 (415); accepting another media type is lenient, not a breach"},
    {"request-validation.malformed-json", "request-validation", "Malformed JSON is refused",
     "a JSON body cut short", "400 or 422, never 5xx", "operations with a JSON body", kExchange,
     Scope::kOperation, false, Rule::kContract, "RFC 8259 (JSON) and the documented media type"},
    // response-conformance
    {"response-conformance.status-documented", "response-conformance",
     "Answers use documented statuses", "a valid request",
     "a status the operation documents (or its range, or default)", "every operation", kExchange,
     Scope::kOperation, false, Rule::kContract, "the operation's responses in the spec"},
    {"response-conformance.body-schema", "response-conformance",
     "Success bodies match their schema", "a valid request",
     "a body that validates against the documented schema (one that fits only when an "
     "overlapping oneOf is read as anyOf warns: the spec's defect)",
     "operations whose success response documents a schema",
     "the exchange and each validation error with its location", Scope::kOperation, false,
     Rule::kContract, "the response's schema in the spec"},
    {"response-conformance.content-type", "response-conformance",
     "Answers declare a documented media type", "a valid request",
     "Content-Type is one the response documents", "operations whose responses document content",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the response's content media types in the spec"},
    {"response-conformance.required-headers", "response-conformance",
     "Documented required headers are sent", "a valid request",
     "every response header the answer documents as required, valid",
     "operations whose responses document required headers", kExchange, Scope::kOperation, false,
     Rule::kContract, "the response headers marked required: true in the spec"},
    {"response-conformance.error-body-schema", "response-conformance",
     "Error bodies match their schema", "an invalid request (as request-validation sends)",
     "the error body validates against the documented error schema",
     "operations that document an error response with a schema and take input",
     "the exchange and each validation error with its location", Scope::kOperation, false,
     Rule::kContract, "the error response's schema in the spec"},
    // error-handling
    {"error-handling.unknown-resource", "error-handling", "An unknown id is 404",
     "a read of an item with an id the API never issued", "404, not 200 or 500",
     "GET operations on an item of a documented collection (`/orders/{id}` beside `/orders`) "
     "whose id parameter does not list its values (`enum`, `const`)",
     kExchange, Scope::kOperation, false, Rule::kContract, "RFC 9110 §15.5.5 (404 Not Found)"},
    {"error-handling.unknown-path", "error-handling", "An unknown path is 404",
     "GET on a path the API does not document", "404", "every API", kExchange, Scope::kApi, false,
     Rule::kConvention, "RFC 9110 §15.5.5 (404 Not Found); an undocumented path may still exist"},
    {"error-handling.method-not-allowed", "error-handling", "An undocumented method is refused",
     "a method the path does not document", "405 (404 is accepted with a note), never 2xx or 5xx",
     "APIs with a path that does not document every method", kExchange, Scope::kApi, true,
     Rule::kConvention, "RFC 9110 §15.5.6 (405 Method Not Allowed)"},
    {"error-handling.no-server-error-on-bad-input", "error-handling",
     "Bad input never causes a server error", "the invalid requests of request-validation",
     "no 5xx", "operations that take parameters or a body", kExchange, Scope::kOperation, false,
     Rule::kContract,
     "RFC 9110 §15.6: 5xx means the server failed; bad input is the client's error (4xx)"},
    // idempotency
    {"idempotency.replay", "idempotency", "A retried request gets the first answer",
     "the same POST twice with the same Idempotency-Key", "the same status and body twice",
     "POST operations that document an idempotency key header", kExchange, Scope::kOperation, false,
     Rule::kContract,
     "the documented idempotency key header; IETF draft-ietf-httpapi-idempotency-key-header"},
    {"idempotency.conflict", "idempotency", "A reused key with another body is refused",
     "a POST reusing a key with a different body", "409 or 422",
     "POST operations that document an idempotency key header", kExchange, Scope::kOperation, false,
     Rule::kConvention,
     "IETF draft-ietf-httpapi-idempotency-key-header §2.7 (422 or 409 for a reused key)"},
    {"idempotency.no-duplicate", "idempotency", "A replay does not create twice",
     "the same POST twice with one key, then reads of what it created",
     "one resource, not two (the same id, or one more item in the list)",
     "POST operations that document an idempotency key header and create a readable resource",
     kExchange, Scope::kOperation, false, Rule::kContract,
     "the documented idempotency key header; IETF draft-ietf-httpapi-idempotency-key-header"},
    // rate-limiting
    {"rate-limiting.limit-enforced", "rate-limiting", "Past the limit, requests are refused",
     "requests to one operation until a 429 (bounded by --max-duration)", "429 within the budget",
     "APIs that document rate limiting (429 or RateLimit headers)", kExchange, Scope::kApi, false,
     Rule::kConvention,
     "a documented 429 (RFC 6585 §4); a failure only where the spec states the limit"},
    {"rate-limiting.retry-after", "rate-limiting", "A 429 says when to retry", "as limit-enforced",
     "Retry-After (seconds or an HTTP date) on the 429", "APIs that document rate limiting",
     kExchange, Scope::kApi, false, Rule::kConvention,
     "RFC 6585 §4: a 429 MAY include Retry-After"},
    {"rate-limiting.headers", "rate-limiting", "Answers report the remaining budget",
     "a valid request", "RateLimit-Limit/Remaining/Reset or X-RateLimit-* headers",
     "APIs that document rate-limit headers", kExchange, Scope::kApi, false, Rule::kConvention,
     "IETF draft-ietf-httpapi-ratelimit-headers; optional unless the spec marks them required"},
    // pagination
    {"pagination.page-size", "pagination", "A page holds at most the size asked",
     "a list request with the smallest page size", "at most that many items",
     "list operations with paging parameters", kExchange, Scope::kOperation, false, Rule::kContract,
     "the documented page size parameter"},
    {"pagination.next-page", "pagination", "The next page is reachable",
     "a list request, then the next page by cursor, offset, page number or Link",
     "a valid second page", "list operations with paging parameters", kExchange, Scope::kOperation,
     false, Rule::kContract, "the documented paging parameters or Link header (RFC 8288)"},
    {"pagination.no-duplicates", "pagination", "Pages do not repeat items",
     "pages followed to the end (bounded)", "no item id on two pages",
     "list operations with paging parameters whose items have an id",
     "the pages read and the ids seen twice", Scope::kOperation, false, Rule::kContract,
     "cursor pagination over a stable collection"},
    {"pagination.terminates", "pagination", "The last page says it is the last",
     "pages followed to the end (bounded)",
     "an end: no cursor, no next link, or an empty or short page",
     "list operations with paging parameters", "the pages read", Scope::kOperation, false,
     Rule::kContract, "the documented paging parameters: a cursor that never repeats"},
    // webhooks
    {"webhooks.valid-signature", "webhooks", "A correctly signed event is accepted",
     "a sample event of each documented webhook, signed with HMAC-SHA256 over the timestamp "
     "and body, to the partner's receiver",
     "2xx", "APIs that document webhooks or callbacks, with a receiver URL and secret", kExchange,
     Scope::kApi, false, Rule::kContract,
     "the documented webhooks or callbacks; the signature scheme in docs/golden-tests.md"},
    {"webhooks.invalid-signature", "webhooks", "A wrongly signed event is refused",
     "the same event with a signature made with another secret", "4xx",
     "APIs that document webhooks or callbacks, with a receiver URL and secret", kExchange,
     Scope::kApi, false, Rule::kContract, "the signature scheme in docs/golden-tests.md"},
    {"webhooks.duplicate-delivery", "webhooks", "A redelivered event is tolerated",
     "the same signed event twice", "2xx both times",
     "APIs that document webhooks or callbacks, with a receiver URL and secret", kExchange,
     Scope::kApi, false, Rule::kConvention,
     "at-least-once delivery: receivers deduplicate by event id"},
    // performance
    {"performance.latency", "performance", "Answers come back in time",
     "20 valid requests to a read operation, one at a time", "p95 under 1 second",
     "APIs with a GET operation the runner can call", "the timings and their percentiles",
     Scope::kApi, false, Rule::kConvention,
     "a 1 s p95 convention for interactive APIs; no spec states it"},
    {"performance.concurrency", "performance", "Concurrent requests all succeed",
     "10 valid requests to a read operation at once", "no 5xx and no dropped connection",
     "APIs with a GET operation the runner can call", "the timings and statuses", Scope::kApi,
     false, Rule::kContract, "RFC 9110 §15.6: no 5xx for valid requests"},
};

// An empty requirement among the alternatives (`security: [{}, {basic_auth: []}]`, as
// Azure's instance metadata service has) makes credentials optional: an API that answers
// without them does what its spec says.
bool RequiresAuth(const spec::Spec& spec, const spec::Operation& op) {
  const auto& security = spec::SecurityOf(spec, op);
  return !security.empty() &&
         std::none_of(security.begin(), security.end(), [](const auto& r) { return r.empty(); });
}

bool RequiresScopes(const spec::Spec& spec, const spec::Operation& op) {
  const auto& security = spec::SecurityOf(spec, op);
  return std::any_of(security.begin(), security.end(), [](const auto& requirement) {
    return std::any_of(requirement.begin(), requirement.end(),
                       [](const auto& scheme) { return !scheme.second.empty(); });
  });
}

bool UsesHttpOrOAuth(const spec::Spec& spec, const spec::Operation& op) {
  const auto& security = spec::SecurityOf(spec, op);
  for (const auto& requirement : security) {
    for (const auto& [name, scopes] : requirement) {
      for (const auto& scheme : spec.security_schemes) {
        if (scheme.name == name && scheme.type != "apiKey" && scheme.type != "mutualTLS")
          return true;
      }
    }
  }
  return false;
}

const spec::MediaType* JsonBody(const spec::Operation& op) {
  if (!op.request_body) return nullptr;
  for (const auto& media : op.request_body->content) {
    std::string type = ToLower(media.media_type);
    if (type == "application/json" || type.ends_with("+json")) return &media;
  }
  return nullptr;
}

// The schema written in place, as the document has it: `$ref`s are not followed here (the
// runner decides with the compiled schema; the plan may be generous).
const boost::json::object* SchemaObject(const spec::SchemaPtr& schema) {
  return schema != nullptr ? schema->if_object() : nullptr;
}

bool TypedParameter(const spec::Parameter& p) {
  const auto* schema = SchemaObject(p.schema);
  if (schema == nullptr) return false;
  if (schema->contains("$ref") || schema->contains("enum")) return true;
  const auto* type = schema->if_contains("type");
  return type != nullptr && !(type->is_string() && type->as_string() == "string");
}

bool IsItemPath(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  std::string_view last = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  return last.size() > 2 && last.front() == '{' && last.back() == '}';
}

bool HasReadOperation(const spec::Spec& spec) {
  return std::any_of(spec.operations.begin(), spec.operations.end(),
                     [](const spec::Operation& op) { return op.method == "get"; });
}

bool DocumentsRateLimitHeaders(const spec::Spec& spec) {
  for (const auto& op : spec.operations) {
    for (const auto& response : op.responses) {
      for (const auto& header : response.headers) {
        std::string name = ToLower(header.name);
        if (name.starts_with("ratelimit") || name.starts_with("x-ratelimit") ||
            name.starts_with("x-rate-limit"))
          return true;
      }
    }
  }
  return false;
}

const spec::Category* CategoryOf(const spec::Blueprint& blueprint, std::string_view id) {
  for (const auto& category : blueprint.categories) {
    if (category.id == id) return &category;
  }
  return nullptr;
}

}  // namespace

std::string_view RuleName(Rule rule) { return rule == Rule::kContract ? "contract" : "convention"; }

const std::vector<std::string_view>& Categories() {
  static const std::vector<std::string_view> categories = {
      "authentication", "authorization", "request-validation", "response-conformance",
      "error-handling", "idempotency",   "rate-limiting",      "pagination",
      "webhooks",       "performance"};
  return categories;
}

const std::vector<Case>& AllCases() { return kCases; }

const Case* FindCase(std::string_view id) {
  for (const Case& c : kCases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool Applies(const Case& c, const spec::Spec& spec, const spec::Blueprint& blueprint,
             std::size_t index, std::string& why_not) {
  auto no = [&](std::string reason) {
    why_not = std::move(reason);
    return false;
  };
  const std::string_view id = c.id;
  if (c.scope == Scope::kApi) {
    if (c.category == "rate-limiting") {
      const spec::Category* category = CategoryOf(blueprint, "rate-limiting");
      if (category == nullptr || !category->applicable) return no(category ? category->reason : "");
      if (id == "rate-limiting.headers" && !DocumentsRateLimitHeaders(spec))
        return no("no response documents RateLimit or X-RateLimit headers");
      return true;
    }
    if (c.category == "webhooks") {
      const spec::Category* category = CategoryOf(blueprint, "webhooks");
      if (category == nullptr || !category->applicable) return no(category ? category->reason : "");
      return true;
    }
    if (c.category == "performance" && !HasReadOperation(spec))
      return no("the API has no GET operation to time");
    if (id == "error-handling.method-not-allowed") {
      std::map<std::string, std::size_t> methods;
      for (const auto& op : spec.operations) ++methods[op.path];
      bool some_missing = std::any_of(methods.begin(), methods.end(),
                                      [](const auto& entry) { return entry.second < 5; });
      if (!some_missing) return no("every path documents every method");
    }
    return true;
  }
  const spec::Operation& op = spec.operations[index];
  const spec::OperationTraits& traits = blueprint.operations[index];
  if (c.category == "authentication") {
    if (!RequiresAuth(spec, op))
      return no(spec::SecurityOf(spec, op).empty()
                    ? "the operation requires no credentials"
                    : "credentials are optional: one of its security requirements is empty");
    if (id == "authentication.challenge" && !UsesHttpOrOAuth(spec, op))
      return no("its schemes are API keys, which have no challenge");
    return true;
  }
  if (c.category == "authorization")
    return RequiresScopes(spec, op) || no("the operation requires no OAuth2 scope");
  if (id == "request-validation.missing-required-parameter") {
    bool required = std::any_of(op.parameters.begin(), op.parameters.end(), [](const auto& p) {
      return p.required && p.in != "path" && !contract::IsIgnoredHeaderParameter(p);
    });
    return required || no("no required query, header or cookie parameter");
  }
  if (id == "request-validation.wrong-parameter-type") {
    return std::any_of(op.parameters.begin(), op.parameters.end(), TypedParameter) ||
           no("every parameter is free text");
  }
  if (id == "request-validation.unsupported-media-type")
    return op.request_body.has_value() || no("the operation takes no body");
  if (c.category == "request-validation")
    return JsonBody(op) != nullptr || no("the operation takes no JSON body");
  if (id == "response-conformance.status-documented") return true;
  if (id == "response-conformance.body-schema" || id == "response-conformance.content-type") {
    bool content = std::any_of(op.responses.begin(), op.responses.end(), [](const auto& r) {
      return !r.content.empty() && (r.status.starts_with('2') || r.status == "default");
    });
    return content || no("no success response documents a body");
  }
  if (id == "response-conformance.required-headers") {
    bool headers = std::any_of(op.responses.begin(), op.responses.end(), [](const auto& r) {
      return std::any_of(r.headers.begin(), r.headers.end(),
                         [](const auto& h) { return h.required; });
    });
    return headers || no("no response documents a required header");
  }
  if (id == "response-conformance.error-body-schema") {
    bool documented = std::any_of(op.responses.begin(), op.responses.end(), [](const auto& r) {
      return (r.status.starts_with('4') || r.status == "default") && !r.content.empty();
    });
    if (!documented) return no("no error response documents a body");
    return !op.parameters.empty() || op.request_body.has_value() ||
           no("the operation takes no input to make invalid");
  }
  if (id == "error-handling.unknown-resource") {
    if (op.method != "get" || !IsItemPath(op.path))
      return no("not a read of an item (GET on a path ending in a parameter)");
    // `/stops/{stop_id}` under a documented `/stops` names a resource; a parameter at the
    // end of any path may be a search term or a type code, where any value answers 200.
    const std::string_view parent = ParentPath(op.path);
    const bool collection = std::any_of(spec.operations.begin(), spec.operations.end(),
                                        [&](const auto& other) { return other.path == parent; });
    return collection || no("the item's collection path is not documented, so the parameter "
                            "may not name a resource");
  }
  if (id == "error-handling.no-server-error-on-bad-input")
    return !op.parameters.empty() || op.request_body.has_value() || no("it takes no input");
  if (c.category == "idempotency") {
    if (op.method != "post") return no("idempotency keys are checked on POST");
    return !traits.idempotency_header.empty() || no("no idempotency key header is documented");
  }
  if (c.category == "pagination")
    return traits.pagination.has_value() || no("not a list with paging parameters");
  return no("this case is checked once for the API");
}

std::string CatalogMarkdown() {
  std::string out =
      "# Golden test catalog\n\n"
      "Generated from `src/golden/catalog.cc` by `icopilot test --catalog`; a test keeps this "
      "file equal to it.\n\n"
      "Each case ends at one level, with a reason and its evidence:\n\n"
      "- **passed**: the API did what the case's basis asks.\n"
      "- **warning**: a departure from a *convention* (a lenient media type, no rate-limit "
      "headers). Worth fixing; never blocks a run. JUnit shows it as passed with a message.\n"
      "- **failed**: a breach of a *contract rule*: the spec's own words or an RFC's MUST.\n"
      "- **error**: the case could not finish (the target did not answer, a token endpoint "
      "refused).\n"
      "- **not set up**: the runner could not set the case up (no valid request could be "
      "built, no success answer to check, no id of the right shape). A gap in what the run "
      "proves: a required case left not set up keeps the run from passing, and the "
      "summary counts these apart from skips.\n"
      "- **skipped**: left out by the run's options, or for a reason the API gives (a server "
      "that never issues a narrower token).\n"
      "- **not applicable**: the case does not apply to this operation or API.\n\n"
      "Each case names its basis and whether it is a contract rule (a breach fails) or a "
      "convention (a departure warns). A valid request answered with a status the operation "
      "does not document fails; an invalid request answered with an undocumented 4xx is a "
      "warning, since OpenAPI does not require every error to be listed.\n\n"
      "A case marked *per operation* yields one result per "
      "operation it applies to. `--read-only` skips every case on an operation whose method "
      "is not GET, HEAD or OPTIONS, and the cases marked *unsafe*, which send such a method "
      "themselves.\n";
  for (std::string_view category : Categories()) {
    out += StrCat("\n## ", category, "\n");
    for (const Case& c : kCases) {
      if (c.category != category) continue;
      out += StrCat("\n### `", c.id, "`: ", c.title, "\n\n");
      out += StrCat("- Sends: ", c.sends, "\n");
      out += StrCat("- Expects: ", c.expects, "\n");
      out += StrCat("- Applies to: ", c.applies, "\n");
      out += StrCat("- Evidence: ", c.evidence, "\n");
      out += StrCat("- Basis: ", c.basis, " (", RuleName(c.rule),
                    c.rule == Rule::kContract ? ": a breach fails" : ": a departure warns", ")\n");
      out += StrCat("- ", c.scope == Scope::kOperation ? "Per operation" : "Once per API",
                    c.unsafe ? "; unsafe" : "", "\n");
    }
  }
  out += StrCat("\n", kCases.size(), " cases in ", Categories().size(), " categories.\n");
  return out;
}

}  // namespace icopilot::golden
