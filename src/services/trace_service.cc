#include "services/trace_service.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "contract/operation_index.h"
#include "core/json.h"
#include "core/signed_payload.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "spec/load.h"
#include "store/trace_repository.h"
#include "store/visibility.h"
#include "traces/har.h"
#include "traces/trace.h"

namespace icopilot::services {
namespace {

constexpr std::int64_t kMaxGraceSeconds = 7 * 24 * 3600;
constexpr std::size_t kMaxCachedContracts = 16;
constexpr std::size_t kMaxCachedRedactors = 64;

std::string ViolationKeywords(const traces::Trace& trace) {
  std::vector<std::string> keywords;
  for (const auto& violation : trace.violations) keywords.push_back(violation.keyword);
  std::sort(keywords.begin(), keywords.end());
  keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
  std::string out = ",";
  for (const auto& keyword : keywords) out += StrCat(keyword, ",");
  return out;
}

template <typename Map>
void Remember(Map& cache, std::size_t limit, const std::string& key,
              typename Map::mapped_type value) {
  if (cache.size() >= limit) cache.clear();  // rare: specs and settings change seldom
  cache[key] = std::move(value);
}

// What every trace of one source and environment shares.
store::TraceRecord BaseRecord(const store::TraceRepository::IngestTarget& target,
                              std::string_view environment_id, std::string_view source,
                              std::int64_t now) {
  store::TraceRecord base;
  base.org_id = target.org_id;
  base.project_id = target.project_id;
  base.environment_id = std::string(environment_id);
  base.source = std::string(source);
  base.received_at = now;
  return base;
}

}  // namespace

absl::StatusOr<TraceService::Checkers> TraceService::CheckersFor(
    const store::TraceRepository::IngestTarget& target) {
  const std::string& spec_version_id = target.spec_version_id;
  const std::string& settings = target.settings;
  Checkers checkers;
  checkers.environment_base_path = contract::BasePathOf(target.base_url);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = contracts_.find(spec_version_id); it != contracts_.end())
      checkers.contract = it->second;
    if (auto it = redactors_.find(settings); it != redactors_.end()) checkers.redactor = it->second;
  }
  if (!checkers.contract && !spec_version_id.empty()) {
    // Compiled outside the lock: a large spec takes a while and other projects go on.
    ASSIGN_OR_RETURN(auto document, store::TraceRepository(db_).SpecDocument(spec_version_id));
    auto compiled = traces::CompiledContract::Create(
        spec::LoadSpecText(document.first, std::move(document.second), spec::StoredVersion()));
    if (compiled.ok()) {
      checkers.contract = *compiled;
      std::lock_guard lock(cache_mutex_);
      Remember(contracts_, kMaxCachedContracts, spec_version_id, checkers.contract);
    }  // a stored version is usable by construction; if not, traces go unchecked
  }
  if (!checkers.redactor) {
    auto redactor = traces::Redactor::Create(DecodeTraceSettings(settings).redaction);
    if (!redactor.ok()) redactor = traces::Redactor::Create();
    checkers.redactor = std::make_shared<const traces::Redactor>(*std::move(redactor));
    std::lock_guard lock(cache_mutex_);
    Remember(redactors_, kMaxCachedRedactors, settings, checkers.redactor);
  }
  return checkers;
}

IngestOutcome TraceService::Process(const traces::IngestBatch& batch, const Checkers& checkers,
                                    const std::vector<std::string>& partners,
                                    store::TraceRecord base,
                                    std::vector<store::TraceRecord>& rows) {
  IngestOutcome outcome;
  outcome.by_line = batch.by_line;
  traces::ContractContext contract =
      checkers.contract ? checkers.contract->context() : traces::ContractContext{};
  contract.environment_base_path = checkers.environment_base_path;
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    const auto& item = batch.items[i];
    if (!item.ok()) {
      outcome.rejected.push_back({batch.positions[i], std::string(item.status().message())});
      continue;
    }
    store::TraceRecord row = base;
    if (!item->partner_id.empty()) {
      if (std::find(partners.begin(), partners.end(), item->partner_id) == partners.end()) {
        outcome.rejected.push_back(
            {batch.positions[i], "partner_id: not a partner org of this project"});
        continue;
      }
      row.partner_org_id = item->partner_id;
    }
    traces::Trace trace = traces::ToTrace(item->exchange, contract, *checkers.redactor);
    row.operation_id = trace.operation_id;
    row.method = trace.method;
    row.status = trace.status;
    row.violation_count = static_cast<std::int64_t>(trace.violations.size());
    row.violation_keywords = ViolationKeywords(trace);
    row.created_at = ParseTimestamp(trace.started_at).value_or(base.received_at);
    row.record = boost::json::serialize(traces::TraceJson(trace));
    rows.push_back(std::move(row));
  }
  return outcome;
}

absl::StatusOr<IngestOutcome> TraceService::Ingest(std::string_view environment_id,
                                                   std::string_view signature,
                                                   std::string_view body, bool atomic) {
  const std::int64_t now = clock_.NowMillis();
  store::TraceRepository repository(db_);
  auto target = repository.GetIngestTarget(environment_id, now);
  if (absl::IsNotFound(target.status()))
    return absl::UnauthenticatedError("unknown environment: no environment has this id");
  RETURN_IF_ERROR(target.status());
  if (target->secrets_sealed.empty())
    return absl::UnauthenticatedError(
        "the environment has no signing secret yet: a vendor creates one with POST "
        "/api/v1/projects/{project_id}/environments/{environment_id}/trace-secrets");
  if (signature.empty())
    return absl::UnauthenticatedError("missing X-Copilot-Signature: t=<unix seconds>,v1=<hex>");
  std::vector<std::string> secrets;
  for (const auto& sealed : target->secrets_sealed) {
    ASSIGN_OR_RETURN(std::string secret, box_.Open(sealed));
    secrets.push_back(std::move(secret));
  }
  ASSIGN_OR_RETURN(std::string used, VerifySignedPayload(signature, body, secrets, now / 1000,
                                                         kSignatureToleranceSeconds));

  ASSIGN_OR_RETURN(traces::IngestBatch batch, traces::ReadIngestBatch(body));
  ASSIGN_OR_RETURN(Checkers checkers, CheckersFor(*target));
  std::vector<store::TraceRecord> rows;
  IngestOutcome outcome = Process(batch, checkers, target->partner_org_ids,
                                  BaseRecord(*target, environment_id, "ingest", now), rows);
  if (atomic && !outcome.rejected.empty()) {
    outcome.stored = false;
    return outcome;
  }
  // The mark outlives the staleness window, so a replay is refused either way.
  absl::Status stored = store::TraceRepository::StoreSigned(
      db_, environment_id, used, now + 2 * kSignatureToleranceSeconds * 1000, rows);
  if (absl::IsAlreadyExists(stored)) return absl::UnauthenticatedError(stored.message());
  RETURN_IF_ERROR(stored);
  for (const auto& row : rows) outcome.trace_ids.push_back(row.id);
  if (on_stored_ && !rows.empty()) on_stored_(rows);
  return outcome;
}

absl::StatusOr<IngestOutcome> TraceService::UploadHar(const Actor& actor,
                                                      std::string_view project_id,
                                                      std::string_view environment_id,
                                                      std::string_view har) {
  const std::int64_t now = clock_.NowMillis();
  store::TraceRepository repository(db_);
  RETURN_IF_ERROR(store::RequireVisibleProject(db_, actor.scope, project_id));
  ASSIGN_OR_RETURN(auto target, repository.GetIngestTarget(environment_id, now));
  if (target.project_id != project_id) return absl::NotFoundError("environment not found");
  ASSIGN_OR_RETURN(traces::HarContents contents, traces::ReadHar(har));
  traces::IngestBatch batch;
  for (std::size_t i = 0; i < contents.exchanges.size(); ++i) {
    batch.items.push_back(traces::IngestItem{std::move(contents.exchanges[i]), ""});
  }
  // Positions are indices into log.entries: the exchanges come in order, skipping the
  // unreadable ones.
  std::size_t next_skipped = 0, entry = 0;
  for (std::size_t i = 0; i < batch.items.size(); ++i, ++entry) {
    while (next_skipped < contents.skipped.size() &&
           contents.skipped[next_skipped].index == entry) {
      ++next_skipped;
      ++entry;
    }
    batch.positions.push_back(entry);
  }
  ASSIGN_OR_RETURN(Checkers checkers, CheckersFor(target));
  store::TraceRecord base = BaseRecord(target, environment_id, "har", now);
  base.partner_org_id = actor.scope.is_partner() ? actor.scope.org_id : "";
  std::vector<store::TraceRecord> rows;
  IngestOutcome outcome = Process(batch, checkers, target.partner_org_ids, base, rows);
  for (const auto& skipped : contents.skipped)
    outcome.rejected.push_back({skipped.index, skipped.reason});
  std::sort(outcome.rejected.begin(), outcome.rejected.end(),
            [](const auto& a, const auto& b) { return a.position < b.position; });
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::TraceRepository(tx).InsertTraces(rows));
    return RecordAudit(tx, actor, "traces.upload_har", "environment", environment_id,
                       {{"project_id", std::string(project_id)},
                        {"traces", static_cast<std::int64_t>(rows.size())},
                        {"rejected", static_cast<std::int64_t>(outcome.rejected.size())}},
                       now);
  }));
  for (const auto& row : rows) outcome.trace_ids.push_back(row.id);
  if (on_stored_ && !rows.empty()) on_stored_(rows);
  return outcome;
}

absl::Status TraceService::RecordProxied(std::string_view environment_id,
                                         std::string_view partner_org_id,
                                         traces::Exchange exchange) {
  const std::int64_t now = clock_.NowMillis();
  store::TraceRepository repository(db_);
  ASSIGN_OR_RETURN(auto target, repository.GetIngestTarget(environment_id, now));
  ASSIGN_OR_RETURN(Checkers checkers, CheckersFor(target));
  traces::IngestBatch batch;
  batch.items.push_back(traces::IngestItem{std::move(exchange), std::string(partner_org_id)});
  batch.positions.push_back(0);
  std::vector<store::TraceRecord> rows;
  IngestOutcome outcome = Process(batch, checkers, target.partner_org_ids,
                                  BaseRecord(target, environment_id, "proxy", now), rows);
  if (!outcome.rejected.empty()) return absl::InvalidArgumentError(outcome.rejected.front().reason);
  RETURN_IF_ERROR(repository.InsertTraces(rows));
  if (on_stored_ && !rows.empty()) on_stored_(rows);
  return absl::OkStatus();
}

std::optional<std::string> TraceService::ApiKeyHeader(std::string_view environment_id) {
  auto target = store::TraceRepository(db_).GetIngestTarget(environment_id, clock_.NowMillis());
  if (!target.ok()) return std::nullopt;
  auto checkers = CheckersFor(*target);
  if (!checkers.ok() || !checkers->contract) return std::nullopt;
  for (const auto& scheme : checkers->contract->spec().security_schemes)
    if (scheme.type == spec::SchemeType::kApiKey && scheme.in == spec::ParameterIn::kHeader)
      return scheme.parameter_name;
  return std::nullopt;
}

absl::StatusOr<NewTraceSecret> TraceService::RotateSecret(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::string_view environment_id,
                                                          std::int64_t grace_seconds) {
  if (grace_seconds < 0 || grace_seconds > kMaxGraceSeconds)
    return absl::InvalidArgumentError(
        StrCat("grace_seconds: from 0 to ", kMaxGraceSeconds, " (7 days)"));
  const std::int64_t now = clock_.NowMillis();
  NewTraceSecret created;
  created.secret = StrCat("icts_", RandomToken(32));
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(created.record, store::TraceRepository(tx).RotateSecret(
                                         actor.scope, project_id, environment_id,
                                         box_.Seal(created.secret), now, grace_seconds * 1000));
    return RecordAudit(tx, actor, "environment.trace_secret.rotate", "environment", environment_id,
                       {{"project_id", std::string(project_id)},
                        {"secret_id", created.record.id},
                        {"grace_seconds", grace_seconds}},
                       now);
  }));
  return created;
}

absl::StatusOr<std::vector<store::TraceSecretRecord>> TraceService::ListSecrets(
    const Actor& actor, std::string_view project_id, std::string_view environment_id) {
  return store::TraceRepository(db_).ListSecrets(actor.scope, project_id, environment_id);
}

absl::StatusOr<TraceSettings> TraceService::GetSettings(const Actor& actor,
                                                        std::string_view project_id) {
  ASSIGN_OR_RETURN(std::string text,
                   store::TraceRepository(db_).GetSettings(actor.scope, project_id));
  return DecodeTraceSettings(text);
}

absl::StatusOr<TraceSettings> TraceService::SetSettings(const Actor& actor,
                                                        std::string_view project_id,
                                                        const TraceSettings& settings) {
  const std::int64_t now = clock_.NowMillis();
  boost::json::object json = TraceSettingsJson(settings);
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::TraceRepository(tx).SetSettings(actor.scope, project_id,
                                                           boost::json::serialize(json), now));
    return RecordAudit(tx, actor, "project.trace_settings.update", "project", project_id, json,
                       now);
  }));
  return settings;
}

absl::StatusOr<store::Page<store::TraceRecord>> TraceService::ListTraces(
    const Actor& actor, std::string_view project_id, const store::TraceFilter& filter,
    const store::PageRequest& page) {
  return store::TraceRepository(db_).ListTraces(actor.scope, project_id, filter, page);
}

absl::StatusOr<store::TraceRecord> TraceService::GetTrace(const Actor& actor,
                                                          std::string_view project_id,
                                                          std::string_view id) {
  return store::TraceRepository(db_).GetTrace(actor.scope, project_id, id);
}

absl::StatusOr<boost::json::object> TraceService::Activity(const Actor& actor,
                                                           std::string_view project_id,
                                                           std::int64_t days) {
  if (days < 1 || days > 366) return absl::InvalidArgumentError("days: from 1 to 366");
  constexpr std::int64_t kDay = 86'400'000;
  const std::int64_t now = clock_.NowMillis();
  const std::int64_t from = (now / kDay - days + 1) * kDay;
  store::TraceRepository repository(db_);
  ASSIGN_OR_RETURN(auto firsts, repository.PartnerFirsts(actor.scope, project_id));
  ASSIGN_OR_RETURN(auto daily, repository.DailyCounts(actor.scope, project_id, from, now + 1));
  boost::json::array partners;
  for (const auto& first : firsts) {
    boost::json::array operations;
    for (const auto& count : daily) {
      if (count.partner_org_id != first.partner_org_id) continue;
      operations.push_back(boost::json::object{
          {"operation_id", count.operation_id.empty() ? boost::json::value(nullptr)
                                                      : boost::json::value(count.operation_id)},
          {"day", FormatTimestamp(count.day * kDay).substr(0, 10)},
          {"calls", count.calls},
          {"errors", count.errors},
          {"error_rate", count.calls > 0 ? static_cast<double>(count.errors) / count.calls : 0.0},
          {"with_violations", count.with_violations}});
    }
    partners.push_back(boost::json::object{
        {"partner_id", first.partner_org_id.empty() ? boost::json::value(nullptr)
                                                    : boost::json::value(first.partner_org_id)},
        {"calls", first.calls},
        {"first_call_at", FormatTimestamp(first.first_call)},
        {"first_success_at", first.first_success
                                 ? boost::json::value(FormatTimestamp(*first.first_success))
                                 : boost::json::value(nullptr)},
        {"daily", std::move(operations)}});
  }
  return boost::json::object{{"days", days}, {"partners", std::move(partners)}};
}

absl::StatusOr<std::int64_t> TraceService::ApplyRetention() {
  constexpr std::int64_t kDay = 86'400'000;
  const std::int64_t now = clock_.NowMillis();
  store::TraceRepository repository(db_);
  ASSIGN_OR_RETURN(auto projects, repository.ProjectSettings());
  std::int64_t deleted = 0;
  for (const auto& [project_id, text] : projects) {
    TraceSettings settings = DecodeTraceSettings(text);
    ASSIGN_OR_RETURN(auto by_age,
                     repository.DeleteTracesBefore(project_id, now - settings.max_age_days * kDay));
    ASSIGN_OR_RETURN(auto by_count, repository.KeepNewestTraces(project_id, settings.max_count));
    deleted += by_age + by_count;
  }
  RETURN_IF_ERROR(repository.PurgeReplayMarks(now));
  return deleted;
}

}  // namespace icopilot::services
