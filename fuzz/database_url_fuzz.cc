// --database and ICOPILOT_DATABASE values: parsed, and redacted for logs. A redacted URL
// redacts to itself, and a password written as user:PASSWORD@ never survives redaction.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/database_url.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)icopilot::store::ParseDatabaseUrl(text, "default.db");
  const std::string redacted = icopilot::store::RedactDatabaseUrl(text);
  if (icopilot::store::RedactDatabaseUrl(redacted) != redacted) std::abort();
  // The same text with a known password in the user part.
  const std::string with_password = "postgres://u:Zq7pW@" + text;
  if (icopilot::store::RedactDatabaseUrl(with_password).find("Zq7pW") != std::string::npos &&
      text.find("Zq7pW") == std::string::npos) {
    std::abort();
  }
  return 0;
}
