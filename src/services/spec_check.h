// What the spec engine says of a document a vendor uploads, in the services' own terms (the
// API layer never includes an engine): whether it is usable, and each problem at its line
// and column, so a portal can point at it.
#pragma once

#include <string>
#include <vector>

namespace icopilot::spec {
struct LoadedSpec;
}

namespace icopilot::services {

struct SpecProblem {
  std::string severity;  // "error", "warning", "info"
  std::string rule;      // "unresolved-ref"
  std::string message;
  std::string pointer;  // JSON pointer into the document, "" for the whole
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;
};

struct SpecCheck {
  bool usable = false;
  std::string unusable_reason;  // when not usable
  std::vector<SpecProblem> problems;
};

SpecCheck CheckOf(const spec::LoadedSpec& loaded);

}  // namespace icopilot::services
