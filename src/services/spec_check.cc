#include "services/spec_check.h"

#include "spec/load.h"

namespace icopilot::services {

SpecCheck CheckOf(const spec::LoadedSpec& loaded) {
  SpecCheck check;
  check.usable = loaded.spec.has_value();
  check.unusable_reason = loaded.unusable_reason;
  for (const auto& d : loaded.diagnostics.items()) {
    check.problems.push_back({std::string(spec::SeverityName(d.severity)), d.rule, d.message,
                              d.pointer, d.line, d.column});
  }
  return check;
}

}  // namespace icopilot::services
