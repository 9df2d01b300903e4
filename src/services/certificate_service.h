// Certification (docs/certificates.md): a vendor certifies a partner for an environment
// whose readiness is "ready"; the server freezes the report, the run and the spec version
// it rests on, and signs them with its Ed25519 key. Later evidence (a failing run there, a
// new spec version) marks the certificate stale; nothing rewrites it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "services/actor.h"
#include "store/certificate_repository.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::services {

class ReadinessService;

struct PublicSigningKey {
  std::string key_id;
  std::string public_key;  // base64
};

class CertificateService {
 public:
  CertificateService(store::Database& db, const Clock& clock, const SecretBox& box,
                     ReadinessService& readiness)
      : db_(db), clock_(clock), box_(box), readiness_(readiness) {}

  // The key certificates are checked with; made on first use.
  absl::StatusOr<PublicSigningKey> PublicKey();

  // FailedPrecondition, saying why, unless the partner is ready in that environment.
  absl::StatusOr<store::CertificateRecord> Certify(const Actor& actor, std::string_view project_id,
                                                   std::string_view partner_org_id,
                                                   std::string_view environment_id);
  // The vendor reads any of its partners' certificates; a partner its own.
  absl::StatusOr<std::vector<store::CertificateRecord>> List(const Actor& actor,
                                                             std::string_view project_id,
                                                             std::string_view partner_org_id);
  absl::StatusOr<store::CertificateRecord> Get(const Actor& actor, std::string_view project_id,
                                               std::string_view partner_org_id,
                                               std::string_view certificate_id);

  // Evidence that may make certificates stale. Errors are logged, not returned.
  void OnRunFinished(const store::RunRecord& run);
  void OnSpecVersionAdded(const store::SpecVersion& version);

 private:
  absl::StatusOr<SigningKey> LoadOrCreateKey();
  void MarkStale(std::string_view project_id, std::string_view partner_org_id,
                 std::string_view environment_id, const std::string& reason);

  store::Database& db_;
  const Clock& clock_;
  const SecretBox& box_;
  ReadinessService& readiness_;
};

}  // namespace icopilot::services
