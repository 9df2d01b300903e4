// The golden suite's rows, per project: environments (vendor-owned; partners see them and
// may keep credentials of their own for one, which only their org reads), the test
// profile of a spec version, and runs with their cases. Vendors see every run of their
// projects; partners only their own org's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"
#include "store/scope.h"

namespace icopilot::store {

class GoldenRepository {
 public:
  explicit GoldenRepository(SqlExecutor& db) : db_(db) {}

  absl::StatusOr<EnvironmentRecord> CreateEnvironment(const Scope& scope, EnvironmentRecord env);
  absl::StatusOr<std::vector<EnvironmentRecord>> ListEnvironments(const Scope& scope,
                                                                  std::string_view project_id);
  absl::StatusOr<EnvironmentRecord> GetEnvironment(const Scope& scope, std::string_view project_id,
                                                   std::string_view id);
  // The environment with this id in any project `scope` can see.
  absl::StatusOr<EnvironmentRecord> FindEnvironment(const Scope& scope, std::string_view id);
  // Replaces the row's fields (vendor only).
  absl::StatusOr<EnvironmentRecord> UpdateEnvironment(const Scope& scope, EnvironmentRecord env);
  absl::Status DeleteEnvironment(const Scope& scope, std::string_view project_id,
                                 std::string_view id);

  // The partner org's own credentials for an environment (sealed JSON), if any.
  absl::StatusOr<std::optional<std::string>> PartnerCredentials(const Scope& scope,
                                                                std::string_view environment_id);
  absl::Status SetPartnerCredentials(const Scope& scope, std::string_view project_id,
                                     std::string_view environment_id, const std::string& sealed,
                                     std::int64_t now);

  // What a spec version's profile is made of: its document (to detect categories from)
  // and the vendor's overrides (JSON object text).
  struct ProfileSource {
    std::string document;
    std::string document_label;
    std::string overrides;
  };
  absl::StatusOr<ProfileSource> GetProfile(const Scope& scope, std::string_view project_id,
                                           std::string_view spec_version_id);
  absl::Status SetProfile(const Scope& scope, std::string_view project_id,
                          std::string_view spec_version_id, const std::string& profile);

  absl::StatusOr<RunRecord> CreateRun(const Scope& scope, RunRecord run);
  absl::StatusOr<Page<RunRecord>> ListRuns(const Scope& scope, std::string_view project_id,
                                           const PageRequest& page);
  absl::StatusOr<RunRecord> GetRun(const Scope& scope, std::string_view project_id,
                                   std::string_view id);
  absl::StatusOr<std::vector<RunCaseRecord>> ListRunCases(const Scope& scope,
                                                          std::string_view project_id,
                                                          std::string_view run_id);
  absl::StatusOr<RunCaseRecord> GetRunCase(const Scope& scope, std::string_view project_id,
                                           std::string_view run_id, std::int64_t position);
  // Runs queued by `requester` (its user id) in the last `since_ms`: the rate limit.
  absl::StatusOr<std::int64_t> CountRecentRuns(std::string_view user_id, std::int64_t since_ms);

  // The worker's side, unscoped: it acts for whoever queued the run.
  // The oldest queued run, or a running one whose lease expired, leased to `owner` (an
  // instance) for `lease_ms`; nullopt when none is waiting.
  absl::StatusOr<std::optional<RunRecord>> ClaimNextRun(std::int64_t now, std::string_view owner,
                                                        std::int64_t lease_ms);
  // Extends the lease; false when `owner` no longer holds it (taken over, or ended).
  absl::StatusOr<bool> RenewLease(std::string_view run_id, std::string_view owner,
                                  std::int64_t until);
  // Lets the run be taken up at once (this instance is stopping).
  absl::Status ReleaseRun(std::string_view run_id, std::string_view owner);
  // The categories in which a run has required cases, in order.
  absl::StatusOr<std::vector<std::string>> RequiredCategories(std::string_view run_id);
  // Aborted when `owner` lost the lease: nothing is written.
  absl::Status FinishRun(std::string_view run_id, std::string_view owner,
                         const std::vector<RunCaseRecord>& cases, const std::string& summary,
                         bool passed, std::int64_t now);
  // The counts so far of a running run (its summary until it finishes).
  absl::Status SetRunProgress(std::string_view run_id, const std::string& summary);
  absl::Status FailRun(std::string_view run_id, std::string_view owner, const std::string& error,
                       std::int64_t now);
  // What running needs: the spec version's document and profile, the environment row and
  // the requester's own credentials.
  struct RunInputs {
    std::string document;
    std::string document_label;
    std::string profile;
    std::optional<EnvironmentRecord> environment;    // nullopt for "mock"
    std::optional<std::string> partner_credentials;  // sealed
  };
  absl::StatusOr<RunInputs> LoadRunInputs(const RunRecord& run);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
