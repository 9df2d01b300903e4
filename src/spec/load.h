// The spec engine's front door: read, resolve, normalize, place the diagnostics.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "spec/diagnostic.h"
#include "spec/model.h"
#include "spec/spec_files.h"

namespace icopilot::spec {

struct LoadedSpec {
  std::unique_ptr<SpecFiles> files;  // null when the root file could not be read or parsed
  std::optional<Spec> spec;          // nullopt when unusable
  Diagnostics diagnostics;           // placed (line and column filled in)
  std::string unusable_reason;       // why `spec` is empty
};

LoadedSpec LoadSpec(const std::filesystem::path& path, const LoadOptions& options = {});
LoadedSpec LoadSpecText(std::string name, std::string text, const LoadOptions& options = {});

// Options for a spec version the platform stored, which parsed when it was uploaded.
LoadOptions StoredVersion();

}  // namespace icopilot::spec
