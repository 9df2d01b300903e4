#include "services/certificate_service.h"

#include "absl/strings/str_join.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "services/certificate_document.h"
#include "services/notification_events.h"
#include "services/plan_evidence.h"
#include "services/readiness.h"
#include "services/readiness_render.h"
#include "store/plan_repository.h"

namespace icopilot::services {
namespace {

Event CertificateEvent(std::string type, const store::CertificateRecord& c, std::string title) {
  Event event;
  event.type = std::move(type);
  event.org_id = c.org_id;
  event.project_id = c.project_id;
  event.partner_org_id = c.partner_org_id;
  event.environment_id = c.environment_id;
  event.title = std::move(title);
  event.link = StrCat("/projects/", c.project_id, "/plan/", c.partner_org_id, "/readiness");
  event.data = {{"certificate_id", c.id},
                {"run_id", c.run_id},
                {"spec_version_id", c.spec_version_id},
                {"sha256", c.sha256}};
  return event;
}

}  // namespace

absl::StatusOr<SigningKey> CertificateService::LoadOrCreateKey() {
  std::optional<store::SigningKeyRecord> record;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::CertificateRepository keys(tx);
    ASSIGN_OR_RETURN(record, keys.SigningKey());
    if (record) return absl::OkStatus();
    SigningKey made = NewSigningKey();
    record = store::SigningKeyRecord{SigningKeyId(made.public_key), EncodeBase64(made.public_key),
                                     box_.Seal(made.secret_key), clock_.NowMillis()};
    return keys.InsertSigningKey(*record);
  }));
  auto public_key = DecodeBase64(record->public_key);
  ASSIGN_OR_RETURN(auto secret, box_.Open(record->secret_sealed));
  if (!public_key) return absl::InternalError("the stored signing key is not base64");
  return SigningKey{*public_key, std::move(secret)};
}

absl::StatusOr<PublicSigningKey> CertificateService::PublicKey() {
  ASSIGN_OR_RETURN(auto key, LoadOrCreateKey());
  return PublicSigningKey{SigningKeyId(key.public_key), EncodeBase64(key.public_key)};
}

absl::StatusOr<store::CertificateRecord> CertificateService::Certify(
    const Actor& actor, std::string_view project_id, std::string_view partner_org_id,
    std::string_view environment_id) {
  if (actor.scope.is_partner())
    return absl::PermissionDeniedError("only the vendor certifies its partners");
  ASSIGN_OR_RETURN(auto report, readiness_.Report(actor, project_id, partner_org_id));
  const ReadinessEnvironment* env = nullptr;
  for (const auto& one : report.environments)
    if (one.id == environment_id) env = &one;
  if (env == nullptr)
    return absl::InvalidArgumentError(
        "environment_id: not an environment of the project this partner has run in");
  if (env->verdict != "ready") {
    return absl::FailedPreconditionError(
        StrCat(report.partner_name, " is not ready in ", env->name, ": ",
               env->verdict == "blocked"
                   ? StrCat("in run ", env->run->id, ", ", BlockedBy(*env))
                   : std::string("no run has covered every required category there yet")));
  }
  ASSIGN_OR_RETURN(auto key, LoadOrCreateKey());
  const std::int64_t now = clock_.NowMillis();
  store::CertificateRecord record;
  record.id = NewId("cert");
  record.org_id = actor.scope.org_id;
  record.project_id = report.project_id;
  record.partner_org_id = report.partner_org_id;
  record.environment_id = env->id;
  record.environment_name = env->name;
  record.spec_version_id = env->run->spec_version_id;
  record.run_id = env->run->id;
  record.key_id = SigningKeyId(key.public_key);
  record.issued_by = actor.scope.user_id;
  record.issued_at = now;
  boost::json::object facts{
      {"certificate_id", record.id},
      {"statement", StrCat(report.partner_name, " passed every required golden category of ",
                           report.project_name, " in ", env->name, ".")},
      {"issued_at", FormatTimestamp(now)},
      {"issued_by", record.issued_by},
      {"vendor_org_id", record.org_id},
      {"project", {{"id", report.project_id}, {"name", report.project_name}}},
      {"partner", {{"id", report.partner_org_id}, {"name", report.partner_name}}},
      {"environment", {{"id", env->id}, {"name", env->name}}},
      {"spec_version_id", record.spec_version_id},
      {"run",
       {{"id", env->run->id},
        {"finished_at", env->run->finished_at ? FormatTimestamp(*env->run->finished_at) : ""}}},
      {"readiness", ReadinessJson(report)}};
  ASSIGN_OR_RETURN(SignedCertificate signed_certificate, SignCertificate(facts, key));
  record.document = std::move(signed_certificate.document);
  record.sha256 = std::move(signed_certificate.sha256);
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::CertificateRepository(tx).Insert(record));
    RETURN_IF_ERROR(RecordAudit(tx, actor, "certificate.issue", "certificate", record.id,
                                {{"project_id", record.project_id},
                                 {"partner_org_id", record.partner_org_id},
                                 {"environment_id", record.environment_id},
                                 {"sha256", record.sha256}},
                                now));
    return EnqueueEvent(
        tx,
        CertificateEvent("partner.certified", record, "{partner} is certified in {environment}"),
        now);
  }));
  return record;
}

absl::StatusOr<std::vector<store::CertificateRecord>> CertificateService::List(
    const Actor& actor, std::string_view project_id, std::string_view partner_org_id) {
  RETURN_IF_ERROR(
      store::PlanRepository(db_).RequireBoard(actor.scope, project_id, partner_org_id).status());
  return store::CertificateRepository(db_).List(project_id, partner_org_id);
}

absl::StatusOr<store::CertificateRecord> CertificateService::Get(const Actor& actor,
                                                                 std::string_view project_id,
                                                                 std::string_view partner_org_id,
                                                                 std::string_view certificate_id) {
  RETURN_IF_ERROR(
      store::PlanRepository(db_).RequireBoard(actor.scope, project_id, partner_org_id).status());
  return store::CertificateRepository(db_).Get(project_id, partner_org_id, certificate_id);
}

void CertificateService::OnRunFinished(const store::RunRecord& run) {
  if (run.requester_org_id.empty() || run.requester_org_id == run.org_id) return;
  auto runs = store::PlanRepository(db_).FinishedRuns(run.project_id, run.requester_org_id,
                                                      run.environment_id, 1);
  if (!runs.ok() || runs->empty() || runs->front().id != run.id || runs->front().passed) return;
  const auto& failed = runs->front().failed_categories;
  MarkStale(run.project_id, run.requester_org_id, run.environment_id,
            StrCat("run ", run.id, " failed required ",
                   failed.empty() ? std::string("cases") : absl::StrJoin(failed, ", ")));
}

void CertificateService::OnSpecVersionAdded(const store::SpecVersion& version) {
  MarkStale(version.project_id, "", "",
            StrCat("spec version ", version.label.empty() ? version.id : version.label,
                   " was added after it was issued"));
}

// Each certificate that goes stale is a certificate.stale event, in the same transaction.
void CertificateService::MarkStale(std::string_view project_id, std::string_view partner_org_id,
                                   std::string_view environment_id, const std::string& reason) {
  const std::int64_t now = clock_.NowMillis();
  auto marked = db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::CertificateRepository certificates(tx);
    ASSIGN_OR_RETURN(auto current,
                     certificates.Current(project_id, partner_org_id, environment_id));
    if (current.empty()) return absl::OkStatus();
    RETURN_IF_ERROR(
        certificates.MarkStale(project_id, partner_org_id, environment_id, reason, now).status());
    for (const auto& c : current) {
      Event event = CertificateEvent("certificate.stale", c,
                                     "{partner}'s certificate for {environment} is stale");
      event.data["reason"] = reason;
      RETURN_IF_ERROR(EnqueueEvent(tx, event, now));
    }
    return absl::OkStatus();
  });
  if (!marked.ok())
    log::Event("warn", "certificates not marked stale",
               {{"project_id", std::string(project_id)}, {"error", std::string(marked.message())}});
}

}  // namespace icopilot::services
