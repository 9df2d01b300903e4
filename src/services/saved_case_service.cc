#include "services/saved_case_service.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "net/http.h"
#include "services/audit.h"
#include "store/saved_case_repository.h"

namespace icopilot::services {
namespace {

std::size_t Characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Credentials are the partner's own, added when the case runs: a saved case never keeps
// them (they would sit in the database in clear, and be sent by every partner's run).
absl::Status CheckNoCredentials(const spec::Spec& spec, const RequestParts& request) {
  for (const auto& [name, value] : request.headers) {
    for (std::string_view secret : {"authorization", "proxy-authorization", "cookie"}) {
      if (net::EqualsIgnoreCase(name, secret)) {
        return absl::InvalidArgumentError(
            StrCat("request.headers.", name,
                   ": credentials are not saved; the run adds each partner's own"));
      }
    }
  }
  for (const auto& scheme : spec.security_schemes) {
    if (scheme.type != spec::SchemeType::kApiKey || !scheme.in) continue;
    const auto& values = *scheme.in == spec::ParameterIn::kQuery ? request.query : request.headers;
    if (*scheme.in != spec::ParameterIn::kQuery && *scheme.in != spec::ParameterIn::kHeader)
      continue;
    for (const auto& [name, value] : values) {
      const bool same = *scheme.in == spec::ParameterIn::kHeader
                            ? net::EqualsIgnoreCase(name, scheme.parameter_name)
                            : name == scheme.parameter_name;
      if (same) {
        return absl::InvalidArgumentError(
            StrCat("request.", *scheme.in == spec::ParameterIn::kQuery ? "query." : "headers.",
                   name, ": the API key is not saved; the run adds each partner's own"));
      }
    }
  }
  return absl::OkStatus();
}

std::string ChecksJson(const SavedCaseInput& input) {
  boost::json::array fields;
  for (const auto& field : input.fields)
    fields.push_back({{"pointer", field.pointer}, {"equals", field.equals}});
  return boost::json::serialize(
      boost::json::object{{"body_schema", input.check_body_schema}, {"fields", std::move(fields)}});
}

absl::StatusOr<SavedCaseView> ReadView(store::SavedCaseRecord record) {
  SavedCaseView view;
  auto request = ParseJson(record.request);
  if (!request.ok() || !request->is_object())
    return absl::DataLossError(StrCat("saved case ", record.id, ": its request does not read"));
  ASSIGN_OR_RETURN(view.request, RequestPartsFromJson(request->as_object()));
  auto checks = ParseJson(record.checks);
  if (!checks.ok() || !checks->is_object())
    return absl::DataLossError(StrCat("saved case ", record.id, ": its checks do not read"));
  const auto& object = checks->as_object();
  if (const auto* schema = object.if_contains("body_schema"); schema && schema->is_bool())
    view.check_body_schema = schema->as_bool();
  if (const auto* fields = object.if_contains("fields"); fields && fields->is_array()) {
    for (const auto& field : fields->as_array()) {
      if (!field.is_object()) continue;
      const auto* pointer = field.as_object().if_contains("pointer");
      const auto* equals = field.as_object().if_contains("equals");
      if (pointer == nullptr || !pointer->is_string() || equals == nullptr) continue;
      view.fields.push_back({std::string(pointer->as_string()), *equals});
    }
  }
  view.record = std::move(record);
  return view;
}

}  // namespace

absl::StatusOr<SavedCaseView> SavedCaseService::Create(const Actor& actor,
                                                       std::string_view project_id,
                                                       const SavedCaseInput& input) {
  const std::string_view name = TrimWhitespace(input.name);
  if (name.empty()) return absl::InvalidArgumentError("name: required");
  if (Characters(name) > 200) return absl::InvalidArgumentError("name: at most 200 characters");
  if (input.operation_id.empty()) return absl::InvalidArgumentError("operation_id: required");
  if (input.expected_status < 100 || input.expected_status > 599)
    return absl::InvalidArgumentError("expected_status: an HTTP status from 100 to 599");
  if (input.request.body.size() > kMaxSavedCaseBody)
    return absl::InvalidArgumentError(
        StrCat("request.body: at most ", kMaxSavedCaseBody >> 10, " KiB"));
  if (input.fields.size() > kMaxSavedCaseFields)
    return absl::InvalidArgumentError(
        StrCat("checks.fields: at most ", kMaxSavedCaseFields, " fields"));
  for (std::size_t i = 0; i < input.fields.size(); ++i) {
    if (!input.fields[i].pointer.starts_with("/"))
      return absl::InvalidArgumentError(StrCat(
          "checks.fields[", i, "].pointer: a JSON Pointer into the answer's body, like /status"));
  }
  if (absl::Status headers = CheckHeaders(input.request); !headers.ok())
    return absl::InvalidArgumentError(StrCat("request.", headers.message()));
  // NotFound for a project the actor does not see, before anything else is said of it.
  RETURN_IF_ERROR(store::SavedCaseRepository(db_).CountOwn(actor.scope, project_id).status());
  std::string version_id = input.spec_version_id;
  if (version_id.empty()) {
    ASSIGN_OR_RETURN(auto latest, specs_.LatestSpecVersion(actor, project_id));
    version_id = latest.id;
  }
  ASSIGN_OR_RETURN(auto version, specs_.LoadVersion(actor, project_id, version_id));
  const spec::Spec& spec = *version->loaded.spec;
  if (FindOperation(spec, input.operation_id) == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", input.operation_id));
  }
  RETURN_IF_ERROR(CheckNoCredentials(spec, input.request));

  store::SavedCaseRecord record;
  record.project_id = std::string(project_id);
  record.operation_id = input.operation_id;
  record.name = std::string(name);
  record.request = boost::json::serialize(RequestPartsToJson(input.request));
  record.expected_status = input.expected_status;
  record.checks = ChecksJson(input);
  record.created_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::SavedCaseRepository cases(tx);
    ASSIGN_OR_RETURN(auto count, cases.CountOwn(actor.scope, project_id));
    if (count >= kMaxSavedCasesPerPartner) {
      return absl::FailedPreconditionError(
          StrCat("at most ", kMaxSavedCasesPerPartner, " saved cases per partner and project"));
    }
    ASSIGN_OR_RETURN(record, cases.Create(actor.scope, record));
    return RecordAudit(tx, actor, "saved_case.create", "saved_case", record.id,
                       {{"project_id", record.project_id}, {"operation_id", record.operation_id}},
                       record.created_at);
  }));
  return SavedCaseService::Read(std::move(record));
}

absl::StatusOr<SavedCaseView> SavedCaseService::Read(store::SavedCaseRecord record) {
  return ReadView(std::move(record));
}

absl::StatusOr<store::Page<SavedCaseView>> SavedCaseService::List(const Actor& actor,
                                                                  std::string_view project_id,
                                                                  std::string_view operation_id,
                                                                  const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto records, store::SavedCaseRepository(db_).List(actor.scope, project_id,
                                                                      operation_id, page));
  store::Page<SavedCaseView> views;
  views.has_more = records.has_more;
  for (auto& record : records.items) {
    ASSIGN_OR_RETURN(auto view, SavedCaseService::Read(std::move(record)));
    views.items.push_back(std::move(view));
  }
  return views;
}

absl::StatusOr<SavedCaseView> SavedCaseService::Get(const Actor& actor, std::string_view project_id,
                                                    std::string_view id) {
  ASSIGN_OR_RETURN(auto record, store::SavedCaseRepository(db_).Get(actor.scope, project_id, id));
  return SavedCaseService::Read(std::move(record));
}

absl::Status SavedCaseService::Delete(const Actor& actor, std::string_view project_id,
                                      std::string_view id) {
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::SavedCaseRepository(tx).Delete(actor.scope, project_id, id));
    return RecordAudit(tx, actor, "saved_case.delete", "saved_case", id,
                       {{"project_id", std::string(project_id)}}, clock_.NowMillis());
  });
}

absl::StatusOr<SavedCaseView> SavedCaseService::Promote(const Actor& actor,
                                                        std::string_view project_id,
                                                        std::string_view id) {
  store::SavedCaseRecord record;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(record, store::SavedCaseRepository(tx).Promote(actor.scope, project_id, id));
    return RecordAudit(
        tx, actor, "saved_case.promote", "saved_case", id,
        {{"project_id", std::string(project_id)}, {"promoted_from", record.promoted_from}},
        clock_.NowMillis());
  }));
  return SavedCaseService::Read(std::move(record));
}

absl::StatusOr<std::vector<golden::SavedCase>> SavedCasesForRun(store::SqlExecutor& db,
                                                                const spec::Spec& spec,
                                                                std::string_view project_id,
                                                                std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto records, store::SavedCaseRepository(db).ListForRun(
                                     project_id, partner_org_id, 2 * kMaxSavedCasesPerPartner));
  std::vector<golden::SavedCase> cases;
  for (auto& record : records) {
    auto view = SavedCaseService::Read(std::move(record));
    if (!view.ok()) {
      log::Event("warn", "saved case left out of a run",
                 {{"error", std::string(view.status().message())}});
      continue;
    }
    golden::SavedCase saved;
    saved.id = view->record.id;
    saved.name = view->record.name;
    saved.operation_id = view->record.operation_id;
    saved.expected_status = static_cast<int>(view->record.expected_status);
    saved.check_body_schema = view->check_body_schema;
    saved.fields = std::move(view->fields);
    saved.required = view->record.partner_org_id.empty();
    if (const spec::Operation* operation = FindOperation(spec, saved.operation_id)) {
      saved.request = AssembleUnderServer(spec, *operation, view->request);
    }
    cases.push_back(std::move(saved));
  }
  return cases;
}

}  // namespace icopilot::services
