#include "services/postman_export.h"

#include "contract/operation_index.h"
#include "contract/postman.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/request_parts.h"
#include "services/saved_case_service.h"
#include "store/golden_repository.h"
#include "store/saved_case_repository.h"

namespace icopilot::services {
namespace {

bool HasPath(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const auto slash = url.find('/', scheme + 3);
  return slash != std::string_view::npos && slash + 1 < url.size();
}

}  // namespace

absl::StatusOr<boost::json::object> PostmanExport::Collection(const Actor& actor,
                                                              std::string_view project_id,
                                                              std::string_view spec_version_id) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Spec& spec = *version->loaded.spec;
  std::vector<contract::PostmanCase> cases;
  store::PageRequest page;
  page.limit = 2 * kMaxSavedCasesPerPartner;
  ASSIGN_OR_RETURN(auto records,
                   store::SavedCaseRepository(db_).List(actor.scope, project_id, "", page));
  // Oldest first, as runs take them.
  for (auto it = records.items.rbegin(); it != records.items.rend(); ++it) {
    // A vendor's collection holds the project's cases, not each partner's own.
    if (!actor.scope.is_partner() && !it->partner_org_id.empty()) continue;
    const spec::Operation* operation = FindOperation(spec, it->operation_id);
    if (operation == nullptr) continue;  // saved for an operation this version lacks
    ASSIGN_OR_RETURN(auto read, SavedCaseService::Read(*it));
    contract::PostmanCase one;
    one.name = read.record.name;
    one.operation = operation;
    one.request = Assemble(*operation, read.request);
    one.expected_status = static_cast<int>(read.record.expected_status);
    for (auto& field : read.fields) one.fields.emplace_back(field.pointer, field.equals);
    cases.push_back(std::move(one));
  }
  return contract::PostmanCollection(version->loaded, *version->schemas, cases);
}

absl::StatusOr<boost::json::object> PostmanExport::Environment(const Actor& actor,
                                                               std::string_view project_id,
                                                               std::string_view spec_version_id,
                                                               std::string_view environment_id) {
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, spec_version_id));
  const spec::Spec& spec = *version->loaded.spec;
  const std::string base_path =
      spec.servers.empty() ? std::string() : contract::BasePathOf(spec.servers.front());
  if (environment_id == "mock") {
    store::PageRequest newest;
    newest.limit = 50;
    ASSIGN_OR_RETURN(auto mocks, specs_.List(actor, project_id, newest));
    for (const auto& view : mocks.items) {
      if (view.record.spec_version_id != spec_version_id) continue;
      return contract::PostmanEnvironment(spec, StrCat(view.record.name, " (hosted mock)"),
                                          StrCat(server_url_, "/mocks/", view.record.id, base_path),
                                          {});
    }
    return absl::FailedPreconditionError(
        "environment_id: the project has no hosted mock of this spec version");
  }
  ASSIGN_OR_RETURN(auto environment, store::GoldenRepository(db_).GetEnvironment(
                                         actor.scope, project_id, environment_id));
  // An environment's URL with a path replaces the spec's server path, as in runs.
  std::string base_url = environment.base_url;
  while (base_url.ends_with('/')) base_url.pop_back();
  if (!HasPath(environment.base_url)) base_url += base_path;
  return contract::PostmanEnvironment(spec, environment.name, std::move(base_url), {});
}

}  // namespace icopilot::services
