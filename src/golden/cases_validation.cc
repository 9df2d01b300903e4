// request-validation.*: requests broken in one place must be refused with 400 or 422.
// The same broken requests serve error-handling.no-server-error-on-bad-input and
// response-conformance.error-body-schema.
#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/str_join.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "contract/response_check.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "golden/case_context.h"
#include "golden/cases.h"
#include "schema/compiled_schema.h"
#include "schema/generator.h"
#include "schema/node_lookup.h"

namespace icopilot::golden {
namespace {

// Keywords whose breach a server is expected to refuse. `format` and
// `additionalProperties` are left out: many correct APIs accept unknown fields and do not
// check every format, and a golden suite must not raise false alarms.
bool IsConstraint(std::string_view keyword) {
  static constexpr std::string_view kKeywords[] = {"enum",
                                                   "const",
                                                   "pattern",
                                                   "minimum",
                                                   "maximum",
                                                   "exclusiveMinimum",
                                                   "exclusiveMaximum",
                                                   "minLength",
                                                   "maxLength",
                                                   "minItems",
                                                   "maxItems"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), keyword) != std::end(kKeywords);
}

}  // namespace

void SetQueryParameter(net::Request& request, std::string_view name, const std::string* value) {
  std::string query;
  for (const auto& [key, text] : ParseQueryString(request.query, false)) {
    if (key == name) continue;
    query += StrCat(query.empty() ? "" : "&", PercentEncode(key), "=", PercentEncode(text));
  }
  if (value != nullptr)
    query += StrCat(query.empty() ? "" : "&", PercentEncode(name), "=", PercentEncode(*value));
  request.query = query;
  request.target = request.path + (query.empty() ? "" : "?" + query);
}

namespace {

void SetCookie(net::Request& request, std::string_view name, const std::string* value) {
  std::string cookies;
  for (const auto& [key, field] : request.headers.fields()) {
    if (!net::EqualsIgnoreCase(key, "cookie")) continue;
    for (std::string_view pair : Split(field, ';')) {
      pair = TrimWhitespace(pair);
      if (pair.empty() || pair.substr(0, pair.find('=')) == name) continue;
      cookies += StrCat(cookies.empty() ? "" : "; ", pair);
    }
  }
  if (value != nullptr) cookies += StrCat(cookies.empty() ? "" : "; ", name, "=", *value);
  request.headers.Remove("cookie");
  if (!cookies.empty()) request.headers.Set("cookie", cookies);
}

bool SetParameter(net::Request& request, const spec::Parameter& p, const std::string* value) {
  if (p.in == spec::ParameterIn::kQuery)
    SetQueryParameter(request, p.name, value);
  else if (p.in == spec::ParameterIn::kCookie)
    SetCookie(request, p.name, value);
  else if (p.in == spec::ParameterIn::kHeader && value != nullptr)
    request.headers.Set(p.name, *value);
  else if (p.in == spec::ParameterIn::kHeader)
    request.headers.Remove(p.name);
  else
    return false;
  return true;
}

// A text the parameter's schema refuses, read as the server would read it.
std::optional<std::string> WrongText(const contract::SpecSchemas& schemas,
                                     const spec::Parameter& p) {
  auto compiled = schemas.Get(p.schema);
  if (!compiled.ok()) return std::nullopt;
  std::uint8_t types = schema::TypesOf((*compiled)->compiled().root);
  if (types & (schema::kObject | schema::kArray)) return std::nullopt;
  for (std::string text : {"icopilot-not-valid", "-1.5", "true"}) {
    auto verdict = (*compiled)->Validate(contract::ReadAsType(text, types), {.all_errors = false});
    if (!verdict.valid) return text;
  }
  return std::nullopt;
}

const spec::MediaType* JsonMedia(const spec::Operation& op) {
  if (!op.request_body) return nullptr;
  for (const auto& media : op.request_body->content) {
    if (contract::IsJsonMediaType(media.media_type)) return &media;
  }
  return nullptr;
}

bool Wants(std::optional<InvalidKind> kind, InvalidKind wanted) { return !kind || *kind == wanted; }

void ExpectRefused(CaseContext& context, const std::vector<InvalidRequest>& invalid) {
  std::vector<std::string> accepted, errors, notes, undocumented, server_errors;
  for (const InvalidRequest& item : invalid) {
    auto response = context.Send(item.request);
    if (!response.ok()) {
      errors.push_back(StrCat(item.description, ": ", std::string(response.status().message())));
      continue;
    }
    const int status = response->status;
    if (status == 400 || status == 422) continue;
    if (status == 415 && item.kind == InvalidKind::kUnsupportedMediaType) continue;
    if (status == 401 || status == 403) {
      errors.push_back(StrCat(item.description, ": refused for its credentials (", status,
                              "), so validation could not be seen"));
    } else if (status / 100 == 5) {
      // Not an acceptance: a server error, which error-handling.no-server-error-on-bad-input
      // judges. Whether the input was validated cannot be seen.
      server_errors.push_back(StrCat(item.description, ": ", status));
    } else if (status / 100 == 2 || status / 100 == 3) {
      accepted.push_back(StrCat(
          "expected ", item.kind == InvalidKind::kUnsupportedMediaType ? "415" : "400 or 422", " ",
          item.description, ", got ", status));
    } else if (contract::DocumentedResponse(context.op(), status) != nullptr) {
      notes.push_back(
          StrCat(item.description, ": refused with ", status, " where 400 or 422 is usual"));
    } else {
      // Refused, which is what matters; OpenAPI does not require every error to be listed.
      undocumented.push_back(StrCat(item.description, ": refused with ", status,
                                    ", which the operation does not document"));
    }
  }
  for (auto& note : notes) context.Note(std::move(note));
  if (!accepted.empty()) return context.Fail(absl::StrJoin(accepted, "; "));
  if (!errors.empty()) return context.Error(absl::StrJoin(errors, "; "));
  if (server_errors.size() == invalid.size()) {
    return context.Skip(StrCat("every invalid request got a server error (",
                               absl::StrJoin(server_errors, "; "),
                               "): see error-handling.no-server-error-on-bad-input"));
  }
  for (auto& failure : server_errors)
    context.Note(StrCat(failure, " (see error-handling.no-server-error-on-bad-input)"));
  if (!undocumented.empty()) return context.Warn(absl::StrJoin(undocumented, "; "));
  context.Pass(StrCat(invalid.size(),
                      invalid.size() == 1 ? " invalid request" : " invalid requests", " refused"));
}

}  // namespace

std::vector<InvalidRequest> InvalidRequests(CaseContext& context, std::optional<InvalidKind> kind,
                                            std::size_t per_kind, std::string& why_none) {
  std::vector<InvalidRequest> out;
  auto valid = context.Valid();
  if (!valid.ok()) {
    why_none = StrCat("no valid request to start from: ", std::string(valid.status().message()));
    return out;
  }
  const spec::Operation& op = context.op();
  const contract::SpecSchemas& schemas = context.run.schemas;
  if (Wants(kind, InvalidKind::kMissingRequiredParameter)) {
    std::size_t made = 0;
    for (const auto& p : op.parameters) {
      if (!p.required || p.in == spec::ParameterIn::kPath || made == per_kind) continue;
      if (contract::IsIgnoredHeaderParameter(p)) continue;
      net::Request request = *valid;
      if (!SetParameter(request, p, nullptr)) continue;
      out.push_back(
          {InvalidKind::kMissingRequiredParameter,
           StrCat("without the required ", spec::LocationName(p.in), " parameter '", p.name, "'"),
           request});
      ++made;
    }
  }
  if (Wants(kind, InvalidKind::kWrongParameterType)) {
    std::size_t made = 0;
    for (const auto& p : op.parameters) {
      if (made == per_kind) break;
      if (contract::IsIgnoredHeaderParameter(p)) continue;
      auto wrong = WrongText(schemas, p);
      if (!wrong) continue;
      net::Request request = *valid;
      if (p.in == spec::ParameterIn::kPath) {
        auto built = context.ValidWithPath({{p.name, *wrong}});
        if (!built.ok()) continue;
        request = *built;
      } else if (!SetParameter(request, p, &*wrong)) {
        continue;
      }
      out.push_back(
          {InvalidKind::kWrongParameterType,
           StrCat("with ", spec::LocationName(p.in), " parameter '", p.name, "' = '", *wrong, "'"),
           request});
      ++made;
    }
  }
  const spec::MediaType* json = JsonMedia(op);
  if (json != nullptr && (Wants(kind, InvalidKind::kMissingRequiredField) ||
                          Wants(kind, InvalidKind::kWrongFieldType) ||
                          Wants(kind, InvalidKind::kConstraintViolation))) {
    auto compiled = schemas.Get(json->schema);
    absl::StatusOr<std::vector<schema::Negative>> negatives =
        compiled.ok() ? schema::GenerateInvalid(
                            **compiled, {.seed = 3, .direction = schema::Direction::kRequest})
                      : absl::StatusOr<std::vector<schema::Negative>>(compiled.status());
    if (negatives.ok()) {
      std::map<InvalidKind, std::size_t> made;
      for (const auto& negative : *negatives) {
        std::optional<InvalidKind> negative_kind;
        if (negative.keyword == "required")
          negative_kind = InvalidKind::kMissingRequiredField;
        else if (negative.keyword == "type")
          negative_kind = InvalidKind::kWrongFieldType;
        else if (IsConstraint(negative.keyword))
          negative_kind = InvalidKind::kConstraintViolation;
        if (!negative_kind || !Wants(kind, *negative_kind) || made[*negative_kind] == per_kind)
          continue;
        net::Request request = *valid;
        request.body = ReadableJson(negative.value);
        request.headers.Set("content-type", json->media_type.find('*') == std::string::npos
                                                ? json->media_type
                                                : std::string("application/json"));
        out.push_back({*negative_kind,
                       StrCat("with a body that ", negative.description,
                              negative.instance_path.empty() ? "" : " at ", negative.instance_path),
                       request});
        ++made[*negative_kind];
      }
    }
  }
  if (op.request_body && Wants(kind, InvalidKind::kUnsupportedMediaType)) {
    std::string type = "text/plain";
    if (contract::MatchMediaType(op.request_body->content, type) != nullptr)
      type = "application/x-icopilot-unsupported";
    if (contract::MatchMediaType(op.request_body->content, type) == nullptr) {
      net::Request request = *valid;
      request.headers.Set("content-type", type);
      if (request.body.empty()) request.body = "icopilot";
      out.push_back(
          {InvalidKind::kUnsupportedMediaType, StrCat("with the body sent as ", type), request});
    }
  }
  if (json != nullptr && Wants(kind, InvalidKind::kMalformedJson)) {
    net::Request request = *valid;
    if (!contract::IsJsonMediaType(std::string(request.headers.Find("content-type").value_or(""))))
      request.headers.Set("content-type", "application/json");
    request.body = request.body.size() > 2 ? request.body.substr(0, request.body.size() / 2)
                                           : std::string("{\"");
    out.push_back({InvalidKind::kMalformedJson, "with a JSON body cut short", request});
  }
  if (out.empty()) why_none = "nothing in the operation's input can be broken alone";
  return out;
}

void EndWithoutInvalid(CaseContext& context, const std::string& why_none) {
  if (why_none.starts_with("no valid request")) return context.NotSetUp(why_none);
  context.NotApplicable(why_none);
}

namespace {

// The requests of one kind, which must each be refused.
template <InvalidKind kKind>
void ExpectInvalidRefused(CaseContext& context) {
  // Constraints are many and independent (enum, pattern, bounds): more of them are tried.
  const std::size_t per_kind = kKind == InvalidKind::kConstraintViolation ? 5 : 3;
  std::string why_none;
  auto invalid = InvalidRequests(context, kKind, per_kind, why_none);
  if (invalid.empty()) return EndWithoutInvalid(context, why_none);
  ExpectRefused(context, invalid);
}

bool HasRequiredParameter(const Subject& subject, std::string& why_not) {
  const auto& parameters = subject.op().parameters;
  if (std::any_of(parameters.begin(), parameters.end(), [](const auto& p) {
        return p.required && p.in != spec::ParameterIn::kPath &&
               !contract::IsIgnoredHeaderParameter(p);
      }))
    return true;
  why_not = "no required query, header or cookie parameter";
  return false;
}

// A parameter whose schema a wrong text can break: typed, enumerated, or a reference the
// runner resolves. The document's own words: `$ref`s are not followed here, the run
// decides with the compiled schema.
bool HasTypedParameter(const Subject& subject, std::string& why_not) {
  const auto& parameters = subject.op().parameters;
  if (std::any_of(parameters.begin(), parameters.end(), [](const spec::Parameter& p) {
        const auto* schema = p.schema != nullptr ? p.schema->if_object() : nullptr;
        if (schema == nullptr) return false;
        if (schema->contains("$ref") || schema->contains("enum")) return true;
        const auto* type = schema->if_contains("type");
        return type != nullptr && !(type->is_string() && type->as_string() == "string");
      }))
    return true;
  why_not = "every parameter is free text";
  return false;
}

bool TakesBody(const Subject& subject, std::string& why_not) {
  if (subject.op().request_body) return true;
  why_not = "the operation takes no body";
  return false;
}

// application/json or a +json type, whatever its parameters; a wildcard body documents
// no JSON to break.
bool TakesJsonBody(const Subject& subject, std::string& why_not) {
  const auto& body = subject.op().request_body;
  if (body && std::any_of(body->content.begin(), body->content.end(), [](const auto& media) {
        const std::string type = ToLower(TrimWhitespace(
            std::string_view(media.media_type).substr(0, media.media_type.find(';'))));
        return type == "application/json" || type.ends_with("+json");
      }))
    return true;
  why_not = "the operation takes no JSON body";
  return false;
}

}  // namespace

std::vector<Case> RequestValidationCases() {
  constexpr auto kCategory = TestCategory::kRequestValidation;
  constexpr std::string_view kRefused = "400 or 422";
  constexpr std::string_view kJsonBody = "operations with a JSON body";
  return {
      {"request-validation.missing-required-parameter", kCategory,
       "A missing required parameter is refused",
       "a valid request without one required query, header or cookie parameter",
       "400 or 422, never 2xx or 5xx",
       "operations with a required query, header or cookie parameter", kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract, "the parameter's required: true in the spec",
       HasRequiredParameter, ExpectInvalidRefused<InvalidKind::kMissingRequiredParameter>},
      {"request-validation.wrong-parameter-type", kCategory,
       "A parameter of the wrong type is refused",
       "a valid request with one parameter's value of another type ('abc' for an integer)",
       kRefused, "operations with a parameter that is not free text", kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract, "the parameter's schema in the spec",
       HasTypedParameter, ExpectInvalidRefused<InvalidKind::kWrongParameterType>},
      {"request-validation.missing-required-field", kCategory,
       "A body without a required field is refused",
       "a valid body with one required field left out (from the schema engine's negatives)",
       kRefused, "operations with a JSON body that has required fields", kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract,
       "the request body schema's required list in the spec", TakesJsonBody,
       ExpectInvalidRefused<InvalidKind::kMissingRequiredField>},
      {"request-validation.wrong-field-type", kCategory,
       "A body field of the wrong type is refused", "a valid body with one field of another type",
       kRefused, kJsonBody, kExchangeEvidence, Scope::kOperation, false, Rule::kContract,
       "the request body schema in the spec", TakesJsonBody,
       ExpectInvalidRefused<InvalidKind::kWrongFieldType>},
      {"request-validation.constraint-violation", kCategory,
       "A body breaking a constraint is refused",
       "a valid body broken in one constraint (enum, pattern, bounds, length), one at a time",
       kRefused, "operations with a JSON body whose schema has constraints", kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract,
       "the request body schema's constraints in the spec", TakesJsonBody,
       ExpectInvalidRefused<InvalidKind::kConstraintViolation>},
      {"request-validation.unsupported-media-type", kCategory,
       "A body in an undocumented media type is refused", "the body as text/plain",
       "415 (400 is accepted with a note)", "operations that take a request body",
       kExchangeEvidence, Scope::kOperation, false, Rule::kConvention,
       "RFC 9110 §15.5.16 (415); accepting another media type is lenient, not a breach", TakesBody,
       ExpectInvalidRefused<InvalidKind::kUnsupportedMediaType>},
      {"request-validation.malformed-json", kCategory, "Malformed JSON is refused",
       "a JSON body cut short", "400 or 422, never 5xx", kJsonBody, kExchangeEvidence,
       Scope::kOperation, false, Rule::kContract, "RFC 8259 (JSON) and the documented media type",
       TakesJsonBody, ExpectInvalidRefused<InvalidKind::kMalformedJson>},
  };
}

}  // namespace icopilot::golden
