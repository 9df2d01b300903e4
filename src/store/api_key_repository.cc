#include "store/api_key_repository.h"

#include "core/status_macros.h"
#include "store/paging.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, org_id, user_id, name, role, prefix, created_at, expires_at, revoked_at, last_used_at "
    "FROM api_keys";

ApiKey ReadKey(const Row& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3),
          ParseRole(row.Text(4)).value_or(Role::kMember), row.Text(5), row.Int(6),
          row.OptionalInt(7), row.OptionalInt(8), row.OptionalInt(9)};
}

SqlValue Nullable(const std::optional<std::int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue(nullptr);
}

}  // namespace

absl::Status ApiKeyRepository::Create(const ApiKey& key, std::string_view key_hash) {
  return db_.Execute("INSERT INTO api_keys (id, org_id, user_id, name, role, key_hash, prefix, created_at, "
                     "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {key.id, key.org_id, key.user_id, key.name, std::string(RoleName(key.role)),
                      std::string(key_hash), key.prefix, key.created_at, Nullable(key.expires_at)})
      .status();
}

absl::StatusOr<std::optional<ApiKey>> ApiKeyRepository::FindByHash(std::string_view key_hash) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + " WHERE key_hash = ?", {std::string(key_hash)}));
  if (rows.empty()) return std::optional<ApiKey>();
  return std::optional<ApiKey>(ReadKey(rows[0]));
}

absl::StatusOr<Page<ApiKey>> ApiKeyRepository::List(const Scope& scope, const PageRequest& page) {
  std::string sql = std::string(kSelect) + " WHERE org_id = ?";
  std::vector<SqlValue> params{scope.org_id};
  // Members and partner developers see their own keys; org admins see the org's.
  if (!scope.is_org_admin()) {
    sql += " AND user_id = ?";
    params.emplace_back(scope.user_id);
  }
  AppendPageClause(page, "", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<ApiKey>(rows, page, ReadKey);
}

absl::StatusOr<ApiKey> ApiKeyRepository::Get(const Scope& scope, std::string_view id) {
  std::string sql = std::string(kSelect) + " WHERE id = ? AND org_id = ?";
  std::vector<SqlValue> params{std::string(id), scope.org_id};
  if (!scope.is_org_admin()) {
    sql += " AND user_id = ?";
    params.emplace_back(scope.user_id);
  }
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  if (rows.empty()) return absl::NotFoundError("API key not found");
  return ReadKey(rows[0]);
}

absl::StatusOr<ApiKey> ApiKeyRepository::Revoke(const Scope& scope, std::string_view id, std::int64_t now) {
  ASSIGN_OR_RETURN(ApiKey key, Get(scope, id));
  RETURN_IF_ERROR(db_.Execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org_id = ? AND revoked_at IS NULL",
                              {now, key.id, scope.org_id})
                      .status());
  return Get(scope, id);
}

absl::Status ApiKeyRepository::TouchLastUsed(std::string_view id, std::int64_t now) {
  return db_.Execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", {now, std::string(id)}).status();
}

}  // namespace icopilot::store
