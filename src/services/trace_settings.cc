#include "services/trace_settings.h"

#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

absl::StatusOr<std::vector<std::string>> Strings(const boost::json::object& object,
                                                 std::string_view key) {
  std::vector<std::string> out;
  const auto* value = object.if_contains(key);
  if (value == nullptr) return out;
  if (!value->is_array()) return absl::InvalidArgumentError(StrCat(key, ": an array of strings"));
  for (const auto& item : value->as_array()) {
    if (!item.is_string() || item.as_string().empty())
      return absl::InvalidArgumentError(StrCat(key, ": an array of non-empty strings"));
    out.emplace_back(item.as_string());
  }
  if (out.size() > 200) return absl::InvalidArgumentError(StrCat(key, ": at most 200"));
  return out;
}

absl::StatusOr<std::int64_t> Bounded(const boost::json::object& object, std::string_view key,
                                     std::int64_t fallback, std::int64_t low, std::int64_t high) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return fallback;
  if (!value->is_int64() || value->as_int64() < low || value->as_int64() > high)
    return absl::InvalidArgumentError(
        StrCat("retention.", key, ": an integer from ", low, " to ", high));
  return value->as_int64();
}

}  // namespace

absl::StatusOr<TraceSettings> ReadTraceSettings(const boost::json::value& json) {
  const auto* object = json.if_object();
  if (object == nullptr) return absl::InvalidArgumentError("trace settings must be an object");
  for (const auto& [key, value] : *object) {
    if (key != "secret_fields" && key != "patterns" && key != "pointers" && key != "retention")
      return absl::InvalidArgumentError(StrCat(std::string_view(key), ": unknown field"));
  }
  TraceSettings settings;
  ASSIGN_OR_RETURN(settings.redaction.secret_fields, Strings(*object, "secret_fields"));
  ASSIGN_OR_RETURN(settings.redaction.pointers, Strings(*object, "pointers"));
  if (const auto* patterns = object->if_contains("patterns")) {
    if (!patterns->is_array())
      return absl::InvalidArgumentError("patterns: an array of {name, pattern}");
    std::size_t index = 0;
    for (const auto& item : patterns->as_array()) {
      const auto* entry = item.if_object();
      const auto* name = entry ? entry->if_contains("name") : nullptr;
      const auto* pattern = entry ? entry->if_contains("pattern") : nullptr;
      if (name == nullptr || pattern == nullptr || !name->is_string() || !pattern->is_string() ||
          name->as_string().empty() || pattern->as_string().empty() || entry->size() != 2)
        return absl::InvalidArgumentError(
            StrCat("patterns.", index, ": must be {\"name\": ..., \"pattern\": ...}"));
      settings.redaction.patterns.emplace_back(std::string(name->as_string()),
                                               std::string(pattern->as_string()));
      ++index;
    }
  }
  if (const auto* retention = object->if_contains("retention")) {
    const auto* fields = retention->if_object();
    if (fields == nullptr)
      return absl::InvalidArgumentError("retention: an object {max_age_days, max_count}");
    ASSIGN_OR_RETURN(settings.max_age_days,
                     Bounded(*fields, "max_age_days", settings.max_age_days, 1, 3650));
    ASSIGN_OR_RETURN(settings.max_count,
                     Bounded(*fields, "max_count", settings.max_count, 1, 100'000'000));
  }
  // Compiling is the check. Each rule alone first, so that the error names its field
  // (a form marks the line); then all together.
  for (std::size_t i = 0; i < settings.redaction.patterns.size(); ++i) {
    traces::RedactionRules one;
    one.patterns.push_back(settings.redaction.patterns[i]);
    if (!traces::Redactor::Create(one).ok())
      return absl::InvalidArgumentError(StrCat("patterns.", i, ".pattern: '",
                                               settings.redaction.patterns[i].first,
                                               "' is not a valid RE2 expression"));
  }
  for (std::size_t i = 0; i < settings.redaction.pointers.size(); ++i) {
    traces::RedactionRules one;
    one.pointers.push_back(settings.redaction.pointers[i]);
    if (!traces::Redactor::Create(one).ok())
      return absl::InvalidArgumentError(
          StrCat("pointers.", i, ": '", settings.redaction.pointers[i],
                 "' is not a JSON Pointer below the root (\"/a/b\")"));
  }
  RETURN_IF_ERROR(traces::Redactor::Create(settings.redaction).status());
  return settings;
}

TraceSettings DecodeTraceSettings(std::string_view json) {
  auto parsed = ParseJson(json);
  if (!parsed.ok()) return {};
  auto settings = ReadTraceSettings(*parsed);
  return settings.ok() ? *std::move(settings) : TraceSettings{};
}

boost::json::object TraceSettingsJson(const TraceSettings& settings) {
  boost::json::array secret_fields, pointers, patterns;
  for (const auto& field : settings.redaction.secret_fields) secret_fields.emplace_back(field);
  for (const auto& pointer : settings.redaction.pointers) pointers.emplace_back(pointer);
  for (const auto& [name, pattern] : settings.redaction.patterns)
    patterns.push_back(boost::json::object{{"name", name}, {"pattern", pattern}});
  return {{"secret_fields", std::move(secret_fields)},
          {"patterns", std::move(patterns)},
          {"pointers", std::move(pointers)},
          {"retention", boost::json::object{{"max_age_days", settings.max_age_days},
                                            {"max_count", settings.max_count}}}};
}

}  // namespace icopilot::services
