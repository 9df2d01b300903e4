// What changed between two versions of a spec, each change classified as breaking or not
// for a client, with where it is: the core of spec drift alerts.
#pragma once

#include <string>
#include <vector>

#include "spec/load.h"

namespace icopilot::spec {

struct Change {
  std::string rule;  // "operation-removed"
  bool breaking = false;
  std::string operation;  // "GET /pets/{petId}", "" for document-level changes
  std::string message;
  std::string side;  // "old" or "new": which document `file`/`pointer` refer to
  std::string file;
  std::string pointer;
  int line = 0;
  int column = 0;
};

// Both specs must be usable (LoadedSpec::spec set). Changes come in operation order,
// breaking ones first within an operation.
std::vector<Change> DiffSpecs(const LoadedSpec& old_spec, const LoadedSpec& new_spec);

}  // namespace icopilot::spec
