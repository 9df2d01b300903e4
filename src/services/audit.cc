#include "services/audit.h"

#include <boost/json/serialize.hpp>

#include "core/ids.h"
#include "store/audit_repository.h"

namespace icopilot::services {

absl::Status RecordAudit(store::SqlExecutor& tx, const Actor& actor, std::string_view action,
                         std::string_view target_type, std::string_view target_id,
                         const boost::json::object& detail, std::int64_t now) {
  store::AuditEvent event{NewId("aud"),
                          actor.scope.org_id,
                          actor.scope.user_id,
                          std::string(action),
                          std::string(target_type),
                          std::string(target_id),
                          actor.client_address,
                          actor.request_id,
                          boost::json::serialize(detail),
                          now};
  return store::AuditRepository(tx).Record(event);
}

}  // namespace icopilot::services
