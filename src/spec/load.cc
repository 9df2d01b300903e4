#include "spec/load.h"

#include <cstdio>
#include <system_error>

#include "core/memory.h"
#include "spec/normalize.h"

namespace icopilot::spec {
namespace {

// A parse error names its place in words ("v2.yaml: line 7, column 1: ..."): the
// diagnostic carries it in its fields instead, as every other diagnostic does.
void PlaceParseError(Diagnostic& diagnostic) {
  const std::size_t at = diagnostic.message.find("line ");
  if (at == std::string::npos) return;
  int line = 0, column = 0, consumed = 0;
  if (std::sscanf(diagnostic.message.c_str() + at, "line %d, column %d: %n", &line, &column,
                  &consumed) == 2 &&
      consumed > 0) {
    diagnostic.line = line;
    diagnostic.column = column;
    diagnostic.message.erase(0, at + static_cast<std::size_t>(consumed));
  }
}

void Finish(absl::StatusOr<std::unique_ptr<SpecFiles>> files, const std::string& name,
            LoadedSpec& loaded) {
  if (!files.ok()) {
    loaded.unusable_reason = std::string(files.status().message());
    loaded.diagnostics.Add("unparsable", Severity::kError, loaded.unusable_reason, name, "");
    PlaceParseError(loaded.diagnostics.items().back());
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

// A document this large (or one refused, perhaps after expanding much of it) leaves
// megabytes freed in the C library's arenas: they go back to the system.
constexpr std::uintmax_t kBigDocument = 1 << 20;

void AfterParse(std::uintmax_t size, const LoadedSpec& loaded) {
  if (size >= kBigDocument || !loaded.spec) ReturnFreedMemory();
}

}  // namespace

LoadedSpec LoadSpec(const std::filesystem::path& path, const LoadOptions& options) {
  LoadedSpec loaded;
  Finish(SpecFiles::Load(path, options, loaded.diagnostics), path.string(), loaded);
  std::error_code ignored;
  AfterParse(std::filesystem::file_size(path, ignored), loaded);
  return loaded;
}

LoadedSpec LoadSpecText(std::string name, std::string text, const LoadOptions& options) {
  LoadedSpec loaded;
  const std::uintmax_t size = text.size();
  Finish(SpecFiles::FromText(name, std::move(text), options, loaded.diagnostics), name, loaded);
  AfterParse(size, loaded);
  return loaded;
}

LoadOptions StoredVersion() {
  LoadOptions options;
  options.limits.yaml_checked_before = true;
  return options;
}

}  // namespace icopilot::spec
