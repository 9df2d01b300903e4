#include "assistant/explanations.h"

#include <array>

namespace icopilot::assistant {

namespace {

struct StatusEntry {
  int status;
  const char* meaning;
  const char* fix;
  const char* source;
};

constexpr std::array kStatuses = {
    StatusEntry{400, "The server could not read the request: its syntax or framing is wrong.",
                "Check that the body is valid JSON of the documented shape and that the "
                "Content-Type header says what the body is.",
                "RFC 9110 §15.5.1"},
    StatusEntry{401,
                "The request carried no credentials, or credentials the server did not accept.",
                "Send a valid token or key in the documented header (Authorization: Bearer … "
                "for OAuth); a token that expired must be refreshed first.",
                "RFC 9110 §15.5.2, RFC 6750 §3"},
    StatusEntry{403, "The credentials were accepted but do not allow this operation.",
                "Ask for a token with the scope the operation needs, or use an account that "
                "may call it; sending the same request again will not help.",
                "RFC 9110 §15.5.4, RFC 6750 §3.1"},
    StatusEntry{404,
                "Nothing exists at this URL: a wrong path, or an id that does not exist "
                "(or is not yours).",
                "Check the path against the spec and that the id came from an earlier answer "
                "in the same environment.",
                "RFC 9110 §15.5.5"},
    StatusEntry{405, "The resource exists but does not accept this method.",
                "Use a method the spec documents for this path (the Allow header lists them).",
                "RFC 9110 §15.5.6"},
    StatusEntry{406, "The server cannot answer in a format the Accept header allows.",
                "Accept application/json (or what the spec documents), or drop the header.",
                "RFC 9110 §15.5.7"},
    StatusEntry{409,
                "The request conflicts with the resource's current state (a duplicate, "
                "or a change to something already final).",
                "Read the resource again and act on its current state; for a retried create, "
                "reuse the same Idempotency-Key rather than a new one.",
                "RFC 9110 §15.5.10"},
    StatusEntry{410, "The resource existed but was removed for good.",
                "Stop calling this URL; the spec or the vendor's notes name its replacement.",
                "RFC 9110 §15.5.11"},
    StatusEntry{412, "A precondition the request set (If-Match, If-Unmodified-Since) was not met.",
                "Read the resource again to get its current ETag, then retry with it.",
                "RFC 9110 §15.5.13"},
    StatusEntry{413, "The request body is larger than the server accepts.",
                "Send less in one request (split it, or page through).", "RFC 9110 §15.5.14"},
    StatusEntry{415, "The server does not accept the body's media type.",
                "Set Content-Type to the media type the spec documents for this operation "
                "(usually application/json) and send the body in that format.",
                "RFC 9110 §15.5.16"},
    StatusEntry{422,
                "The body was well-formed but its content is not valid: a field is "
                "missing, of the wrong type, or outside the allowed values.",
                "Read the problem's detail for the field at fault and compare the body with the "
                "operation's schema.",
                "RFC 9110 §15.5.21, RFC 9457"},
    StatusEntry{428, "The server requires a conditional request (If-Match) for this change.",
                "Read the resource first and send its ETag in If-Match.", "RFC 6585 §3"},
    StatusEntry{429, "Too many requests in too short a time: the caller went over its rate limit.",
                "Wait as long as the Retry-After header says before the next request, and "
                "spread requests out (back off exponentially on repeated 429s).",
                "RFC 6585 §4"},
    StatusEntry{500, "The server failed while handling the request: a fault on the API's side.",
                "Retry later with the same Idempotency-Key if the request changes something; "
                "if it persists, report it to the vendor with the request id.",
                "RFC 9110 §15.6.1"},
    StatusEntry{502, "A gateway in front of the API got no valid answer from it.",
                "Retry later; if it persists, the vendor's service is down.", "RFC 9110 §15.6.3"},
    StatusEntry{503, "The API is unavailable for now (overloaded or in maintenance).",
                "Retry after the Retry-After header's time, backing off.", "RFC 9110 §15.6.4"},
    StatusEntry{504, "A gateway in front of the API gave up waiting for it.",
                "Retry later, with the same Idempotency-Key for changes, so nothing is done "
                "twice.",
                "RFC 9110 §15.6.5"},
};

struct KeywordEntry {
  const char* keyword;
  const char* meaning;
  const char* fix;
};

constexpr std::array kKeywords = {
    KeywordEntry{"type",
                 "A value has the wrong JSON type: a string where a number is expected "
                 "(\"12.50\" for 1250), a decimal where an integer is, or the reverse.",
                 "Send the value as the type the schema says: numbers without quotes, amounts "
                 "in the documented unit."},
    KeywordEntry{"required", "A field the schema requires is missing.",
                 "Add the field; the operation's schema and example show its form."},
    KeywordEntry{"enum", "A value is not one of the values the schema allows.",
                 "Use one of the allowed values the violation lists (case matters)."},
    KeywordEntry{"const", "A value differs from the only value the schema allows.",
                 "Send exactly the documented value."},
    KeywordEntry{"format",
                 "A string does not have the documented format (date-time, email, "
                 "uuid, uri, ...).",
                 "Format it as the schema says (dates as RFC 3339, 2026-12-05T10:00:00Z)."},
    KeywordEntry{"pattern", "A string does not match the documented pattern.",
                 "Make the value match the pattern shown in the spec."},
    KeywordEntry{"minimum", "A number is below the documented minimum.",
                 "Send a value at or above the minimum."},
    KeywordEntry{"maximum", "A number is above the documented maximum.",
                 "Send a value at or below the maximum."},
    KeywordEntry{"exclusiveMinimum", "A number is not above the documented bound.",
                 "Send a value above the bound."},
    KeywordEntry{"exclusiveMaximum", "A number is not below the documented bound.",
                 "Send a value below the bound."},
    KeywordEntry{"minLength", "A string is shorter than documented.",
                 "Send a longer value (the violation says how long)."},
    KeywordEntry{"maxLength", "A string is longer than documented.",
                 "Shorten the value to the documented length."},
    KeywordEntry{"minItems", "An array has fewer items than documented.", "Send more items."},
    KeywordEntry{"maxItems", "An array has more items than documented.",
                 "Send fewer items, in several requests if need be."},
    KeywordEntry{"additionalProperties", "The object has a field the schema does not allow.",
                 "Remove the field, or check its spelling against the schema."},
    KeywordEntry{"oneOf", "The value matches none, or more than one, of the documented shapes.",
                 "Send exactly one of the documented shapes (its discriminator field decides "
                 "which)."},
    KeywordEntry{"anyOf", "The value matches none of the documented shapes.",
                 "Send one of the documented shapes."},
    KeywordEntry{"status", "The API answered with a status its spec does not document.",
                 "On the partner's side nothing to change unless the request was wrong; the "
                 "vendor's spec or service is at odds with itself."},
    KeywordEntry{"content-type", "A body's media type is not one the spec documents.",
                 "Send (or expect) the documented media type."},
    KeywordEntry{"operation",
                 "The request matches no operation of the spec (a wrong path or "
                 "method).",
                 "Compare the path and method with the spec's operations."},
};

}  // namespace

std::optional<Explanation> ExplainStatus(int status) {
  for (const auto& entry : kStatuses)
    if (entry.status == status) return Explanation{entry.meaning, entry.fix, entry.source};
  return std::nullopt;
}

std::optional<Explanation> ExplainKeyword(std::string_view keyword) {
  for (const auto& entry : kKeywords)
    if (keyword == entry.keyword)
      return Explanation{entry.meaning, entry.fix, "JSON Schema 2020-12"};
  return std::nullopt;
}

std::optional<Explanation> ExplainBearerError(std::string_view error) {
  if (error == "insufficient_scope")
    return Explanation{"The token is valid but lacks a scope this operation needs.",
                       "Request a new token that includes the scope (the challenge's scope= "
                       "names it, as does the operation's security in the spec).",
                       "RFC 6750 §3.1"};
  if (error == "invalid_token")
    return Explanation{"The token is expired, revoked, malformed or for another audience.",
                       "Get a new token (refresh it) and send it unchanged.", "RFC 6750 §3.1"};
  if (error == "invalid_request")
    return Explanation{"The request is missing the token or sends it more than once.",
                       "Send the token exactly once, in the Authorization header.",
                       "RFC 6750 §3.1"};
  return std::nullopt;
}

}  // namespace icopilot::assistant
