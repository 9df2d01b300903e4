// Spec drift (docs/spec-drift.md): where the project's partners use each operation (their
// recent traces, their saved cases, the runs their current certificates rest on), and the
// drift report kept for each new spec version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

// One piece of evidence that a partner uses an operation.
struct OperationUse {
  std::string operation_id;
  std::string partner_org_id;
  std::string kind;    // trace (the newest in the window), saved_case, certified_run
  std::string ref;     // the trace's, saved case's or certificate's id
  std::string detail;  // a saved case's name, a certified run's id
  std::int64_t at = 0;
};

struct DriftRecord {
  std::string version_id;
  std::string project_id;
  std::string previous_version_id;
  std::string report;  // JSON
  std::int64_t breaking = 0;
  std::int64_t partners = 0;
  std::int64_t created_at = 0;
};

class DriftRepository {
 public:
  explicit DriftRepository(SqlExecutor& db) : db_(db) {}

  // Evidence of use of `operation_ids` by the project's partners: each partner's newest
  // trace of the operation since `traces_since`, its saved cases of it, and the runs of
  // its certificates current at `certified_at` that have a case of it.
  absl::StatusOr<std::vector<OperationUse>> Uses(std::string_view project_id,
                                                 const std::vector<std::string>& operation_ids,
                                                 std::int64_t traces_since,
                                                 std::int64_t certified_at);
  // Partner org id to name, for the project's partners.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Partners(
      std::string_view project_id);

  // The version stored just before `version_id` in its project; nullopt for the first.
  absl::StatusOr<std::optional<std::string>> PreviousVersion(std::string_view project_id,
                                                             std::string_view version_id);
  // A version's project and org, whatever the caller (for the background report).
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> VersionOwner(
      std::string_view version_id);

  absl::Status Put(const DriftRecord& record);
  absl::StatusOr<std::optional<DriftRecord>> Get(std::string_view project_id,
                                                 std::string_view version_id);
  // Versions of any project stored after another and with no drift report yet, oldest
  // first: what a crash left undone.
  absl::StatusOr<std::vector<std::string>> VersionsWithoutReport(std::int64_t limit);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
