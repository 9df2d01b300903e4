// Health, readiness, metrics, and the audit log.
#include <boost/json/object.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/status_macros.h"
#include "services/audit_service.h"

namespace icopilot::api {

void AddOpsRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  ops.push_back({"GET", "/healthz", "getHealth", "Liveness: the process answers", "operations", Access::kPublic,
                 RateGroup::kOps, "", 200, "Health", "application/json", false, {},
                 [](Context&) { return JsonResponse(200, boost::json::object{{"status", "ok"}}); }});
  ops.push_back({"GET", "/readyz", "getReadiness", "Readiness: the database answers and is migrated", "operations",
                 Access::kPublic, RateGroup::kOps, "", 200, "Health", "application/json", false, {},
                 [&deps](Context&) {
                   absl::Status ready = deps.db.CheckReady();
                   if (ready.ok()) return JsonResponse(200, boost::json::object{{"status", "ok"}});
                   return JsonResponse(503, boost::json::object{{"status", "unavailable"},
                                                                {"detail", std::string(ready.message())}});
                 }});
  ops.push_back({"GET", "/metrics", "getMetrics", "Prometheus metrics", "operations", Access::kPublic,
                 RateGroup::kOps, "", 200, "", "text/plain", false, {}, [&deps](Context&) {
                   net::Response response;
                   response.headers.Set("content-type", "text/plain; version=0.0.4");
                   response.body = deps.metrics.Render();
                   return response;
                 }});
}

void AddAuditRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  ops.push_back({"GET", "/api/v1/audit-events", "listAuditEvents",
                 "The org's audit log: every write, who made it, when and from where", "audit", Access::kOrgAdmin,
                 RateGroup::kApi, "", 200, "AuditEventList", "application/json", true, {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page, services::ListAuditEvents(d.db, c.actor(), page_request));
                   return JsonResponse(200, ListBody(page, EncodeAuditEvent));
                 })});
}

}  // namespace icopilot::api
