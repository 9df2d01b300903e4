// JSON shapes of the API's resources; documented by the schemas in openapi_schemas.cc.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "services/annotation_service.h"
#include "services/identity_service.h"
#include "services/mock_service.h"
#include "store/records.h"

namespace icopilot::api {

// A time as the API writes it (RFC 3339, UTC), or null.
boost::json::value NullableTimestamp(const std::optional<std::int64_t>& millis);

boost::json::object EncodeOrg(const store::Org& org);
boost::json::object EncodeUser(const store::User& user);
boost::json::object EncodeApiKey(const store::ApiKey& key);
boost::json::object EncodeProject(const store::Project& project);
boost::json::object EncodePartner(const store::ProjectPartner& partner);
boost::json::object EncodeAuditEvent(const store::AuditEvent& event);
boost::json::object EncodeSpecVersion(const store::SpecVersion& version);
boost::json::object EncodeMock(const services::MockView& mock);
boost::json::object EncodeJournalEntry(const mock::JournalEntry& entry);
boost::json::object EncodeAnnotation(const services::AnnotationView& view);
boost::json::array EncodeAnnotations(const std::vector<services::AnnotationView>& views);
// An org with its first user and its secrets, shown once.
boost::json::object EncodeNewOrg(const services::NewOrg& created);

}  // namespace icopilot::api
