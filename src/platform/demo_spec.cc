#include "platform/demo_spec.h"

#include <array>
#include <utility>

#include "core/strings.h"

namespace icopilot::platform {

absl::StatusOr<std::string> DemoSandboxSpec() {
  // Each line the sandbox's build differs in, and what it says there instead.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kChanges{{
      {"  version: \"2026-11-15\"\n", "  version: \"2026-09-01\"\n"},
      {"          enum: [pending, succeeded, failed]\n",
       "          enum: [processing, succeeded, failed]\n"},
      {"        status: pending\n", "        status: processing\n"},
  }};
  std::string document(DemoPaymentsSpec());
  for (const auto& [from, to] : kChanges) {
    const auto at = document.find(from);
    if (at == std::string::npos || document.find(from, at + 1) != std::string::npos)
      return absl::DataLossError(
          StrCat("examples/payments-api.yaml: the sandbox's build expects the line '",
                 from.substr(0, from.size() - 1), "' exactly once"));
    document.replace(at, from.size(), to);
  }
  return document;
}

}  // namespace icopilot::platform
