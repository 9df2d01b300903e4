// request-validation.*: requests broken in one place must be refused with 400 or 422.
// The same broken requests serve error-handling.no-server-error-on-bad-input and
// response-conformance.error-body-schema.
#include <algorithm>
#include <map>

#include "absl/strings/str_join.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "contract/response_check.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "golden/case_context.h"
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
  if (p.in == "query")
    SetQueryParameter(request, p.name, value);
  else if (p.in == "cookie")
    SetCookie(request, p.name, value);
  else if (p.in == "header" && value != nullptr)
    request.headers.Set(p.name, *value);
  else if (p.in == "header")
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

bool Wants(std::string_view kind, std::string_view wanted) {
  return kind.empty() || kind == wanted;
}

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
    if (status == 415 && item.kind == "unsupported-media-type") continue;
    if (status == 401 || status == 403) {
      errors.push_back(StrCat(item.description, ": refused for its credentials (", status,
                              "), so validation could not be seen"));
    } else if (status / 100 == 5) {
      // Not an acceptance: a server error, which error-handling.no-server-error-on-bad-input
      // judges. Whether the input was validated cannot be seen.
      server_errors.push_back(StrCat(item.description, ": ", status));
    } else if (status / 100 == 2 || status / 100 == 3) {
      accepted.push_back(StrCat("expected ",
                                item.kind == "unsupported-media-type" ? "415" : "400 or 422", " ",
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

std::vector<InvalidRequest> InvalidRequests(CaseContext& context, std::string_view kind,
                                            std::size_t per_kind, std::string& why_none) {
  std::vector<InvalidRequest> out;
  auto valid = context.Valid();
  if (!valid.ok()) {
    why_none = StrCat("no valid request to start from: ", std::string(valid.status().message()));
    return out;
  }
  const spec::Operation& op = context.op();
  const contract::SpecSchemas& schemas = context.run.schemas;
  if (Wants(kind, "missing-required-parameter")) {
    std::size_t made = 0;
    for (const auto& p : op.parameters) {
      if (!p.required || p.in == "path" || made == per_kind) continue;
      if (contract::IsIgnoredHeaderParameter(p)) continue;
      net::Request request = *valid;
      if (!SetParameter(request, p, nullptr)) continue;
      out.push_back({"missing-required-parameter",
                     StrCat("without the required ", p.in, " parameter '", p.name, "'"), request});
      ++made;
    }
  }
  if (Wants(kind, "wrong-parameter-type")) {
    std::size_t made = 0;
    for (const auto& p : op.parameters) {
      if (made == per_kind) break;
      if (contract::IsIgnoredHeaderParameter(p)) continue;
      auto wrong = WrongText(schemas, p);
      if (!wrong) continue;
      net::Request request = *valid;
      if (p.in == "path") {
        auto built = context.ValidWithPath({{p.name, *wrong}});
        if (!built.ok()) continue;
        request = *built;
      } else if (!SetParameter(request, p, &*wrong)) {
        continue;
      }
      out.push_back({"wrong-parameter-type",
                     StrCat("with ", p.in, " parameter '", p.name, "' = '", *wrong, "'"), request});
      ++made;
    }
  }
  const spec::MediaType* json = JsonMedia(op);
  if (json != nullptr && (Wants(kind, "missing-required-field") ||
                          Wants(kind, "wrong-field-type") || Wants(kind, "constraint-violation"))) {
    auto compiled = schemas.Get(json->schema);
    absl::StatusOr<std::vector<schema::Negative>> negatives =
        compiled.ok() ? schema::GenerateInvalid(
                            **compiled, {.seed = 3, .direction = schema::Direction::kRequest})
                      : absl::StatusOr<std::vector<schema::Negative>>(compiled.status());
    if (negatives.ok()) {
      std::map<std::string, std::size_t> made;
      for (const auto& negative : *negatives) {
        std::string negative_kind = negative.keyword == "required"   ? "missing-required-field"
                                    : negative.keyword == "type"     ? "wrong-field-type"
                                    : IsConstraint(negative.keyword) ? "constraint-violation"
                                                                     : "";
        if (negative_kind.empty() || !Wants(kind, negative_kind) || made[negative_kind] == per_kind)
          continue;
        net::Request request = *valid;
        request.body = ReadableJson(negative.value);
        request.headers.Set("content-type", json->media_type.find('*') == std::string::npos
                                                ? json->media_type
                                                : std::string("application/json"));
        out.push_back({negative_kind,
                       StrCat("with a body that ", negative.description,
                              negative.instance_path.empty() ? "" : " at ", negative.instance_path),
                       request});
        ++made[negative_kind];
      }
    }
  }
  if (op.request_body && Wants(kind, "unsupported-media-type")) {
    std::string type = "text/plain";
    if (contract::MatchMediaType(op.request_body->content, type) != nullptr)
      type = "application/x-icopilot-unsupported";
    if (contract::MatchMediaType(op.request_body->content, type) == nullptr) {
      net::Request request = *valid;
      request.headers.Set("content-type", type);
      if (request.body.empty()) request.body = "icopilot";
      out.push_back({"unsupported-media-type", StrCat("with the body sent as ", type), request});
    }
  }
  if (json != nullptr && Wants(kind, "malformed-json")) {
    net::Request request = *valid;
    if (!contract::IsJsonMediaType(std::string(request.headers.Find("content-type").value_or(""))))
      request.headers.Set("content-type", "application/json");
    request.body = request.body.size() > 2 ? request.body.substr(0, request.body.size() / 2)
                                           : std::string("{\"");
    out.push_back({"malformed-json", "with a JSON body cut short", request});
  }
  if (out.empty()) why_none = "nothing in the operation's input can be broken alone";
  return out;
}

void EndWithoutInvalid(CaseContext& context, const std::string& why_none) {
  if (why_none.starts_with("no valid request")) return context.NotSetUp(why_none);
  context.NotApplicable(why_none);
}

void RunRequestValidationCase(CaseContext& context) {
  std::string_view kind = context.row.c->id;
  kind.remove_prefix(std::string_view("request-validation.").size());
  std::string why_none;
  const std::size_t per_kind = kind == "constraint-violation" ? 5 : 3;
  auto invalid = InvalidRequests(context, kind, per_kind, why_none);
  if (invalid.empty()) return EndWithoutInvalid(context, why_none);
  ExpectRefused(context, invalid);
}

}  // namespace icopilot::golden
