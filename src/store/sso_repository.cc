#include "store/sso_repository.h"

#include "core/status_macros.h"
#include "core/strings.h"
#include "store/database.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kColumns =
    "org_id, preset, issuer, client_id, client_secret, role_claim, default_role, "
    "password_sign_in, created_at, updated_at";

SsoProvider ProviderFrom(const Row& row) {
  SsoProvider provider;
  provider.org_id = row.Text(0);
  provider.preset = row.Text(1);
  provider.issuer = row.Text(2);
  provider.client_id = row.Text(3);
  provider.client_secret_sealed = row.Text(4);
  provider.role_claim = row.Text(5);
  provider.default_role = ParseRole(row.Text(6)).value_or(Role::kMember);
  provider.password_sign_in = row.Int(7) != 0;
  provider.created_at = row.Int(8);
  provider.updated_at = row.Int(9);
  return provider;
}

}  // namespace

absl::StatusOr<std::optional<SsoProvider>> SsoRepository::FindWhere(std::string_view where,
                                                                    std::string_view value) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(StrCat("SELECT ", kColumns, " FROM sso_providers WHERE ", where),
                             {std::string(value)}));
  if (rows.empty()) return std::optional<SsoProvider>();
  SsoProvider provider = ProviderFrom(rows[0]);
  ASSIGN_OR_RETURN(auto domains,
                   db_.Query("SELECT domain FROM sso_domains WHERE org_id = ? ORDER BY domain",
                             {provider.org_id}));
  for (const Row& row : domains) provider.allowed_domains.push_back(row.Text(0));
  return std::optional<SsoProvider>(std::move(provider));
}

absl::StatusOr<std::optional<SsoProvider>> SsoRepository::Get(const Scope& scope) {
  return FindWhere("org_id = ?", scope.org_id);
}

absl::StatusOr<std::optional<SsoProvider>> SsoRepository::FindByOrg(std::string_view org_id) {
  return FindWhere("org_id = ?", org_id);
}

absl::StatusOr<std::optional<SsoProvider>> SsoRepository::FindByDomain(std::string_view domain) {
  return FindWhere("org_id = (SELECT org_id FROM sso_domains WHERE domain = ?)", domain);
}

absl::Status SsoRepository::Put(const Scope& scope, const SsoProvider& provider) {
  // Checked first: on PostgreSQL a failed INSERT would end the caller's transaction.
  for (const auto& domain : provider.allowed_domains) {
    ASSIGN_OR_RETURN(auto taken,
                     db_.Query("SELECT 1 FROM sso_domains WHERE domain = ? AND org_id <> ?",
                               {domain, scope.org_id}));
    if (!taken.empty())
      return absl::AlreadyExistsError(
          StrCat("allowed_domains: ", domain, " signs in through another org's provider"));
  }
  RETURN_IF_ERROR(
      db_.Execute(StrCat("INSERT INTO sso_providers (", kColumns,
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE "
                         "SET preset = excluded.preset, issuer = excluded.issuer, client_id = "
                         "excluded.client_id, client_secret = excluded.client_secret, role_claim "
                         "= excluded.role_claim, default_role = excluded.default_role, "
                         "password_sign_in = excluded.password_sign_in, updated_at = "
                         "excluded.updated_at"),
                  {scope.org_id, provider.preset, provider.issuer, provider.client_id,
                   provider.client_secret_sealed, provider.role_claim,
                   std::string(RoleName(provider.default_role)),
                   std::int64_t{provider.password_sign_in ? 1 : 0}, provider.created_at,
                   provider.updated_at})
          .status());
  RETURN_IF_ERROR(db_.Execute("DELETE FROM sso_domains WHERE org_id = ?", {scope.org_id}).status());
  for (const auto& domain : provider.allowed_domains) {
    RETURN_IF_ERROR(db_.Execute("INSERT INTO sso_domains (domain, org_id) VALUES (?, ?)",
                                {domain, scope.org_id})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> SsoRepository::Delete(const Scope& scope) {
  RETURN_IF_ERROR(db_.Execute("DELETE FROM sso_domains WHERE org_id = ?", {scope.org_id}).status());
  ASSIGN_OR_RETURN(auto deleted,
                   db_.Execute("DELETE FROM sso_providers WHERE org_id = ?", {scope.org_id}));
  return deleted > 0;
}

absl::StatusOr<bool> SsoRepository::PasswordSignInAllowed(std::string_view org_id) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("SELECT password_sign_in FROM sso_providers WHERE org_id = ?",
                             {std::string(org_id)}));
  return rows.empty() || rows[0].Int(0) != 0;
}

absl::Status SsoRepository::SaveState(const SsoState& state) {
  return db_
      .Execute(
          "INSERT INTO sso_states (state_hash, org_id, nonce, code_verifier, binding_hash, "
          "return_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {state.state_hash, state.org_id, state.nonce, state.code_verifier_sealed,
           state.binding_hash, state.return_to, state.created_at, state.expires_at})
      .status();
}

absl::StatusOr<std::optional<SsoState>> SsoRepository::TakeState(std::string_view state_hash,
                                                                 std::int64_t now) {
  // One statement: of two callbacks with the same state (a replay racing the original)
  // only one gets the row back.
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query("DELETE FROM sso_states WHERE state_hash = ? RETURNING org_id, "
                             "nonce, code_verifier, binding_hash, return_to, created_at, "
                             "expires_at",
                             {std::string(state_hash)}));
  RETURN_IF_ERROR(db_.Execute("DELETE FROM sso_states WHERE expires_at <= ?", {now}).status());
  if (rows.empty() || rows[0].Int(6) <= now) return std::optional<SsoState>();
  const Row& row = rows[0];
  return std::optional<SsoState>(SsoState{std::string(state_hash), row.Text(0), row.Text(1),
                                          row.Text(2), row.Text(3), row.Text(4), row.Int(5),
                                          row.Int(6)});
}

absl::StatusOr<std::optional<std::string>> SsoRepository::FindIdentity(std::string_view issuer,
                                                                       std::string_view subject) {
  ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT user_id FROM sso_identities WHERE issuer = ? AND "
                                        "subject = ?",
                                        {std::string(issuer), std::string(subject)}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

absl::Status SsoRepository::LinkIdentity(std::string_view issuer, std::string_view subject,
                                         std::string_view user_id, std::int64_t now) {
  return db_
      .Execute(
          "INSERT INTO sso_identities (issuer, subject, user_id, created_at) VALUES (?, ?, "
          "?, ?) ON CONFLICT (issuer, subject) DO NOTHING",
          {std::string(issuer), std::string(subject), std::string(user_id), now})
      .status();
}

}  // namespace icopilot::store
