#include "contract/request_check.h"

#include <cctype>
#include <charconv>

#include <boost/json/value.hpp>

#include "contract/form_body.h"
#include "core/json.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/node_lookup.h"

namespace icopilot::contract {
namespace {

using schema::ItemsOf;
using schema::TypesOf;

// The values a request carries for a parameter (several for an exploded query array).
std::vector<std::string> RawValues(
    const spec::Parameter& p, const net::Request& request,
    const std::vector<std::pair<std::string, std::string>>& path_params) {
  if (p.in != spec::ParameterIn::kPath) return ValuesSent(request, p.in, p.name);
  std::vector<std::string> out;
  for (const auto& [name, v] : path_params) {
    if (name == p.name) out.push_back(v);
  }
  return out;
}

// An object query parameter as its style writes it; nullopt when the request has none of it.
std::optional<boost::json::object> QueryObject(const spec::Parameter& p,
                                               const net::Request& request,
                                               const schema::Node& root) {
  boost::json::object object;
  auto put = [&](const std::string& key, std::string_view text) {
    const schema::Node* property = schema::PropertyNode(root, key);
    std::uint8_t types = TypesOf(property);
    boost::json::value value =
        ReadAsType(text, types & schema::kArray ? TypesOf(ItemsOf(property)) : types);
    if (auto* existing = object.if_contains(key)) {
      if (!existing->is_array()) *existing = boost::json::array{*existing};
      existing->as_array().push_back(std::move(value));
    } else if (types & schema::kArray) {
      object[key] = boost::json::array{std::move(value)};
    } else {
      object[key] = std::move(value);
    }
  };
  const std::vector<std::pair<std::string, std::string>> pairs = ParseQueryString(request.query);
  if (p.style == "deepObject") {
    const std::string prefix = StrCat(p.name, "[");
    for (const auto& [key, value] : pairs) {
      if (key.size() > prefix.size() + 1 && key.starts_with(prefix) && key.back() == ']')
        put(key.substr(prefix.size(), key.size() - prefix.size() - 1), value);
    }
  } else if (p.explode) {
    // Exploded form: each property is a parameter of its own.
    schema::ForEachPart(root, [&](const schema::Node& part) {
      for (const auto& [name, node] : part.properties) {
        for (const auto& [key, value] : pairs) {
          if (key == name) put(key, value);
        }
      }
    });
  } else {
    std::vector<std::string> sent = ValuesSent(request, spec::ParameterIn::kQuery, p.name);
    if (sent.empty()) return std::nullopt;
    std::vector<std::string_view> parts = Split(sent.front(), ',');
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2) put(std::string(parts[i]), parts[i + 1]);
  }
  // Leniency for what clients send whatever the style says: `name.prop=` (AWS),
  // `name[prop]=`, and the object as JSON.
  if (object.empty()) {
    for (const auto& [key, value] : pairs) {
      if (key.size() > p.name.size() + 1 && key.starts_with(p.name) &&
          (key[p.name.size()] == '.' || key[p.name.size()] == '[')) {
        std::string_view rest = std::string_view(key).substr(p.name.size() + 1);
        if (key[p.name.size()] == '[' && rest.ends_with("]")) rest.remove_suffix(1);
        put(std::string(rest), value);
      }
    }
  }
  if (object.empty()) {
    for (const auto& [key, value] : pairs) {
      if (key != p.name) continue;
      if (auto parsed = ParseJson(value); parsed.ok() && parsed->is_object())
        object = std::move(parsed->as_object());
    }
  }
  if (object.empty()) return std::nullopt;
  return object;
}

void AddProblems(RequestCheck& check, std::string_view where,
                 const schema::ValidationResult& result) {
  for (const auto& e : result.errors) {
    check.violations.push_back({StrCat(where, e.instance_path), ViolationText(where, e.message),
                                e.schema_path.substr(e.schema_path.rfind('/') + 1)});
  }
  for (const auto& w : result.warnings) check.warnings.push_back(StrCat(where, ": ", w.message));
}

}  // namespace

std::string ViolationText(std::string_view where, std::string_view message) {
  // The validator's message names the place inside the value ("name: ...", "[2]: ...",
  // "the value: ..."): put the message's part in front.
  return message.starts_with("the value: ") ? StrCat(where, ": ", message.substr(11))
         : message.starts_with("[")         ? StrCat(where, message)
                                            : StrCat(where, ".", message);
}

boost::json::value ReadAsType(std::string_view text, std::uint8_t types) {
  if (types & schema::kInteger) {
    std::int64_t i = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (ec == std::errc() && end == text.data() + text.size()) return i;
  }
  if (types & schema::kNumber) {
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc() && end == text.data() + text.size()) return d;
  }
  if (types & schema::kBoolean) {
    if (text == "true") return true;
    if (text == "false") return false;
  }
  if ((types & schema::kNull) && text == "null") return nullptr;
  return boost::json::value(text);
}

std::vector<std::string> ValuesSent(const net::Request& request, spec::ParameterIn in,
                                    std::string_view name) {
  std::vector<std::string> out;
  if (in == spec::ParameterIn::kQuery) {
    for (auto& [key, value] : ParseQueryString(request.query)) {
      if (key == name) out.push_back(std::move(value));
    }
  } else if (in == spec::ParameterIn::kHeader) {
    for (const auto& [field, v] : request.headers.fields()) {
      if (net::EqualsIgnoreCase(field, name)) out.push_back(v);
    }
  } else if (in == spec::ParameterIn::kCookie) {
    if (auto cookie = request.headers.Find("cookie")) {
      for (std::string_view pair : Split(*cookie, ';')) {
        pair = TrimWhitespace(pair);
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
          out.emplace_back(pair.substr(eq + 1));
      }
    }
  }
  return out;
}

bool IsJsonMediaType(std::string_view media_type) {
  std::string lower = ToLower(media_type.substr(0, media_type.find(';')));
  return lower == "application/json" || lower.ends_with("+json") || lower == "*/*" ||
         lower == "application/*";
}

const spec::MediaType* MatchMediaType(const std::vector<spec::MediaType>& content,
                                      std::string_view content_type) {
  // Types compare without their parameters, on both sides: a spec that documents
  // `application/json; charset=utf-8` is answered by exactly that.
  auto essence = [](std::string_view type) {
    return ToLower(TrimWhitespace(type.substr(0, type.find(';'))));
  };
  const std::string wanted = essence(content_type);
  const spec::MediaType* wildcard = nullptr;
  for (const auto& media : content) {
    const std::string offered = essence(media.media_type);
    if (offered == wanted) return &media;
    if (offered == "*/*" ||
        (offered.ends_with("/*") && wanted.starts_with(offered.substr(0, offered.size() - 1)))) {
      wildcard = &media;
    }
  }
  return wildcard;
}

RequestCheck CheckRequest(const SpecSchemas& schemas, const spec::Operation& operation,
                          const net::Request& request,
                          const std::vector<std::pair<std::string, std::string>>& path_params) {
  RequestCheck check;
  // A `oneOf` whose branches overlap is read as `anyOf`, with a warning (the spec's defect).
  const schema::ValidateOptions options{
      .direction = schema::Direction::kRequest, .all_errors = true, .strict_one_of = false};
  for (const spec::Parameter& p : operation.parameters) {
    // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored
    // (the media types and security schemes say those).
    if (p.in == spec::ParameterIn::kHeader &&
        (net::EqualsIgnoreCase(p.name, "accept") || net::EqualsIgnoreCase(p.name, "content-type") ||
         net::EqualsIgnoreCase(p.name, "authorization"))) {
      continue;
    }
    const std::string where = StrCat(spec::LocationName(p.in), ".", p.name);
    auto compiled = schemas.Get(p.schema);
    // Objects in the query: `filter[status]=open` (deepObject) or `status=open` (form,
    // exploded) or `filter=status,open` (form).
    if (p.in == spec::ParameterIn::kQuery && compiled.ok() &&
        (TypesOf((*compiled)->compiled().root) & schema::kObject)) {
      auto object = QueryObject(p, request, *(*compiled)->compiled().root);
      if (!object) {
        if (p.required)
          check.violations.push_back({where, StrCat(where, " is required"), "required"});
        continue;
      }
      AddProblems(check, where, (*compiled)->Validate(*object, options));
      continue;
    }
    std::vector<std::string> raw = RawValues(p, request, path_params);
    if (raw.empty()) {
      if (p.required)
        check.violations.push_back({where, StrCat(where, " is required"), "required"});
      continue;
    }
    if (!compiled.ok()) continue;  // no schema, or one the engine cannot read: nothing to check
    const schema::Node* root = (*compiled)->compiled().root;
    std::uint8_t types = TypesOf(root);
    // Objects in path, header and cookie parameters and arrays of objects (AWS's
    // `Tags.member.1`) are not read yet: say so rather than reject what may be right.
    if ((types & schema::kObject) ||
        ((types & schema::kArray) && (TypesOf(ItemsOf(root)) & schema::kObject))) {
      check.warnings.push_back(StrCat(where, ": object parameters are not checked yet"));
      continue;
    }
    boost::json::value value;
    if (types & schema::kArray) {
      std::uint8_t item_types = TypesOf(ItemsOf(root));
      boost::json::array items;
      std::vector<std::string_view> parts;
      if (raw.size() > 1 || (p.in == spec::ParameterIn::kQuery && p.explode && p.style == "form")) {
        for (const auto& r : raw) parts.push_back(r);
      } else {
        char separator = p.style == "spaceDelimited" ? ' ' : p.style == "pipeDelimited" ? '|' : ',';
        parts = Split(raw.front(), separator);
      }
      for (std::string_view part : parts) items.push_back(ReadAsType(part, item_types));
      value = std::move(items);
    } else {
      value = ReadAsType(raw.front(), types);
    }
    AddProblems(check, where, (*compiled)->Validate(value, options));
  }

  const bool has_body = !request.body.empty();
  if (!operation.request_body) return check;
  if (!has_body) {
    if (operation.request_body->required)
      check.violations.push_back({"body", "body: a request body is required", "required"});
    return check;
  }
  std::string content_type(request.headers.Find("content-type").value_or(""));
  const spec::MediaType* media = MatchMediaType(operation.request_body->content, content_type);
  if (media == nullptr) {
    check.unsupported_media_type = true;
    std::string offered;
    for (const auto& m : operation.request_body->content)
      offered += StrCat(offered.empty() ? "" : ", ", m.media_type);
    check.violations.push_back(
        {"header.content-type",
         StrCat("content type '", content_type.empty() ? "(none)" : content_type,
                "' is not one this operation takes (", offered, ")"),
         "content-type"});
    return check;
  }
  auto compiled = schemas.Get(media->schema);
  const std::string lower = ToLower(media->media_type);
  if (lower == "application/x-www-form-urlencoded" || lower == "multipart/form-data") {
    auto fields = lower == "multipart/form-data" ? ParseMultipartForm(request.body, content_type)
                                                 : ParseUrlEncodedForm(request.body);
    if (!fields.ok()) {
      check.violations.push_back({"body", std::string(fields.status().message()), "form"});
      return check;
    }
    if (compiled.ok()) {
      boost::json::value object = FormToObject(*fields, (*compiled)->compiled().root);
      AddProblems(check, "body", (*compiled)->Validate(object, options));
    }
    return check;
  }
  if (!IsJsonMediaType(media->media_type)) return check;  // other media types: not read
  auto body = ParseJson(request.body);
  if (!body.ok()) {
    check.violations.push_back(
        {"body", StrCat("body: not JSON: ", body.status().message()), "json"});
    return check;
  }
  if (compiled.ok()) AddProblems(check, "body", (*compiled)->Validate(*body, options));
  return check;
}

std::optional<boost::json::object> RequestBodyObject(const SpecSchemas& schemas,
                                                     const spec::Operation& operation,
                                                     const net::Request& request) {
  std::string content_type(request.headers.Find("content-type").value_or(""));
  const spec::MediaType* media = operation.request_body
                                     ? MatchMediaType(operation.request_body->content, content_type)
                                     : nullptr;
  const std::string lower = media != nullptr ? ToLower(media->media_type) : "";
  if (lower == "application/x-www-form-urlencoded" || lower == "multipart/form-data") {
    auto fields = lower == "multipart/form-data" ? ParseMultipartForm(request.body, content_type)
                                                 : ParseUrlEncodedForm(request.body);
    if (!fields.ok()) return std::nullopt;
    auto compiled = schemas.Get(media->schema);
    return FormToObject(*fields, compiled.ok() ? (*compiled)->compiled().root : nullptr);
  }
  auto parsed = ParseJson(request.body);
  if (!parsed.ok() || !parsed->is_object()) return std::nullopt;
  return std::move(parsed->as_object());
}

}  // namespace icopilot::contract
