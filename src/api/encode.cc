#include "api/encode.h"

#include <cmath>

#include <boost/json/parse.hpp>

#include "core/clock.h"

namespace icopilot::api {
boost::json::value NullableTimestamp(const std::optional<std::int64_t>& millis) {
  if (!millis) return nullptr;
  return boost::json::value(FormatTimestamp(*millis));
}

namespace {}  // namespace

boost::json::object EncodeOrg(const store::Org& org) {
  return {{"id", org.id},
          {"name", org.name},
          {"kind", org.kind},
          {"created_at", FormatTimestamp(org.created_at)}};
}

boost::json::object EncodeUser(const store::User& user) {
  return {{"id", user.id},
          {"org_id", user.org_id},
          {"email", user.email},
          {"name", user.name},
          {"role", store::RoleName(user.role)},
          {"created_at", FormatTimestamp(user.created_at)}};
}

boost::json::object EncodeApiKey(const store::ApiKey& key) {
  return {{"id", key.id},
          {"name", key.name},
          {"role", store::RoleName(key.role)},
          {"user_id", key.user_id},
          {"prefix", key.prefix},
          {"created_at", FormatTimestamp(key.created_at)},
          {"expires_at", NullableTimestamp(key.expires_at)},
          {"revoked_at", NullableTimestamp(key.revoked_at)},
          {"last_used_at", NullableTimestamp(key.last_used_at)}};
}

boost::json::object EncodeProject(const store::Project& project) {
  return {{"id", project.id},
          {"org_id", project.org_id},
          {"name", project.name},
          {"description", project.description},
          {"archived", project.archived_at.has_value()},
          {"archived_at", NullableTimestamp(project.archived_at)},
          {"created_at", FormatTimestamp(project.created_at)},
          {"updated_at", FormatTimestamp(project.updated_at)}};
}

boost::json::object EncodePartner(const store::ProjectPartner& partner) {
  return {{"project_id", partner.project_id},
          {"partner_org_id", partner.partner_org_id},
          {"name", partner.partner_name},
          {"invited_by", partner.invited_by},
          {"created_at", FormatTimestamp(partner.created_at)}};
}

boost::json::object EncodeAuditEvent(const store::AuditEvent& event) {
  boost::system::error_code ec;
  boost::json::value detail = boost::json::parse(event.detail, ec);
  if (ec) detail = boost::json::object();
  return {{"id", event.id},
          {"actor_id", event.actor_id},
          {"action", event.action},
          {"target_type", event.target_type},
          {"target_id", event.target_id},
          {"client_address", event.client_address},
          {"request_id", event.request_id},
          {"detail", detail},
          {"created_at", FormatTimestamp(event.created_at)}};
}

boost::json::object EncodeNewOrg(const services::NewOrg& created) {
  boost::json::object key = EncodeApiKey(created.api_key.key);
  key["secret"] = created.api_key.secret;
  return {{"org", EncodeOrg(created.org)},
          {"user", EncodeUser(created.owner)},
          {"password", created.password},
          {"api_key", key}};
}

boost::json::object EncodeSpecVersion(const store::SpecVersion& version) {
  return {{"id", version.id},
          {"project_id", version.project_id},
          {"label", version.label},
          {"title", version.title},
          {"openapi_version", version.openapi_version},
          {"operation_count", version.operation_count},
          {"base_path", version.base_path},
          {"created_at", FormatTimestamp(version.created_at)}};
}

boost::json::object EncodeMock(const services::MockView& mock) {
  const store::MockRecord& r = mock.record;
  const std::string prefix = "/mocks/" + r.id;
  boost::system::error_code ec;
  boost::json::value config = boost::json::parse(r.config, ec);
  boost::json::object health{{"status", mock.health.status},
                             {"requests", mock.health.requests},
                             {"client_errors", mock.health.client_errors},
                             {"server_errors", mock.health.server_errors},
                             {"last_request_at", NullableTimestamp(mock.health.last_request_at)},
                             {"resources", mock.health.resources}};
  if (!mock.health.error.empty()) health["error"] = mock.health.error;
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"spec_version_id", r.spec_version_id},
          {"name", r.name},
          {"config", ec ? boost::json::value(boost::json::object{}) : config},
          {"path", prefix + r.base_path},
          {"port", r.port ? boost::json::value(*r.port) : nullptr},
          {"credentials",
           {{"api_key", mock.credentials.api_key},
            {"client_id", mock.credentials.client_id},
            {"client_secret", mock.credentials.client_secret},
            {"token_path", prefix + "/oauth/token"}}},
          {"health", std::move(health)},
          {"created_at", FormatTimestamp(r.created_at)},
          {"updated_at", FormatTimestamp(r.updated_at)}};
}

boost::json::object EncodeJournalEntry(const mock::JournalEntry& entry) {
  boost::json::array violations;
  for (const auto& v : entry.violations) violations.push_back(boost::json::value(v));
  return {{"at", FormatTimestamp(entry.at_ms)},
          {"method", entry.method},
          {"target", entry.target},
          {"status", entry.status},
          {"operation_id", entry.operation_id},
          {"duration_ms", std::round(entry.duration_ms * 100) / 100},
          {"why", entry.why},
          {"violations", std::move(violations)}};
}

boost::json::object EncodeAnnotation(const services::AnnotationView& view) {
  const store::AnnotationRecord& a = view.record;
  boost::json::array fields;
  for (const auto& field : view.condition_fields) fields.emplace_back(field);
  boost::json::object target{
      {"checked_against", view.checked_against.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(view.checked_against)},
      {"status", view.checked_against.empty()  ? "unchecked"
                 : view.target_problem.empty() ? "present"
                                               : "missing"}};
  if (!view.target_problem.empty()) target["problem"] = view.target_problem;
  return {{"id", a.id},
          {"project_id", a.project_id},
          {"operation_id", a.operation_id},
          {"pointer", a.pointer},
          {"kind", a.kind},
          {"message", a.message},
          {"link", a.link.empty() ? boost::json::value(nullptr) : boost::json::value(a.link)},
          {"condition",
           a.condition.empty() ? boost::json::value(nullptr) : boost::json::value(a.condition)},
          {"condition_fields", std::move(fields)},
          {"target", std::move(target)},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

boost::json::array EncodeAnnotations(const std::vector<services::AnnotationView>& views) {
  boost::json::array items;
  for (const auto& view : views) items.push_back(EncodeAnnotation(view));
  return items;
}

}  // namespace icopilot::api
