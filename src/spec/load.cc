#include "spec/load.h"

#include "spec/normalize.h"

namespace icopilot::spec {
namespace {

void Finish(absl::StatusOr<std::unique_ptr<SpecFiles>> files, const std::string& name,
            LoadedSpec& loaded) {
  if (!files.ok()) {
    loaded.unusable_reason = std::string(files.status().message());
    loaded.diagnostics.Add("unparsable", Severity::kError, loaded.unusable_reason, name, "");
    return;
  }
  loaded.files = std::move(*files);
  auto spec = Normalize(*loaded.files, loaded.diagnostics);
  if (spec.ok())
    loaded.spec = std::move(*spec);
  else
    loaded.unusable_reason = std::string(spec.status().message());
  loaded.files->Place(loaded.diagnostics);
}

}  // namespace

LoadedSpec LoadSpec(const std::filesystem::path& path, const LoadOptions& options) {
  LoadedSpec loaded;
  Finish(SpecFiles::Load(path, options, loaded.diagnostics), path.string(), loaded);
  return loaded;
}

LoadedSpec LoadSpecText(std::string name, std::string text, const LoadOptions& options) {
  LoadedSpec loaded;
  Finish(SpecFiles::FromText(name, std::move(text), options, loaded.diagnostics), name, loaded);
  return loaded;
}

LoadOptions StoredVersion() {
  LoadOptions options;
  options.limits.yaml_checked_before = true;
  return options;
}

}  // namespace icopilot::spec
