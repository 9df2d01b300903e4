#include "services/project_service.h"

#include <boost/json/object.hpp>

#include "core/status_macros.h"
#include "services/audit.h"
#include "store/project_repository.h"

namespace icopilot::services {
namespace {
constexpr std::size_t kMaxDescription = 10'000;
}  // namespace

absl::StatusOr<store::Project> ProjectService::Create(const Actor& actor, std::string_view name,
                                                      std::string_view description) {
  RETURN_IF_ERROR(ValidateName("name", name));
  if (description.size() > kMaxDescription)
    return absl::InvalidArgumentError("description: longer than 10000 bytes");
  store::Project project;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(project,
                     store::ProjectRepository(tx).Create(actor.scope, name, description, now));
    return RecordAudit(tx, actor, "project.create", "project", project.id, {{"name", project.name}},
                       now);
  }));
  return project;
}

absl::StatusOr<store::Page<store::Project>> ProjectService::List(const Actor& actor,
                                                                 const store::PageRequest& page,
                                                                 bool include_archived) {
  return store::ProjectRepository(db_).List(actor.scope, page, include_archived);
}

absl::StatusOr<store::Project> ProjectService::Get(const Actor& actor, std::string_view id) {
  return store::ProjectRepository(db_).Get(actor.scope, id);
}

absl::StatusOr<store::Project> ProjectService::Update(
    const Actor& actor, std::string_view id, const std::optional<std::string>& name,
    const std::optional<std::string>& description) {
  if (name) RETURN_IF_ERROR(ValidateName("name", *name));
  if (description && description->size() > kMaxDescription) {
    return absl::InvalidArgumentError("description: longer than 10000 bytes");
  }
  store::Project project;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(project,
                     store::ProjectRepository(tx).Update(actor.scope, id, name, description, now));
    boost::json::object detail;
    if (name) detail["name"] = *name;
    if (description) detail["description_changed"] = true;
    return RecordAudit(tx, actor, "project.update", "project", project.id, detail, now);
  }));
  return project;
}

absl::StatusOr<store::Project> ProjectService::SetArchived(const Actor& actor, std::string_view id,
                                                           bool archived) {
  store::Project project;
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(project,
                     store::ProjectRepository(tx).SetArchived(actor.scope, id, archived, now));
    return RecordAudit(tx, actor, archived ? "project.archive" : "project.unarchive", "project",
                       project.id, {}, now);
  }));
  return project;
}

absl::Status ProjectService::Delete(const Actor& actor, std::string_view id) {
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::ProjectRepository(tx).Delete(actor.scope, id));
    return RecordAudit(tx, actor, "project.delete", "project", id, {}, now);
  });
}

absl::StatusOr<NewOrg> ProjectService::InvitePartner(const Actor& actor,
                                                     std::string_view project_id,
                                                     std::string_view partner_name,
                                                     std::string_view admin_email) {
  // Checked first so a project of another org does not get a partner org created for it.
  RETURN_IF_ERROR(store::ProjectRepository(db_).Get(actor.scope, project_id).status());
  if (actor.scope.is_partner()) return absl::NotFoundError("project not found");
  const std::int64_t now = clock_.NowMillis();
  return identity_.CreateOrg(
      partner_name, "partner", admin_email, std::nullopt, actor.client_address,
      [&](store::SqlExecutor& tx, const NewOrg& partner) -> absl::Status {
        RETURN_IF_ERROR(
            store::ProjectRepository(tx).AddPartner(actor.scope, project_id, partner.org.id, now));
        return RecordAudit(tx, actor, "project.partner_invite", "project", project_id,
                           {{"partner_org_id", partner.org.id}, {"partner_name", partner.org.name}},
                           now);
      });
}

absl::StatusOr<store::Page<store::ProjectPartner>> ProjectService::ListPartners(
    const Actor& actor, std::string_view project_id, const store::PageRequest& page) {
  return store::ProjectRepository(db_).ListPartners(actor.scope, project_id, page);
}

absl::StatusOr<store::Page<store::User>> ProjectService::ListPartnerUsers(
    const Actor& actor, std::string_view project_id, std::string_view partner_org_id,
    const store::PageRequest& page) {
  return store::ProjectRepository(db_).ListPartnerUsers(actor.scope, project_id, partner_org_id,
                                                        page);
}

absl::Status ProjectService::RemovePartner(const Actor& actor, std::string_view project_id,
                                           std::string_view partner_org_id) {
  const std::int64_t now = clock_.NowMillis();
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(
        store::ProjectRepository(tx).RemovePartner(actor.scope, project_id, partner_org_id));
    return RecordAudit(tx, actor, "project.partner_remove", "project", project_id,
                       {{"partner_org_id", partner_org_id}}, now);
  });
}

}  // namespace icopilot::services
