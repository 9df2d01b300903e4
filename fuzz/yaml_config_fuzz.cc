// icopilot.yaml: any input gives items or a CLI11 conversion error.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/yaml_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
  try {
    (void)icopilot::cli::YamlConfig().from_config(input);
  } catch (const CLI::Error&) {
    // A clear error is the expected answer to bad input.
  }
  return 0;
}
