// Traces in the platform: signed ingest from a vendor's gateway, HAR uploads, and the
// traces the proxy records; each checked against the project's newest spec version and
// redacted with the project's rules before it is stored; then queried, aggregated per
// partner and expired by retention. Signing secrets are per environment, sealed at rest,
// shown once, rotated with a grace period.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "services/trace_settings.h"
#include "store/database.h"
#include "store/records.h"
#include "store/trace_repository.h"
#include "traces/compiled_contract.h"
#include "traces/ingest.h"
#include "traces/redaction.h"

namespace icopilot::services {

// What became of a batch: the accepted items are stored; each rejected one has its
// position (array index, or line for newline-delimited JSON) and the reason.
struct IngestOutcome {
  struct Rejected {
    std::size_t position = 0;
    std::string reason;
  };
  std::vector<std::string> trace_ids;
  std::vector<Rejected> rejected;
  bool by_line = false;
  bool stored = true;  // false when an atomic batch was refused
};

// A new signing secret: the value is returned this once.
struct NewTraceSecret {
  store::TraceSecretRecord record;
  std::string secret;
};

// Replayed signatures are remembered this long: past the 5-minute staleness window.
inline constexpr std::int64_t kSignatureToleranceSeconds = 300;

class TraceService {
 public:
  TraceService(store::Database& db, const Clock& clock, const SecretBox& box)
      : db_(db), clock_(clock), box_(box) {}

  // Signed ingest. Unauthenticated with the reason for an unknown environment, a missing,
  // malformed, stale or wrong signature and a replay (nothing stored); InvalidArgument with
  // the position when the body cannot be read at all.
  absl::StatusOr<IngestOutcome> Ingest(std::string_view environment_id, std::string_view signature,
                                       std::string_view body, bool atomic);
  // A HAR file uploaded by a user to an environment of the project; a partner's traces
  // are its org's.
  absl::StatusOr<IngestOutcome> UploadHar(const Actor& actor, std::string_view project_id,
                                          std::string_view environment_id, std::string_view har);

  // An exchange the proxy relayed for `environment_id`; `partner_org_id` is "" for the
  // vendor's own calls. The caller authenticated who made it.
  absl::Status RecordProxied(std::string_view environment_id, std::string_view partner_org_id,
                             traces::Exchange exchange);

  // The header an API key goes in for the environment's project: its newest spec's first
  // apiKey scheme in a header; nullopt when the spec has none.
  std::optional<std::string> ApiKeyHeader(std::string_view environment_id);

  absl::StatusOr<NewTraceSecret> RotateSecret(const Actor& actor, std::string_view project_id,
                                              std::string_view environment_id,
                                              std::int64_t grace_seconds);
  absl::StatusOr<std::vector<store::TraceSecretRecord>> ListSecrets(
      const Actor& actor, std::string_view project_id, std::string_view environment_id);

  absl::StatusOr<TraceSettings> GetSettings(const Actor& actor, std::string_view project_id);
  absl::StatusOr<TraceSettings> SetSettings(const Actor& actor, std::string_view project_id,
                                            const TraceSettings& settings);

  absl::StatusOr<store::Page<store::TraceRecord>> ListTraces(const Actor& actor,
                                                             std::string_view project_id,
                                                             const store::TraceFilter& filter,
                                                             const store::PageRequest& page);
  absl::StatusOr<store::TraceRecord> GetTrace(const Actor& actor, std::string_view project_id,
                                              std::string_view id);
  // Per partner: first call, first successful call, and calls, errors and calls with
  // violations per operation per day over the last `days` days.
  absl::StatusOr<boost::json::object> Activity(const Actor& actor, std::string_view project_id,
                                               std::int64_t days);

  // Called with each batch of traces once stored (plan boards read them as evidence). Set
  // before the server serves.
  void OnStored(std::function<void(const std::vector<store::TraceRecord>&)> hook) {
    on_stored_ = std::move(hook);
  }

  // Deletes traces past each project's retention; returns how many.
  absl::StatusOr<std::int64_t> ApplyRetention();

 private:
  struct Checkers {
    std::shared_ptr<const traces::CompiledContract> contract;  // null: no spec yet
    std::shared_ptr<const traces::Redactor> redactor;
    std::string environment_base_path;  // of the environment's base URL
  };
  absl::StatusOr<Checkers> CheckersFor(const store::TraceRepository::IngestTarget& target);
  // Checks, redacts and turns the items into rows; rejects what cannot be stored.
  IngestOutcome Process(const traces::IngestBatch& batch, const Checkers& checkers,
                        const std::vector<std::string>& partners, store::TraceRecord base,
                        std::vector<store::TraceRecord>& rows);

  store::Database& db_;
  const Clock& clock_;
  const SecretBox& box_;
  std::mutex cache_mutex_;
  std::map<std::string, std::shared_ptr<const traces::CompiledContract>, std::less<>> contracts_;
  std::map<std::string, std::shared_ptr<const traces::Redactor>, std::less<>> redactors_;
  std::function<void(const std::vector<store::TraceRecord>&)> on_stored_;
};

}  // namespace icopilot::services
