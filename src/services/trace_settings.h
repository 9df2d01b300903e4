// A project's trace settings: redaction rules of its own (secret field names, RE2
// patterns, JSON Pointers) and retention (maximum age and count). Stored as JSON; read
// from requests with errors naming the field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "traces/redaction.h"

namespace icopilot::services {

struct TraceSettings {
  traces::RedactionRules redaction;
  std::int64_t max_age_days = 30;
  std::int64_t max_count = 100'000;
};

// InvalidArgument naming the field (a pattern RE2 rejects, a pointer that is not one).
absl::StatusOr<TraceSettings> ReadTraceSettings(const boost::json::value& json);
// Stored text back; a stored text that no longer reads gives the defaults.
TraceSettings DecodeTraceSettings(std::string_view json);
boost::json::object TraceSettingsJson(const TraceSettings& settings);

}  // namespace icopilot::services
