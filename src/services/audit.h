// Records one audit event inside the caller's transaction, so a write and its audit
// entry commit together or not at all.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "services/actor.h"
#include "store/database.h"

namespace icopilot::services {

absl::Status RecordAudit(store::SqlExecutor& tx, const Actor& actor, std::string_view action,
                         std::string_view target_type, std::string_view target_id,
                         const boost::json::object& detail, std::int64_t now);

}  // namespace icopilot::services
