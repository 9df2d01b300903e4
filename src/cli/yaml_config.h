// Reads icopilot.yaml for CLI11: top-level keys are subcommands, nested keys their flags.
//
//   serve:
//     listen: 127.0.0.1:8080
//     rate-limit: api=600/min
//   admin:
//     backup:
//       data: ./var
//
// `${NAME}` in a value is replaced by the environment variable NAME (an error when unset),
// so secrets stay out of the file.
#pragma once

#include <CLI/CLI.hpp>

namespace icopilot::cli {

class YamlConfig : public CLI::Config {
 public:
  std::string to_config(const CLI::App*, bool, bool, std::string) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
};

// Replaces ${NAME} references. Throws CLI::ConversionError naming the variable when unset.
std::string ExpandEnvironment(const std::string& value);

}  // namespace icopilot::cli
