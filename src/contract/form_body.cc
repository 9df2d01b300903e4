#include "contract/form_body.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "contract/request_check.h"
#include "core/strings.h"
#include "schema/node_lookup.h"

namespace icopilot::contract {
namespace {

constexpr std::size_t kMaxParts = 1000;

// The value of `name` among `; name=value` parameters of a header, unquoted.
std::string HeaderParameter(std::string_view header, std::string_view name) {
  for (std::string_view part : SplitAndTrim(header, ';')) {
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (ToLower(TrimWhitespace(part.substr(0, eq))) != name) continue;
    std::string_view value = TrimWhitespace(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return "";
}

}  // namespace

absl::StatusOr<std::vector<FormField>> ParseUrlEncodedForm(std::string_view body) {
  std::vector<FormField> fields;
  for (auto& [name, value] : ParseQueryString(body, /*plus_is_space=*/true)) {
    if (fields.size() == kMaxParts)
      return absl::InvalidArgumentError("body: more than 1000 form fields");
    fields.push_back({std::move(name), std::move(value), false});
  }
  return fields;
}

absl::StatusOr<std::vector<FormField>> ParseMultipartForm(std::string_view body,
                                                          std::string_view content_type) {
  const std::string boundary = HeaderParameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200)
    return absl::InvalidArgumentError("body: multipart without a boundary in its Content-Type");
  const std::string delimiter = StrCat("--", boundary);
  std::vector<FormField> fields;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos)
    return absl::InvalidArgumentError("body: the multipart boundary never appears");
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return fields;  // the closing boundary
    if (body.substr(at, 2) != "\r\n")
      return absl::InvalidArgumentError("body: a multipart boundary is not followed by CRLF");
    at += 2;
    std::size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos)
      return absl::InvalidArgumentError("body: a multipart part has no end of headers");
    std::string_view headers = body.substr(at, headers_end - at);
    std::size_t content_start = headers_end + 4;
    std::size_t next = body.find(StrCat("\r\n", delimiter), content_start);
    if (next == std::string_view::npos)
      return absl::InvalidArgumentError("body: the closing multipart boundary is missing");
    FormField field;
    bool named = false;
    for (std::string_view line : Split(headers, '\n')) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      if (ToLower(TrimWhitespace(line.substr(0, colon))) != "content-disposition") continue;
      std::string_view value = line.substr(colon + 1);
      field.name = HeaderParameter(value, "name");
      named = value.find("name=") != std::string_view::npos;
      field.file = value.find("filename=") != std::string_view::npos;
    }
    if (!named)
      return absl::InvalidArgumentError(
          StrCat("body: multipart part ", fields.size() + 1, " has no Content-Disposition name"));
    field.value = std::string(body.substr(content_start, next - content_start));
    if (fields.size() == kMaxParts)
      return absl::InvalidArgumentError("body: more than 1000 multipart parts");
    fields.push_back(std::move(field));
    at = next + 2;
  }
}

boost::json::object FormToObject(const std::vector<FormField>& fields, const schema::Node* root) {
  boost::json::object object;
  for (const FormField& field : fields) {
    const schema::Node* property =
        root != nullptr ? schema::PropertyNode(*root, field.name) : nullptr;
    std::uint8_t types = schema::TypesOf(property);
    bool array = (types & schema::kArray) != 0;
    boost::json::value value =
        field.file
            ? boost::json::value(field.value)
            : ReadAsType(field.value, array ? schema::TypesOf(schema::ItemsOf(property)) : types);
    auto* existing = object.if_contains(field.name);
    if (existing == nullptr) {
      if (array) {
        object[field.name] = boost::json::array{std::move(value)};
      } else {
        object[field.name] = std::move(value);
      }
    } else if (existing->is_array() && array) {
      existing->as_array().push_back(std::move(value));
    } else {
      // The same name twice for a property that is not an array: keep both, so the
      // validator reports the type.
      boost::json::array both{*existing, std::move(value)};
      *existing = std::move(both);
    }
  }
  return object;
}

}  // namespace icopilot::contract
