#include "cli/hidden_passwords.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "store/database_url.h"

namespace icopilot::cli {

bool HidePasswordsInArguments(int argc, char** argv) {
  bool hidden = false;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument.find("postgres") == std::string::npos) continue;
    const std::size_t value = argument.starts_with("--") ? argument.find('=') + 1 : 0;
    const std::string redacted =
        argument.substr(0, value) + store::RedactDatabaseUrl(argument.substr(value));
    if (redacted == argument) continue;
    // The process list shows this memory: the redacted form, cut to the original length.
    std::memset(argv[i], 0, argument.size());
    std::memcpy(argv[i], redacted.data(), std::min(redacted.size(), argument.size()));
    hidden = true;
  }
  return hidden;
}

}  // namespace icopilot::cli
