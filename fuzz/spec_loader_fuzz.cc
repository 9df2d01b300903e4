// The spec engine's loader on untrusted text: parse (JSON or YAML), resolve $refs,
// normalize, build the blueprint. Any input gives a result or a diagnostic.
#include <cstddef>
#include <cstdint>
#include <string>

#include "spec/blueprint.h"
#include "spec/load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  icopilot::spec::LoadOptions options;
  options.limits.max_values = 200'000;  // keeps alias expansion cheap per run
  auto loaded = icopilot::spec::LoadSpecText(
      "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size), options);
  if (loaded.spec) (void)icopilot::spec::BuildBlueprint(*loaded.spec);
  return 0;
}
