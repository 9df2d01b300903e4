#include "services/mock_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "contract/reference.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "mock/mock_config.h"
#include "services/audit.h"
#include "spec/load.h"
#include "store/mock_repository.h"

namespace icopilot::services {
namespace {

constexpr std::size_t kMaxName = 200;

absl::Status CheckPort(std::optional<std::int64_t> port) {
  if (port && (*port < 1024 || *port > 65535))
    return absl::InvalidArgumentError("port: must be from 1024 to 65535");
  return absl::OkStatus();
}

absl::Status CheckName(std::string_view field, std::string_view name) {
  if (name.empty() || name.size() > kMaxName)
    return absl::InvalidArgumentError(StrCat(field, ": between 1 and 200 characters"));
  return absl::OkStatus();
}

// The settings as they will be kept: valid JSON the mock reads without error.
absl::StatusOr<std::string> CheckConfig(const std::string& config) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(config, ec);
  if (ec) return absl::InvalidArgumentError(StrCat("config: not JSON: ", ec.message()));
  mock::MockOptions options;
  if (auto applied = mock::ApplyMockConfig(parsed, options); !applied.ok())
    return absl::InvalidArgumentError(StrCat("config.", applied.message()));
  return boost::json::serialize(parsed);
}

// The change is kept already; an instance that misses the word reloads the mock when it
// next goes idle, so a failure to tell is logged, not returned.
void PublishChange(HostedMocks& hosted, std::string_view kind, std::string_view mock_id) {
  if (absl::Status told = hosted.Publish(kind, mock_id); !told.ok()) {
    log::Event("warn", "mock change not published",
               {{"mock_id", std::string(mock_id)}, {"error", std::string(told.message())}});
  }
}

}  // namespace

absl::StatusOr<MockService::AddedSpecVersion> MockService::AddSpecVersion(
    const Actor& actor, std::string_view project_id, std::string_view label, std::string document) {
  RETURN_IF_ERROR(CheckName("label", label));
  spec::LoadedSpec loaded = spec::LoadSpecText(std::string(label), document);
  AddedSpecVersion added{std::nullopt, CheckOf(loaded)};
  if (!loaded.spec) return added;
  store::SpecVersion version;
  version.project_id = std::string(project_id);
  version.label = std::string(label);
  version.title = loaded.spec->title;
  version.openapi_version = loaded.spec->input_version;
  version.operation_count = static_cast<std::int64_t>(loaded.spec->operations.size());
  version.base_path =
      loaded.spec->servers.empty() ? "" : contract::BasePathOf(loaded.spec->servers.front());
  version.created_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(version,
                     store::MockRepository(tx).AddSpecVersion(actor.scope, version, document));
    return RecordAudit(tx, actor, "spec_version.create", "spec_version", version.id,
                       {{"project_id", version.project_id}, {"label", version.label}},
                       version.created_at);
  }));
  if (on_spec_version_added_) on_spec_version_added_(version);
  added.stored = std::move(version);
  return added;
}

absl::StatusOr<store::Page<store::SpecVersion>> MockService::ListSpecVersions(
    const Actor& actor, std::string_view project_id, const store::PageRequest& page) {
  return store::MockRepository(db_).ListSpecVersions(actor.scope, project_id, page);
}

absl::StatusOr<store::SpecVersion> MockService::GetSpecVersion(const Actor& actor,
                                                               std::string_view project_id,
                                                               std::string_view id) {
  return store::MockRepository(db_).GetSpecVersion(actor.scope, project_id, id);
}

absl::StatusOr<store::SpecVersion> MockService::LatestSpecVersion(const Actor& actor,
                                                                  std::string_view project_id) {
  store::PageRequest newest;
  newest.limit = 1;
  ASSIGN_OR_RETURN(auto page, ListSpecVersions(actor, project_id, newest));
  if (page.items.empty()) return absl::NotFoundError("the project has no spec version yet");
  return std::move(page.items.front());
}

absl::StatusOr<std::shared_ptr<const LoadedVersion>> MockService::LoadVersion(
    const Actor& actor, std::string_view project_id, std::string_view id) {
  // Checked on every read, also when the version is already loaded: the cache is shared
  // by every org.
  RETURN_IF_ERROR(
      store::MockRepository(db_).RequireVisibleSpecVersion(actor.scope, project_id, id));
  return loaded_.Get(std::string(id), [&]() -> absl::StatusOr<std::pair<std::string, std::string>> {
    ASSIGN_OR_RETURN(auto source,
                     store::MockRepository(db_).GetSpecDocument(actor.scope, project_id, id));
    return std::pair{std::move(source.label), std::move(source.document)};
  });
}

absl::StatusOr<boost::json::object> MockService::ReferenceContents(const Actor& actor,
                                                                   std::string_view project_id,
                                                                   std::string_view id) {
  ASSIGN_OR_RETURN(auto version, LoadVersion(actor, project_id, id));
  return contract::ReferenceContents(version->loaded);
}

absl::StatusOr<boost::json::object> MockService::OperationReference(const Actor& actor,
                                                                    std::string_view project_id,
                                                                    std::string_view id,
                                                                    std::string_view operation_id) {
  ASSIGN_OR_RETURN(auto version, LoadVersion(actor, project_id, id));
  return contract::OperationReference(version->loaded, *version->schemas, operation_id);
}

absl::StatusOr<MockView> MockService::View(store::MockRecord record) {
  ASSIGN_OR_RETURN(std::string opened, box_.Open(record.credentials_sealed));
  ASSIGN_OR_RETURN(MockCredentials credentials, DecodeCredentials(opened));
  MockHealth health = hosted_.Health(record.id);
  return MockView{std::move(record), std::move(credentials), std::move(health)};
}

absl::StatusOr<MockView> MockService::Create(const Actor& actor, std::string_view project_id,
                                             std::string_view spec_version_id,
                                             std::string_view name, const std::string& config,
                                             std::optional<std::int64_t> port) {
  RETURN_IF_ERROR(CheckName("name", name));
  RETURN_IF_ERROR(CheckPort(port));
  ASSIGN_OR_RETURN(std::string kept_config, CheckConfig(config));
  MockCredentials credentials{StrCat("mk_", RandomToken(24)), StrCat("mc_", RandomToken(12)),
                              RandomToken(24)};
  store::MockRecord record;
  record.project_id = std::string(project_id);
  record.spec_version_id = std::string(spec_version_id);
  record.name = std::string(name);
  record.config = kept_config;
  record.credentials_sealed = box_.Seal(EncodeCredentials(credentials));
  record.created_at = record.updated_at = clock_.NowMillis();
  record.id = NewId("mck");
  record.port = port;
  // The port first: a mock is not kept with a port it cannot have.
  if (port) RETURN_IF_ERROR(ports_.Open(record.id, static_cast<int>(*port)));
  auto created = db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(record, store::MockRepository(tx).CreateMock(actor.scope, record));
    return RecordAudit(
        tx, actor, "mock.create", "mock", record.id,
        {{"project_id", record.project_id}, {"spec_version_id", record.spec_version_id}},
        record.created_at);
  });
  if (!created.ok()) {
    ports_.Close(record.id);
    return created;
  }
  return View(std::move(record));
}

absl::StatusOr<store::Page<MockView>> MockService::List(const Actor& actor,
                                                        std::string_view project_id,
                                                        const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto records,
                   store::MockRepository(db_).ListMocks(actor.scope, project_id, page));
  store::Page<MockView> views;
  views.has_more = records.has_more;
  for (auto& record : records.items) {
    ASSIGN_OR_RETURN(auto view, View(std::move(record)));
    views.items.push_back(std::move(view));
  }
  return views;
}

absl::StatusOr<MockView> MockService::Get(const Actor& actor, std::string_view project_id,
                                          std::string_view id) {
  ASSIGN_OR_RETURN(auto record, store::MockRepository(db_).GetMock(actor.scope, project_id, id));
  return View(std::move(record));
}

absl::StatusOr<MockView> MockService::Update(const Actor& actor, std::string_view project_id,
                                             std::string_view id,
                                             store::MockRepository::MockChange change) {
  // Plain references, not structured bindings: the transaction's lambda below uses them.
  const auto& spec_version_id = change.spec_version_id;
  const auto& name = change.name;
  const auto& config = change.config;
  const auto& port = change.port;
  if (name) RETURN_IF_ERROR(CheckName("name", *name));
  if (port) RETURN_IF_ERROR(CheckPort(*port));
  if (config) {
    ASSIGN_OR_RETURN(change.config, CheckConfig(*config));
  }
  store::MockRecord record;
  const std::int64_t now = clock_.NowMillis();
  // A new port is bound before anything changes; the old one closes once the change is kept.
  ASSIGN_OR_RETURN(auto before, store::MockRepository(db_).GetMock(actor.scope, project_id, id));
  if (port && *port) RETURN_IF_ERROR(ports_.Open(before.id, static_cast<int>(**port)));
  auto updated = db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(
        record, store::MockRepository(tx).UpdateMock(actor.scope, project_id, id, change, now));
    boost::json::object detail;
    if (spec_version_id) detail["spec_version_id"] = *spec_version_id;
    if (name) detail["name"] = *name;
    if (config) detail["config"] = *config;
    if (port) detail["port"] = *port ? boost::json::value(**port) : nullptr;
    return RecordAudit(tx, actor, "mock.update", "mock", record.id, detail, now);
  });
  if (!updated.ok()) {
    // Back to the port the mock had.
    if (port && *port && before.port) (void)ports_.Open(before.id, static_cast<int>(*before.port));
    if (port && *port && !before.port) ports_.Close(before.id);
    return updated;
  }
  if (port && !*port) ports_.Close(record.id);
  hosted_.Reload(record.id);
  PublishChange(hosted_, "updated", record.id);
  return View(std::move(record));
}

absl::Status MockService::Delete(const Actor& actor, std::string_view project_id,
                                 std::string_view id) {
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::MockRepository(tx).DeleteMock(actor.scope, project_id, id));
    return RecordAudit(tx, actor, "mock.delete", "mock", id, {{"project_id", project_id}}, now);
  }));
  ports_.Close(std::string(id));
  hosted_.Forget(std::string(id));
  PublishChange(hosted_, "deleted", id);
  return absl::OkStatus();
}

absl::StatusOr<MockView> MockService::Reset(const Actor& actor, std::string_view project_id,
                                            std::string_view id) {
  ASSIGN_OR_RETURN(auto record, store::MockRepository(db_).GetMock(actor.scope, project_id, id));
  const std::int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    return RecordAudit(tx, actor, "mock.reset", "mock", record.id, {{"project_id", project_id}},
                       now);
  }));
  hosted_.Reset(record.id);
  PublishChange(hosted_, "reset", record.id);
  return View(std::move(record));
}

absl::StatusOr<std::vector<mock::JournalEntry>> MockService::Journal(const Actor& actor,
                                                                     std::string_view project_id,
                                                                     std::string_view id) {
  ASSIGN_OR_RETURN(auto record, store::MockRepository(db_).GetMock(actor.scope, project_id, id));
  return hosted_.JournalOf(record.id);
}

}  // namespace icopilot::services
