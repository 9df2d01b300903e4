#include "store/certificate_repository.h"

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kColumns =
    "id, org_id, project_id, partner_org_id, environment_id, environment_name, "
    "spec_version_id, run_id, key_id, sha256, document, issued_by, issued_at, stale_at, "
    "stale_reason";

CertificateRecord ReadCertificate(const Row& row) {
  return {row.Text(0),  row.Text(1),  row.Text(2), row.Text(3),         row.Text(4),
          row.Text(5),  row.Text(6),  row.Text(7), row.Text(8),         row.Text(9),
          row.Text(10), row.Text(11), row.Int(12), row.OptionalInt(13), row.Text(14)};
}

}  // namespace

absl::StatusOr<std::optional<SigningKeyRecord>> CertificateRepository::SigningKey() {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT id, public_key, secret_sealed, created_at FROM "
                                        "signing_keys ORDER BY created_at, id LIMIT 1",
                                        {}));
  if (rows.empty()) return std::optional<SigningKeyRecord>();
  return SigningKeyRecord{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2), rows[0].Int(3)};
}

absl::Status CertificateRepository::InsertSigningKey(const SigningKeyRecord& key) {
  return db_
      .Execute(
          "INSERT INTO signing_keys (id, public_key, secret_sealed, created_at) "
          "VALUES (?, ?, ?, ?)",
          {key.id, key.public_key, key.secret_sealed, key.created_at})
      .status();
}

absl::Status CertificateRepository::Insert(const CertificateRecord& c) {
  return db_
      .Execute(
          StrCat("INSERT INTO certificates (", kColumns,
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '')"),
          {c.id, c.org_id, c.project_id, c.partner_org_id, c.environment_id, c.environment_name,
           c.spec_version_id, c.run_id, c.key_id, c.sha256, c.document, c.issued_by, c.issued_at})
      .status();
}

absl::StatusOr<std::vector<CertificateRecord>> CertificateRepository::List(
    std::string_view project_id, std::string_view partner_org_id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kColumns,
                                               " FROM certificates WHERE project_id = ? AND "
                                               "partner_org_id = ? ORDER BY issued_at DESC, id"),
                                        {std::string(project_id), std::string(partner_org_id)}));
  std::vector<CertificateRecord> certificates;
  for (const Row& row : rows) certificates.push_back(ReadCertificate(row));
  return certificates;
}

absl::StatusOr<CertificateRecord> CertificateRepository::Get(std::string_view project_id,
                                                             std::string_view partner_org_id,
                                                             std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(StrCat("SELECT ", kColumns,
                                               " FROM certificates WHERE project_id = ? AND "
                                               "partner_org_id = ? AND id = ?"),
                                        {std::string(project_id), std::string(partner_org_id),
                                         std::string(id)}));
  if (rows.empty()) return absl::NotFoundError("certificate not found");
  return ReadCertificate(rows[0]);
}

absl::StatusOr<std::vector<CertificateRecord>> CertificateRepository::Current(
    std::string_view project_id, std::string_view partner_org_id, std::string_view environment_id) {
  std::string sql =
      StrCat("SELECT ", kColumns, " FROM certificates WHERE project_id = ? AND stale_at IS NULL");
  std::vector<SqlValue> params{std::string(project_id)};
  if (!partner_org_id.empty()) {
    sql += " AND partner_org_id = ? AND environment_id = ?";
    params.emplace_back(std::string(partner_org_id));
    params.emplace_back(std::string(environment_id));
  }
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  std::vector<CertificateRecord> out;
  for (const auto& row : rows) out.push_back(ReadCertificate(row));
  return out;
}

absl::StatusOr<std::int64_t> CertificateRepository::MarkStale(std::string_view project_id,
                                                              std::string_view partner_org_id,
                                                              std::string_view environment_id,
                                                              const std::string& reason,
                                                              std::int64_t now) {
  if (partner_org_id.empty()) {
    return db_.Execute(
        "UPDATE certificates SET stale_at = ?, stale_reason = ? WHERE project_id = ? AND "
        "stale_at IS NULL",
        {now, reason, std::string(project_id)});
  }
  return db_.Execute(
      "UPDATE certificates SET stale_at = ?, stale_reason = ? WHERE project_id = ? AND "
      "partner_org_id = ? AND environment_id = ? AND stale_at IS NULL",
      {now, reason, std::string(project_id), std::string(partner_org_id),
       std::string(environment_id)});
}

}  // namespace icopilot::store
