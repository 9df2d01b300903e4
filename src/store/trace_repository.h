// Traces per project and environment, the environments' ingest signing secrets, the
// replay guard of signed requests, and each project's trace settings (redaction rules,
// retention). Vendors read every trace of their projects; partners only their own org's.
// Ingest is authenticated by signature, not by a user: its calls are unscoped and take
// the environment the signature was checked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"
#include "store/scope.h"

namespace icopilot::store {

class TraceRepository {
 public:
  explicit TraceRepository(SqlExecutor& db) : db_(db) {}

  // Violations found in the project's traces since `since` (the hourly alert's count).
  absl::StatusOr<std::int64_t> ViolationsSince(std::string_view project_id, std::int64_t since);

  // --- read by users (scoped)
  absl::StatusOr<Page<TraceRecord>> ListTraces(const Scope& scope, std::string_view project_id,
                                               const TraceFilter& filter, const PageRequest& page);
  absl::StatusOr<TraceRecord> GetTrace(const Scope& scope, std::string_view project_id,
                                       std::string_view id);
  // What trace_daily holds (summed as traces are stored, so it still counts traces that
  // retention removed since): per partner since its first call, and per partner,
  // operation and day for the days [from, to) touches (partners: only their own org).
  absl::StatusOr<std::vector<TracePartnerFirsts>> PartnerFirsts(const Scope& scope,
                                                                std::string_view project_id);
  absl::StatusOr<std::vector<TraceDailyCount>> DailyCounts(const Scope& scope,
                                                           std::string_view project_id,
                                                           std::int64_t from, std::int64_t to);

  // --- settings and secrets (vendor, scoped)
  // The settings JSON, "{}" when never set. Any user who sees the project may read them.
  absl::StatusOr<std::string> GetSettings(const Scope& scope, std::string_view project_id);
  absl::Status SetSettings(const Scope& scope, std::string_view project_id,
                           const std::string& settings, std::int64_t now);
  // Adds a secret for the environment; the ones still current expire at now + grace.
  absl::StatusOr<TraceSecretRecord> RotateSecret(const Scope& scope, std::string_view project_id,
                                                 std::string_view environment_id,
                                                 const std::string& sealed, std::int64_t now,
                                                 std::int64_t grace_ms);
  // The environment's secrets, newest first (expired ones included).
  absl::StatusOr<std::vector<TraceSecretRecord>> ListSecrets(const Scope& scope,
                                                             std::string_view project_id,
                                                             std::string_view environment_id);

  // --- ingest (unscoped: the caller proved the environment's secret)
  struct IngestTarget {
    std::string org_id;
    std::string project_id;
    std::vector<std::string> secrets_sealed;   // the ones valid at `now`
    std::string settings;                      // "{}" when never set
    std::vector<std::string> partner_org_ids;  // the project's partners
    std::string spec_version_id;               // the newest; "" when none
    std::string base_url;                      // the environment's
  };
  // NotFound when no environment has this id.
  absl::StatusOr<IngestTarget> GetIngestTarget(std::string_view environment_id, std::int64_t now);
  // (label, document) of a spec version, unscoped: for the contract check of ingest.
  absl::StatusOr<std::pair<std::string, std::string>> SpecDocument(
      std::string_view spec_version_id);
  // Marks `signature` as used until `expires_at` (AlreadyExists when it already was) and
  // stores `traces`, in one transaction of `db`. An empty signature skips the guard.
  static absl::Status StoreSigned(Database& db, std::string_view environment_id,
                                  std::string_view signature, std::int64_t expires_at,
                                  std::vector<TraceRecord>& traces);
  absl::Status InsertTraces(std::vector<TraceRecord>& traces);

  // --- background retention
  // Every project's id with its settings JSON ("{}" when never set).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ProjectSettings();
  // Each returns how many traces it deleted.
  absl::StatusOr<std::int64_t> DeleteTracesBefore(std::string_view project_id, std::int64_t cutoff);
  absl::StatusOr<std::int64_t> KeepNewestTraces(std::string_view project_id, std::int64_t count);
  absl::Status PurgeReplayMarks(std::int64_t now);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
