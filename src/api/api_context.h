// What the route handlers need from the rest of the server.
#pragma once

#include <vector>

#include "api/cookies.h"
#include "api/demo_sign_in.h"
#include "api/operation.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "services/annotation_service.h"
#include "services/assistant_service.h"
#include "services/certificate_service.h"
#include "services/golden_service.h"
#include "services/hosted_mocks.h"
#include "services/identity_service.h"
#include "services/metrics_service.h"
#include "services/mock_service.h"
#include "services/notification_service.h"
#include "services/plan_service.h"
#include "services/playground_service.h"
#include "services/postman_export.h"
#include "services/project_service.h"
#include "services/readiness.h"
#include "services/saved_case_service.h"
#include "services/spec_drift.h"
#include "services/sso_service.h"
#include "services/trace_service.h"
#include "store/database.h"

namespace icopilot::api {

struct ApiDependencies {
  store::Database& db;
  const Clock& clock;
  Metrics& metrics;
  services::IdentityService& identity;
  services::ProjectService& projects;
  services::MockService& mocks;
  services::HostedMocks& hosted;  // serves /mocks/{mock_id}/...
  services::GoldenService& golden;
  services::TraceService& traces;
  services::AnnotationService& annotations;
  services::PlaygroundService& playground;
  services::SavedCaseService& saved_cases;
  services::PostmanExport& postman;
  services::PlanService& plans;
  services::ReadinessService& readiness;
  services::CertificateService& certificates;
  services::MetricsService& partner_metrics;
  services::AssistantService& assistant;
  services::NotificationService& notifications;
  services::DriftService& drift;
  services::SsoService& sso;
  bool allow_signup = false;
  const DemoSignIn* demo_sign_in = nullptr;  // set by `serve --demo` only
  std::string version;
};

// Each adds its group's operations to `operations`.
void AddOpsRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddIdentityRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddProjectRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddAuditRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddMockRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddGoldenRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddTraceRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddAnnotationRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddSavedCaseRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddPostmanRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddPlanRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddReadinessRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddMetricsRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddAssistantRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddNotificationRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddDriftRoutes(std::vector<Operation>& operations, ApiDependencies& deps);
void AddSsoRoutes(std::vector<Operation>& operations, ApiDependencies& deps);

}  // namespace icopilot::api
