#include "services/golden_service.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "golden/catalog.h"
#include "golden/profile.h"
#include "services/audit.h"
#include "spec/blueprint.h"
#include "spec/load.h"
#include "store/golden_repository.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kRunsPerMinute = 10;
constexpr std::size_t kMaxPem = 64 * 1024;

absl::Status CheckParameterValues(const std::vector<std::pair<std::string, std::string>>& values) {
  if (values.size() > 100) return absl::InvalidArgumentError("parameter_values: at most 100");
  for (const auto& [name, value] : values) {
    if (name.empty() || name.size() > 200 || value.size() > 2000 ||
        value.find_first_of("\r\n") != std::string::npos)
      return absl::InvalidArgumentError(
          StrCat("parameter_values.", name,
                 ": a name of 1 to 200 characters and a value of at most 2000, on one line"));
  }
  return absl::OkStatus();
}

absl::Status CheckInput(const EnvironmentInput& input, bool creating) {
  if (creating && (!input.name || !input.base_url))
    return absl::InvalidArgumentError("name and base_url are required");
  if (input.name && (input.name->empty() || input.name->size() > 200))
    return absl::InvalidArgumentError("name: between 1 and 200 characters");
  if (input.name && ToLower(*input.name) == "mock")
    return absl::InvalidArgumentError("name: 'Mock' is the project's hosted mock");
  if (input.base_url) {
    const std::string& url = *input.base_url;
    bool http = url.starts_with("http://") || url.starts_with("https://");
    if (!http || url.size() > 2000 || url.find_first_of(" \t\r\n") != std::string::npos ||
        url.find('@') != std::string::npos)
      return absl::InvalidArgumentError(
          "base_url: an http:// or https:// URL without user information");
  }
  if (input.timeout_ms && (*input.timeout_ms < 100 || *input.timeout_ms > 120'000))
    return absl::InvalidArgumentError("timeout_ms: from 100 to 120000");
  for (const std::optional<std::string>* pem :
       {&input.ca_bundle, &input.client_cert, &input.client_key}) {
    if (*pem && (*pem)->size() > kMaxPem)
      return absl::InvalidArgumentError("PEM fields: at most 64 KiB each");
  }
  if (input.headers) {
    for (const auto& [name, value] : *input.headers) {
      if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos)
        return absl::InvalidArgumentError(StrCat("headers.", name, ": not a valid header"));
    }
  }
  if (input.parameter_values) RETURN_IF_ERROR(CheckParameterValues(*input.parameter_values));
  return absl::OkStatus();
}

void Apply(const EnvironmentInput& input, store::EnvironmentRecord& record,
           EnvironmentSettings& settings) {
  if (input.name) record.name = *input.name;
  if (input.base_url) record.base_url = *input.base_url;
  if (input.verify_tls) record.verify_tls = *input.verify_tls;
  if (input.timeout_ms) record.timeout_ms = *input.timeout_ms;
  if (input.proxy_credentials) record.proxy_credentials = *input.proxy_credentials;
  if (input.headers) settings.headers = *input.headers;
  if (input.parameter_values) settings.parameter_values = *input.parameter_values;
  if (input.credentials) settings.credentials = *input.credentials;
  if (input.ca_bundle) settings.ca_bundle = *input.ca_bundle;
  if (input.client_cert) settings.client_cert = *input.client_cert;
  if (input.client_key) settings.client_key = *input.client_key;
}

}  // namespace

absl::StatusOr<EnvironmentView> GoldenService::View(const Actor& actor,
                                                    store::EnvironmentRecord record) {
  ASSIGN_OR_RETURN(std::string opened, box_.Open(record.settings_sealed));
  ASSIGN_OR_RETURN(EnvironmentSettings settings, DecodeSettings(opened));
  EnvironmentView view;
  for (const auto& [name, value] : settings.headers) view.header_names.push_back(name);
  view.parameter_values = settings.parameter_values;
  view.credentials = DescribeCredentials(settings.credentials);
  view.ca_bundle = !settings.ca_bundle.empty();
  view.client_certificate = !settings.client_cert.empty();
  ASSIGN_OR_RETURN(auto own,
                   store::GoldenRepository(db_).PartnerCredentials(actor.scope, record.id));
  view.own_credentials = own.has_value();
  view.record = std::move(record);
  return view;
}

absl::StatusOr<EnvironmentView> GoldenService::CreateEnvironment(const Actor& actor,
                                                                 std::string_view project_id,
                                                                 const EnvironmentInput& input) {
  RETURN_IF_ERROR(CheckInput(input, true));
  store::EnvironmentRecord record;
  record.project_id = std::string(project_id);
  EnvironmentSettings settings;
  Apply(input, record, settings);
  record.settings_sealed = box_.Seal(EncodeSettings(settings));
  record.created_at = record.updated_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(record, store::GoldenRepository(tx).CreateEnvironment(actor.scope, record));
    return RecordAudit(
        tx, actor, "environment.create", "environment", record.id,
        {{"project_id", record.project_id}, {"name", record.name}, {"base_url", record.base_url}},
        record.created_at);
  }));
  return View(actor, std::move(record));
}

absl::StatusOr<std::vector<EnvironmentView>> GoldenService::ListEnvironments(
    const Actor& actor, std::string_view project_id) {
  ASSIGN_OR_RETURN(auto records,
                   store::GoldenRepository(db_).ListEnvironments(actor.scope, project_id));
  std::vector<EnvironmentView> views;
  for (auto& record : records) {
    ASSIGN_OR_RETURN(auto view, View(actor, std::move(record)));
    views.push_back(std::move(view));
  }
  return views;
}

absl::StatusOr<EnvironmentView> GoldenService::GetEnvironment(const Actor& actor,
                                                              std::string_view project_id,
                                                              std::string_view id) {
  ASSIGN_OR_RETURN(auto record,
                   store::GoldenRepository(db_).GetEnvironment(actor.scope, project_id, id));
  return View(actor, std::move(record));
}

absl::StatusOr<EnvironmentView> GoldenService::UpdateEnvironment(const Actor& actor,
                                                                 std::string_view project_id,
                                                                 std::string_view id,
                                                                 const EnvironmentInput& input) {
  RETURN_IF_ERROR(CheckInput(input, false));
  store::EnvironmentRecord record;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::GoldenRepository repository(tx);
    ASSIGN_OR_RETURN(record, repository.GetEnvironment(actor.scope, project_id, id));
    ASSIGN_OR_RETURN(std::string opened, box_.Open(record.settings_sealed));
    ASSIGN_OR_RETURN(EnvironmentSettings settings, DecodeSettings(opened));
    Apply(input, record, settings);
    record.settings_sealed = box_.Seal(EncodeSettings(settings));
    record.updated_at = clock_.NowMillis();
    ASSIGN_OR_RETURN(record, repository.UpdateEnvironment(actor.scope, record));
    return RecordAudit(
        tx, actor, "environment.update", "environment", record.id,
        {{"project_id", record.project_id}, {"credentials_changed", input.credentials.has_value()}},
        record.updated_at);
  }));
  return View(actor, std::move(record));
}

absl::Status GoldenService::DeleteEnvironment(const Actor& actor, std::string_view project_id,
                                              std::string_view id) {
  return db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::GoldenRepository(tx).DeleteEnvironment(actor.scope, project_id, id));
    return RecordAudit(tx, actor, "environment.delete", "environment", id,
                       {{"project_id", std::string(project_id)}}, clock_.NowMillis());
  });
}

absl::StatusOr<EnvironmentView> GoldenService::SetOwnCredentials(
    const Actor& actor, std::string_view project_id, std::string_view id,
    const EnvironmentCredentials& credentials) {
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::GoldenRepository(tx).SetPartnerCredentials(
        actor.scope, project_id, id, box_.Seal(EncodeCredentialsJson(credentials)), now));
    return RecordAudit(tx, actor, "environment.own_credentials", "environment", id,
                       {{"project_id", std::string(project_id)}}, now);
  }));
  return GetEnvironment(actor, project_id, id);
}

absl::StatusOr<boost::json::object> GoldenService::GetProfile(const Actor& actor,
                                                              std::string_view project_id,
                                                              std::string_view spec_version_id) {
  ASSIGN_OR_RETURN(auto source, store::GoldenRepository(db_).GetProfile(actor.scope, project_id,
                                                                        spec_version_id));
  spec::LoadedSpec loaded =
      spec::LoadSpecText(source.document_label, source.document, spec::StoredVersion());
  if (!loaded.spec) return absl::FailedPreconditionError("the spec version cannot be loaded");
  const golden::Profile profile =
      golden::ProfileWithOverrides(spec::BuildBlueprint(*loaded.spec), source.overrides);
  return boost::json::object{{"spec_version_id", spec_version_id},
                             {"categories", golden::ProfileJson(profile)}};
}

absl::StatusOr<boost::json::object> GoldenService::SetProfile(
    const Actor& actor, std::string_view project_id, std::string_view spec_version_id,
    const boost::json::object& overrides) {
  golden::Profile check = golden::DetectProfile(spec::Blueprint{});
  if (absl::Status applied = golden::ApplyOverrides(overrides, check); !applied.ok())
    return absl::InvalidArgumentError(std::string(applied.message()));
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::GoldenRepository(tx).SetProfile(actor.scope, project_id, spec_version_id,
                                                           boost::json::serialize(overrides)));
    return RecordAudit(tx, actor, "profile.update", "spec_version", spec_version_id,
                       {{"project_id", std::string(project_id)}, {"overrides", overrides}},
                       clock_.NowMillis());
  }));
  return GetProfile(actor, project_id, spec_version_id);
}

absl::StatusOr<store::RunRecord> GoldenService::QueueRun(const Actor& actor,
                                                         std::string_view project_id,
                                                         const RunRequest& request) {
  for (const auto& category : request.categories) {
    if (!spec::ParseCategory(category))
      return absl::InvalidArgumentError(
          StrCat("categories: '", category,
                 "' is not a category (the categories: ", spec::CategoryNames(), ")"));
  }
  if (!request.only_case.empty() && golden::FindCase(request.only_case) == nullptr)
    return absl::InvalidArgumentError(StrCat("case: no case '", request.only_case, "'"));
  const std::int64_t now = clock_.NowMillis();
  store::GoldenRepository repository(db_);
  ASSIGN_OR_RETURN(std::int64_t recent,
                   repository.CountRecentRuns(actor.scope.user_id, now - 60'000));
  if (recent >= kRunsPerMinute)
    return absl::ResourceExhaustedError(
        StrCat("at most ", kRunsPerMinute, " runs a minute per user; try again in a minute"));
  // The spec version and environment must be visible to the caller.
  RETURN_IF_ERROR(mocks_.GetSpecVersion(actor, project_id, request.spec_version_id).status());
  boost::json::object options{{"read_only", request.read_only}};
  boost::json::array categories, excluded;
  for (const auto& c : request.categories) categories.push_back(boost::json::string(c));
  for (const auto& e : request.exclude_operations) excluded.push_back(boost::json::string(e));
  options["categories"] = std::move(categories);
  options["exclude_operations"] = std::move(excluded);
  options["case"] = request.only_case;
  RETURN_IF_ERROR(CheckParameterValues(request.parameter_values));
  boost::json::object values;
  for (const auto& [name, value] : request.parameter_values) values[name] = value;
  options["parameter_values"] = std::move(values);
  if (request.environment_id == "mock") {
    store::PageRequest newest;
    newest.limit = 50;
    ASSIGN_OR_RETURN(auto mocks, mocks_.List(actor, project_id, newest));
    const MockView* chosen = nullptr;
    for (const auto& view : mocks.items) {
      if (view.record.spec_version_id == request.spec_version_id) {
        chosen = &view;
        break;
      }
    }
    if (chosen == nullptr)
      return absl::FailedPreconditionError(
          "environment_id: the project has no hosted mock of this spec version; create one first");
    options["mock_id"] = chosen->record.id;
  } else {
    RETURN_IF_ERROR(
        repository.GetEnvironment(actor.scope, project_id, request.environment_id).status());
  }
  store::RunRecord run;
  run.project_id = std::string(project_id);
  run.spec_version_id = request.spec_version_id;
  run.environment_id = request.environment_id;
  run.options = boost::json::serialize(options);
  run.created_at = now;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(run, store::GoldenRepository(tx).CreateRun(actor.scope, run));
    return RecordAudit(tx, actor, "run.create", "run", run.id,
                       {{"project_id", run.project_id}, {"environment_id", run.environment_id}},
                       now);
  }));
  if (notify_) notify_();
  return run;
}

absl::StatusOr<store::Page<store::RunRecord>> GoldenService::ListRuns(
    const Actor& actor, std::string_view project_id, const store::PageRequest& page) {
  return store::GoldenRepository(db_).ListRuns(actor.scope, project_id, page);
}

absl::StatusOr<store::RunRecord> GoldenService::GetRun(const Actor& actor,
                                                       std::string_view project_id,
                                                       std::string_view id) {
  return store::GoldenRepository(db_).GetRun(actor.scope, project_id, id);
}

absl::StatusOr<std::vector<store::RunCaseRecord>> GoldenService::ListRunCases(
    const Actor& actor, std::string_view project_id, std::string_view run_id) {
  return store::GoldenRepository(db_).ListRunCases(actor.scope, project_id, run_id);
}

absl::StatusOr<store::RunCaseRecord> GoldenService::GetRunCase(const Actor& actor,
                                                               std::string_view project_id,
                                                               std::string_view run_id,
                                                               std::int64_t position) {
  return store::GoldenRepository(db_).GetRunCase(actor.scope, project_id, run_id, position);
}

}  // namespace icopilot::services
