#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "core/strings.h"

namespace icopilot::cli {

bool UseColor() {
  static const bool color = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  return color;
}

std::string Styled(std::string_view style, std::string_view text) {
  if (!UseColor()) return std::string(text);
  std::string_view code = style == "bold" ? "1" : style == "green" ? "32" : style == "yellow" ? "33"
                          : style == "red" ? "31" : "2";
  return StrCat("\033[", code, "m", text, "\033[0m");
}

int UsageError(std::string_view message) {
  std::fprintf(stderr, "icopilot: %.*s\n", static_cast<int>(message.size()), message.data());
  return kExitUsage;
}

}  // namespace icopilot::cli

namespace icopilot::cli {

int UsageError(const absl::Status& status) { return UsageError(std::string(status.message())); }

}  // namespace icopilot::cli
