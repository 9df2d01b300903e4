// Spec versions of a project and the hosted mocks made from them: upload a spec (checked
// by the spec engine before it is kept), create, configure, reset and delete mocks, read
// their health, traffic and journal. Writes are audited; changes reach the running mocks
// through HostedMocks.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "services/dedicated_ports.h"
#include "services/hosted_mocks.h"
#include "services/loaded_versions.h"
#include "services/spec_check.h"
#include "store/database.h"
#include "store/mock_repository.h"
#include "store/records.h"

namespace icopilot::services {

struct MockView {
  store::MockRecord record;
  MockCredentials credentials;
  MockHealth health;
};

class MockService {
 public:
  MockService(store::Database& db, const Clock& clock, const SecretBox& box, HostedMocks& hosted,
              DedicatedPorts& ports)
      : db_(db), clock_(clock), box_(box), hosted_(hosted), ports_(ports) {}

  // What the spec engine found, and the stored version unless the document is unusable
  // (then nothing is stored and `check` says why, placed). InvalidArgument on a bad label.
  struct AddedSpecVersion {
    std::optional<store::SpecVersion> stored;
    SpecCheck check;
  };
  absl::StatusOr<AddedSpecVersion> AddSpecVersion(const Actor& actor, std::string_view project_id,
                                                  std::string_view label, std::string document);
  // Called after a version was stored (certificates resting on the previous one go stale).
  // Set before the server serves.
  void OnSpecVersionAdded(std::function<void(const store::SpecVersion&)> hook) {
    on_spec_version_added_ = std::move(hook);
  }
  absl::StatusOr<store::Page<store::SpecVersion>> ListSpecVersions(const Actor& actor,
                                                                   std::string_view project_id,
                                                                   const store::PageRequest& page);
  absl::StatusOr<store::SpecVersion> GetSpecVersion(const Actor& actor, std::string_view project_id,
                                                    std::string_view id);
  // The version's API reference (contract/reference.h): its table of contents, and one
  // operation or webhook in full. Whoever sees the version may read it.
  absl::StatusOr<boost::json::object> ReferenceContents(const Actor& actor,
                                                        std::string_view project_id,
                                                        std::string_view id);
  absl::StatusOr<boost::json::object> OperationReference(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view id,
                                                         std::string_view operation_id);

  // The version loaded for reading, when the actor sees it (checked on every call, also
  // when it is already loaded: the cache is shared by every org).
  absl::StatusOr<std::shared_ptr<const LoadedVersion>> LoadVersion(const Actor& actor,
                                                                   std::string_view project_id,
                                                                   std::string_view id);
  // The project's newest version; NotFound when it has none yet.
  absl::StatusOr<store::SpecVersion> LatestSpecVersion(const Actor& actor,
                                                       std::string_view project_id);

  // `config` is the mock's JSON settings (mock/mock_config.h), checked before it is kept.
  // With `port`, the mock also answers on that port (1024-65535); FailedPrecondition when
  // it cannot be bound.
  absl::StatusOr<MockView> Create(const Actor& actor, std::string_view project_id,
                                  std::string_view spec_version_id, std::string_view name,
                                  const std::string& config, std::optional<std::int64_t> port);
  absl::StatusOr<store::Page<MockView>> List(const Actor& actor, std::string_view project_id,
                                             const store::PageRequest& page);
  absl::StatusOr<MockView> Get(const Actor& actor, std::string_view project_id,
                               std::string_view id);
  // Fields left nullopt keep their value; every instance serves the change from its next
  // request on.
  absl::StatusOr<MockView> Update(const Actor& actor, std::string_view project_id,
                                  std::string_view id, store::MockRepository::MockChange change);
  absl::Status Delete(const Actor& actor, std::string_view project_id, std::string_view id);
  absl::StatusOr<MockView> Reset(const Actor& actor, std::string_view project_id,
                                 std::string_view id);
  absl::StatusOr<std::vector<mock::JournalEntry>> Journal(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::string_view id);

 private:
  absl::StatusOr<MockView> View(store::MockRecord record);

  store::Database& db_;
  const Clock& clock_;
  const SecretBox& box_;
  HostedMocks& hosted_;
  DedicatedPorts& ports_;
  LoadedVersions loaded_;
  std::function<void(const store::SpecVersion&)> on_spec_version_added_;
};

}  // namespace icopilot::services
