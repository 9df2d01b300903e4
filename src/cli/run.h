// The command line: parses argv, reads icopilot.yaml, runs the chosen subcommand, and
// maps every outcome to DESIGN.md's exit codes (0 ok, 1 problems found, 2 usage).
#pragma once

namespace icopilot::cli {

int Run(int argc, char** argv);

}  // namespace icopilot::cli
