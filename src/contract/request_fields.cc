#include "contract/request_fields.h"

#include "contract/form_body.h"
#include "contract/request_check.h"
#include "core/json.h"
#include "core/json_pointer.h"
#include "core/strings.h"
#include "net/http.h"
#include "schema/node_lookup.h"

namespace icopilot::contract {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::uint8_t ParameterTypes(const SpecSchemas& schemas, const spec::Parameter& parameter,
                            std::uint8_t& item_types) {
  auto compiled = schemas.Get(parameter.schema);
  if (!compiled.ok()) return 0;
  const schema::Node* root = (*compiled)->compiled().root;
  item_types = schema::TypesOf(schema::ItemsOf(root));
  return schema::TypesOf(root);
}

boost::json::value Typed(const std::vector<std::string>& values, std::uint8_t types,
                         std::uint8_t item_types) {
  if (values.size() == 1 && !(types & schema::kArray)) return ReadAsType(values.front(), types);
  boost::json::array items;
  for (const auto& value : values) items.push_back(ReadAsType(value, item_types));
  return items;
}

const spec::Parameter* FindParameter(const spec::Operation& operation, spec::ParameterIn in,
                                     std::string_view name) {
  for (const auto& parameter : operation.parameters) {
    if (parameter.in != in) continue;
    if (in == spec::ParameterIn::kHeader ? net::EqualsIgnoreCase(parameter.name, name)
                                         : parameter.name == name) {
      return &parameter;
    }
  }
  return nullptr;
}

// The schema of a property or an array item named `token` below `node`, looking into
// `anyOf` and `oneOf` branches too (a field any branch defines is a field of the body).
const schema::Node* FieldNode(const schema::Node& node, std::string_view token, int depth) {
  if (depth > 16) return nullptr;
  const schema::Node& target = schema::RefTarget(node);
  if (!token.empty() && token.find_first_not_of("0123456789") == std::string_view::npos) {
    if (const schema::Node* items = schema::ItemsOf(&target)) return items;
  }
  if (const schema::Node* property = schema::PropertyNode(target, token)) return property;
  const schema::Node* found = nullptr;
  auto search_branches = [&](const std::vector<const schema::Node*>& branches) {
    for (const schema::Node* branch : branches) {
      if (found == nullptr) found = FieldNode(*branch, token, depth + 1);
    }
  };
  schema::ForEachPart(target, [&](const schema::Node& part) {
    search_branches(part.any_of);
    search_branches(part.one_of);
  });
  return found;
}

}  // namespace

boost::json::object ConditionInput(
    const SpecSchemas& schemas, const spec::Operation& operation, const net::Request& request,
    const std::vector<std::pair<std::string, std::string>>& path_params) {
  boost::json::object input;
  boost::json::object headers;
  for (const auto& [name, value] : request.headers.fields()) {
    std::string key = Lower(name);
    if (!headers.contains(key)) headers[key] = value;
  }
  input["headers"] = std::move(headers);

  boost::json::object query;
  for (auto& [name, value] : ParseQueryString(request.query)) {
    auto& slot = query[name];
    if (slot.is_null()) {
      slot = boost::json::string(value);
    } else if (slot.is_array()) {
      slot.as_array().emplace_back(value);
    } else {
      boost::json::array values{slot, boost::json::string(value)};
      slot = std::move(values);
    }
  }
  boost::json::object path;
  for (const auto& [name, value] : path_params) path[name] = value;
  for (const auto& parameter : operation.parameters) {
    if (parameter.in != spec::ParameterIn::kQuery && parameter.in != spec::ParameterIn::kPath) {
      continue;
    }
    std::vector<std::string> values;
    if (parameter.in == spec::ParameterIn::kQuery) {
      values = ValuesSent(request, parameter.in, parameter.name);
    } else if (const auto* sent = path.if_contains(parameter.name); sent && sent->is_string()) {
      values.emplace_back(sent->get_string());
    }
    if (values.empty()) continue;
    std::uint8_t item_types = 0;
    std::uint8_t types = ParameterTypes(schemas, parameter, item_types);
    if (types == 0) continue;
    (parameter.in == spec::ParameterIn::kQuery ? query : path)[parameter.name] =
        Typed(values, types, item_types);
  }
  input["query"] = std::move(query);
  input["path"] = std::move(path);

  std::string content_type(request.headers.Find("content-type").value_or(""));
  if (!request.body.empty() && (content_type.empty() || IsJsonMediaType(content_type))) {
    if (auto body = ParseJson(request.body); body.ok()) input["body"] = std::move(*body);
  } else if (!request.body.empty()) {
    if (auto body = RequestBodyObject(schemas, operation, request))
      input["body"] = std::move(*body);
  }
  return input;
}

absl::Status CheckRequestField(const SpecSchemas& schemas, const spec::Operation& operation,
                               std::string_view pointer) {
  if (pointer.empty()) return absl::OkStatus();
  std::vector<std::string> tokens;
  if (!SplitPointer(pointer, tokens) || tokens.empty()) {
    return absl::InvalidArgumentError(StrCat("'", pointer, "' is not a JSON Pointer"));
  }
  const std::string& where = tokens.front();
  if (where == "path" || where == "query" || where == "headers" || where == "cookies") {
    if (tokens.size() != 2) {
      return absl::InvalidArgumentError(
          StrCat("'", pointer, "': a parameter is named by /", where, "/NAME"));
    }
    spec::ParameterIn in = where == "path"      ? spec::ParameterIn::kPath
                           : where == "query"   ? spec::ParameterIn::kQuery
                           : where == "headers" ? spec::ParameterIn::kHeader
                                                : spec::ParameterIn::kCookie;
    if (FindParameter(operation, in, tokens[1]) == nullptr) {
      return absl::NotFoundError(StrCat(operation.operation_id, " has no ", spec::LocationName(in),
                                        " parameter '", tokens[1], "'"));
    }
    return absl::OkStatus();
  }
  if (where != "body") {
    return absl::InvalidArgumentError(
        StrCat("'", pointer,
               "' points nowhere in a request: start with /body, /query, /path, /headers or "
               "/cookies, or leave it empty for the whole operation"));
  }
  if (!operation.request_body) {
    return absl::NotFoundError(StrCat(operation.operation_id, " takes no request body"));
  }
  if (tokens.size() == 1) return absl::OkStatus();
  const spec::MediaType* media = nullptr;
  for (const auto& candidate : operation.request_body->content) {
    if (candidate.schema != nullptr &&
        (media == nullptr || IsJsonMediaType(candidate.media_type))) {
      media = &candidate;
    }
  }
  auto compiled = media == nullptr ? absl::NotFoundError("no schema") : schemas.Get(media->schema);
  if (!compiled.ok()) {
    return absl::NotFoundError(StrCat(operation.operation_id, "'s request body has no schema"));
  }
  const schema::Node* node = (*compiled)->compiled().root;
  std::string walked = "/body";
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    node = node == nullptr ? nullptr : FieldNode(*node, tokens[i], 0);
    if (node == nullptr) {
      return absl::NotFoundError(StrCat(operation.operation_id, "'s request body has no field ",
                                        walked, "/", EscapePointerToken(tokens[i])));
    }
    AppendPointerToken(walked, tokens[i]);
  }
  return absl::OkStatus();
}

std::string LocationPointer(std::string_view location) {
  std::size_t dot = location.find('.');
  std::size_t slash = location.find('/');
  if (location.starts_with("body")) return StrCat("/", location);
  if (dot == std::string_view::npos || (slash != std::string_view::npos && slash < dot)) {
    return StrCat("/", location);
  }
  std::string_view in = location.substr(0, dot);
  std::string pointer;
  AppendPointerToken(pointer, in == "header" ? "headers" : in == "cookie" ? "cookies" : in);
  AppendPointerToken(pointer, location.substr(dot + 1));
  return pointer;
}

std::vector<std::pair<std::string, std::string>> PathParamsFromTail(
    const spec::Operation& operation, std::string_view path) {
  auto split = [](std::string_view text) {
    std::vector<std::string_view> segments;
    while (!text.empty()) {
      if (text.front() == '/') {
        text.remove_prefix(1);
        continue;
      }
      const auto slash = text.find('/');
      segments.push_back(text.substr(0, slash));
      text = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
    }
    return segments;
  };
  const auto templated = split(operation.path);
  const auto sent = split(path);
  std::vector<std::pair<std::string, std::string>> params;
  if (sent.size() < templated.size()) return params;
  const std::size_t offset = sent.size() - templated.size();
  for (std::size_t i = 0; i < templated.size(); ++i) {
    const std::string_view segment = templated[i];
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      params.emplace_back(std::string(segment.substr(1, segment.size() - 2)),
                          PercentDecode(sent[offset + i]));
    }
  }
  return params;
}

}  // namespace icopilot::contract
