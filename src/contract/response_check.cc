#include "contract/response_check.h"

#include <cctype>

#include "core/json.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/node_lookup.h"

namespace icopilot::contract {
namespace {

void AddProblems(std::vector<Violation>& out, std::string_view where,
                 const std::vector<schema::Problem>& problems) {
  for (const auto& e : problems) {
    out.push_back({StrCat(where, e.instance_path), ViolationText(where, e.message),
                   e.schema_path.substr(e.schema_path.rfind('/') + 1)});
  }
}

// A `oneOf` whose branches overlap is the spec's defect: read as `anyOf`, with a warning.
constexpr schema::ValidateOptions kResponseOptions{.direction = schema::Direction::kResponse,
                                                   .strict_one_of = false};

}  // namespace

const spec::Response* DocumentedResponse(const spec::Operation& op, int status) {
  const spec::Response* range = nullptr;
  const spec::Response* fallback = nullptr;
  for (const auto& r : op.responses) {
    if (r.status == "default") fallback = &r;
    if (r.status.size() != 3 || r.status[0] - '0' != status / 100) continue;
    if ((r.status[1] == 'X' || r.status[1] == 'x') && (r.status[2] == 'X' || r.status[2] == 'x')) {
      range = &r;
    } else if (std::isdigit(static_cast<unsigned char>(r.status[1])) &&
               std::isdigit(static_cast<unsigned char>(r.status[2])) &&
               std::stoi(r.status) == status) {
      return &r;
    }
  }
  return range != nullptr ? range : fallback;
}

std::string DocumentedStatuses(const spec::Operation& op) {
  std::string out;
  for (const auto& r : op.responses) out += StrCat(out.empty() ? "" : ", ", r.status);
  return out.empty() ? "none" : out;
}

ResponseCheck CheckResponse(const SpecSchemas& schemas, const spec::Operation& op, int status,
                            const net::Headers& headers, std::string_view body) {
  ResponseCheck check;
  check.documented = DocumentedResponse(op, status);
  if (check.documented == nullptr) return check;
  const spec::Response& documented = *check.documented;

  for (const spec::Header& header : documented.headers) {
    std::string where = StrCat("header.", ToLower(header.name));
    auto value = headers.Find(header.name);
    if (!value) {
      if (header.required)
        check.headers.push_back({where, StrCat(where, " is required"), "required"});
      continue;
    }
    auto compiled = schemas.Get(header.schema);
    if (!compiled.ok()) continue;
    std::uint8_t types = schema::TypesOf((*compiled)->compiled().root);
    if (types & (schema::kObject | schema::kArray)) continue;  // not read from text yet
    AddProblems(check.headers, where,
                (*compiled)->Validate(ReadAsType(*value, types), kResponseOptions).errors);
  }

  if (body.empty() || documented.content.empty()) return check;
  std::string content_type(headers.Find("content-type").value_or(""));
  const spec::MediaType* media = MatchMediaType(documented.content, content_type);
  if (media == nullptr) {
    std::string listed;
    for (const auto& m : documented.content)
      listed += StrCat(listed.empty() ? "" : ", ", m.media_type);
    check.content_type_problem =
        content_type.empty()
            ? StrCat("the answer has a body but no Content-Type (documented: ", listed, ")")
            : StrCat("Content-Type '", content_type, "' is not documented for ", documented.status,
                     " (documented: ", listed, ")");
    return check;
  }
  if (!IsJsonMediaType(media->media_type) || media->schema == nullptr) return check;
  auto compiled = schemas.Get(media->schema);
  if (!compiled.ok()) return check;
  check.body_checked = true;
  auto parsed = ParseJson(body);
  if (!parsed.ok()) {
    check.body.push_back(
        {"body", StrCat("body: not JSON: ", std::string(parsed.status().message())), "json"});
    return check;
  }
  schema::ValidationResult result = (*compiled)->Validate(*parsed, kResponseOptions);
  AddProblems(check.body, "body", result.errors);
  AddProblems(check.body_warnings, "body", result.warnings);
  return check;
}

}  // namespace icopilot::contract
