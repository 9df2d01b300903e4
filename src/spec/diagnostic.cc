#include "spec/diagnostic.h"

#include <algorithm>

namespace icopilot::spec {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

void Diagnostics::Add(std::string rule, Severity severity, std::string message, std::string file,
                      std::string pointer) {
  items_.push_back({std::move(rule), severity, std::move(message), std::move(file), std::move(pointer), 0, 0});
}

bool Diagnostics::has_errors() const { return Count(Severity::kError) > 0; }

int Diagnostics::Count(Severity severity) const {
  return static_cast<int>(
      std::count_if(items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace icopilot::spec
