// From parsed files to the model. Sloppy specs load with warnings; only a document that
// is not an object, or declares no OpenAPI/Swagger version this engine reads, is unusable
// (an error Status, also recorded as a diagnostic).
#pragma once

#include "absl/status/statusor.h"
#include "spec/diagnostic.h"
#include "spec/model.h"
#include "spec/spec_files.h"

namespace icopilot::spec {

absl::StatusOr<Spec> Normalize(const SpecFiles& files, Diagnostics& diagnostics);

}  // namespace icopilot::spec
