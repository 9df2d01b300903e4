// A vendor's plan template as PUT sends it: JSON text read by ReadPlanTemplate. It must be
// refused with a message naming the place, or read into a template that writes back to
// JSON which reads again to the same template; never a crash, a hang or unbounded work.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "services/plan_template.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = icopilot::ParseJson(text);
  if (!json.ok()) return 0;
  auto plan = icopilot::services::ReadPlanTemplate(*json);
  if (!plan.ok()) {
    if (plan.status().message().find(": ") == std::string_view::npos) std::abort();  // says where
    return 0;
  }
  const std::string written = boost::json::serialize(icopilot::services::PlanTemplateJson(*plan));
  auto again = icopilot::services::ReadPlanTemplate(*icopilot::ParseJson(written));
  if (!again.ok()) std::abort();
  if (boost::json::serialize(icopilot::services::PlanTemplateJson(*again)) != written) std::abort();
  return 0;
}
