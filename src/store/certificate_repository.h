// Certificates as they were signed (docs/certificates.md), and the server's signing keys
// with their secret halves sealed. A certificate is never rewritten: later evidence only
// marks it stale, with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "store/database.h"

namespace icopilot::store {

struct SigningKeyRecord {
  std::string id;
  std::string public_key;     // base64
  std::string secret_sealed;  // SecretBox-sealed raw secret key
  std::int64_t created_at = 0;
};

struct CertificateRecord {
  std::string id;
  std::string org_id;
  std::string project_id;
  std::string partner_org_id;
  std::string environment_id;
  std::string environment_name;
  std::string spec_version_id;
  std::string run_id;
  std::string key_id;
  std::string sha256;
  std::string document;  // the signed file, byte for byte
  std::string issued_by;
  std::int64_t issued_at = 0;
  std::optional<std::int64_t> stale_at;
  std::string stale_reason;
};

class CertificateRepository {
 public:
  explicit CertificateRepository(SqlExecutor& db) : db_(db) {}

  // The oldest key: the one certificates are signed with.
  absl::StatusOr<std::optional<SigningKeyRecord>> SigningKey();
  absl::Status InsertSigningKey(const SigningKeyRecord& key);

  absl::Status Insert(const CertificateRecord& certificate);
  // A partner's certificates for the project, newest first.
  absl::StatusOr<std::vector<CertificateRecord>> List(std::string_view project_id,
                                                      std::string_view partner_org_id);
  absl::StatusOr<CertificateRecord> Get(std::string_view project_id,
                                        std::string_view partner_org_id, std::string_view id);
  // The current certificates MarkStale would mark, with the same arguments.
  absl::StatusOr<std::vector<CertificateRecord>> Current(std::string_view project_id,
                                                         std::string_view partner_org_id,
                                                         std::string_view environment_id);
  // Marks the current certificates of a partner in an environment (or, with both empty,
  // of the whole project) stale; returns how many.
  absl::StatusOr<std::int64_t> MarkStale(std::string_view project_id,
                                         std::string_view partner_org_id,
                                         std::string_view environment_id, const std::string& reason,
                                         std::int64_t now);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
