// Spec drift (docs/spec-drift.md): which partners a new spec version breaks. The spec
// engine's diff says what changed and whether it breaks a client; each breaking change of
// an operation is matched with the partners whose recent traces, saved cases or certified
// runs use that operation, with the evidence. A new version's report is kept, the vendor's
// channels hear of it (spec.drift), and each partner it touches finds an open item on its
// plan board saying what to change. A report can also be read before a version is stored
// (a preview of a document), and the project's use of each operation is there for a
// vendor's CI (`icopilot spec diff --partners-from`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "services/actor.h"
#include "spec/diff.h"
#include "spec/load.h"
#include "store/database.h"
#include "store/drift_repository.h"
#include "store/records.h"

namespace icopilot::services {

class MockService;

inline constexpr std::int64_t kDriftTraceWindowMs = 30LL * 24 * 3600 * 1000;  // 30 days

struct DriftPartner {
  std::string id;
  std::string name;
  bool certified = false;  // a current certificate rests on a run that used the operation
  std::vector<store::OperationUse> evidence;
};

struct DriftChange {
  spec::Change change;
  std::string operation_id;            // "" for changes outside an operation
  std::vector<DriftPartner> partners;  // breaking changes only
};

struct DriftReport {
  std::string from_version_id, from_label;
  std::string to_version_id, to_label;  // "" for a preview
  std::vector<DriftChange> changes;     // breaking first
  std::int64_t breaking = 0;
  std::vector<std::string> partners;  // every partner a breaking change touches
  bool touches_certified = false;
};

boost::json::object DriftJson(const DriftReport& report);

// The report for `before` → `after`, with the project's partners' use as evidence (traces
// since `now` - 30 days, certificates current at `now`).
absl::StatusOr<DriftReport> CompareVersions(store::SqlExecutor& db, std::string_view project_id,
                                            const spec::LoadedSpec& before,
                                            const spec::LoadedSpec& after, std::int64_t now);

class DriftService {
 public:
  DriftService(store::Database& db, const Clock& clock, MockService& specs)
      : db_(db), clock_(clock), specs_(specs) {}

  // The version's report against the one before it (kept when the version was stored).
  // NotFound for a project's first version.
  absl::StatusOr<boost::json::object> Impact(const Actor& actor, std::string_view project_id,
                                             std::string_view version_id);
  // A document not stored, against the project's newest version.
  absl::StatusOr<DriftReport> Preview(const Actor& actor, std::string_view project_id,
                                      const std::string& document);
  // Every operation of the newest version with the partners that use it.
  absl::StatusOr<boost::json::object> Usage(const Actor& actor, std::string_view project_id);

  // After a version is stored: its report kept, the vendor's channels and the partners it
  // touches told, in one transaction. Versions a crash left without a report are done by
  // CatchUp at start.
  void OnSpecVersionAdded(const store::SpecVersion& version);
  void CatchUp();

 private:
  absl::Status Report(const store::SpecVersion& version);

  store::Database& db_;
  const Clock& clock_;
  MockService& specs_;
};

}  // namespace icopilot::services
