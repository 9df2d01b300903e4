// How commands talk to people and scripts: colour only on a terminal, JSON on request.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace icopilot::cli {

enum ExitCode { kExitOk = 0, kExitProblems = 1, kExitUsage = 2 };

enum class Format { kText, kJson };

// True when stdout is a terminal and NO_COLOR is unset.
bool UseColor();

// Wraps `text` in an ANSI style when colour is on: "bold", "green", "yellow", "red", "dim".
std::string Styled(std::string_view style, std::string_view text);

// Prints "icopilot: <message>" to stderr and returns kExitUsage.
int UsageError(std::string_view message);
int UsageError(const absl::Status& status);

}  // namespace icopilot::cli
