#include "api/encode.h"

#include <boost/json/parse.hpp>

#include "core/clock.h"

namespace icopilot::api {
namespace {

boost::json::value Timestamp(const std::optional<std::int64_t>& millis) {
  if (!millis) return nullptr;
  return boost::json::value(FormatTimestamp(*millis));
}

}  // namespace

boost::json::object EncodeOrg(const store::Org& org) {
  return {{"id", org.id}, {"name", org.name}, {"kind", org.kind}, {"created_at", FormatTimestamp(org.created_at)}};
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
          {"expires_at", Timestamp(key.expires_at)},
          {"revoked_at", Timestamp(key.revoked_at)},
          {"last_used_at", Timestamp(key.last_used_at)}};
}

boost::json::object EncodeProject(const store::Project& project) {
  return {{"id", project.id},
          {"org_id", project.org_id},
          {"name", project.name},
          {"description", project.description},
          {"archived", project.archived_at.has_value()},
          {"archived_at", Timestamp(project.archived_at)},
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

}  // namespace icopilot::api
