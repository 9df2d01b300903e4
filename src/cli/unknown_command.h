// A command line naming a command that does not exist gets a message naming it and the
// nearest known ones, instead of CLI11's "A subcommand is required" (which is also what
// `icopilot db copy --help` would print with the top-level help and exit 0).
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace icopilot::cli {

// The message for the first word of `argv` that should name a subcommand of the command
// before it and names none; nullopt when every command word is known.
std::optional<std::string> UnknownCommand(const CLI::App& root, int argc, char** argv);

// Edit distance between two words (insertions, deletions, substitutions).
std::size_t EditDistance(const std::string& a, const std::string& b);

}  // namespace icopilot::cli
