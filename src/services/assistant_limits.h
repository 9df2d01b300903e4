// How many questions the assistant answers per partner per project (429 past them).
#pragma once

namespace icopilot::services {

struct AssistantLimits {
  int per_hour = 30;
  int per_day = 200;
};

}  // namespace icopilot::services
