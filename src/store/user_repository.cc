#include "store/user_repository.h"

#include "core/ids.h"
#include "core/status_macros.h"
#include "store/paging.h"

namespace icopilot::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, org_id, email, name, role, password_hash, created_at, password_temporary FROM "
    "users";

User ReadUser(const Row& row) {
  return {row.Text(0),
          row.Text(1),
          row.Text(2),
          row.Text(3),
          ParseRole(row.Text(4)).value_or(Role::kMember),
          row.Text(5),
          row.Int(6),
          row.Int(7) != 0};
}

}  // namespace

absl::StatusOr<User> UserRepository::Create(const std::string& org_id, std::string_view email,
                                            std::string_view name, Role role,
                                            std::string password_hash, std::int64_t now,
                                            bool password_temporary) {
  User user{NewId("usr"),
            org_id,
            std::string(email),
            std::string(name),
            role,
            std::move(password_hash),
            now,
            password_temporary};
  auto inserted = db_.Execute(
      "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, "
      "password_temporary) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {user.id, user.org_id, user.email, user.name, std::string(RoleName(role)), user.password_hash,
       now, std::int64_t{password_temporary ? 1 : 0}});
  if (absl::IsAlreadyExists(inserted.status())) {
    return absl::AlreadyExistsError("a user with this email already exists");
  }
  RETURN_IF_ERROR(inserted.status());
  return user;
}

absl::StatusOr<std::optional<User>> UserRepository::FindByEmail(std::string_view email) {
  ASSIGN_OR_RETURN(auto rows,
                   db_.Query(std::string(kSelect) + " WHERE email = ?", {std::string(email)}));
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(ReadUser(rows[0]));
}

absl::StatusOr<std::optional<User>> UserRepository::FindById(std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + " WHERE id = ?", {std::string(id)}));
  if (rows.empty()) return std::optional<User>();
  return std::optional<User>(ReadUser(rows[0]));
}

absl::StatusOr<User> UserRepository::Get(const Scope& scope, std::string_view id) {
  ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + " WHERE id = ? AND org_id = ?",
                                        {std::string(id), scope.org_id}));
  if (rows.empty()) return absl::NotFoundError("user not found");
  return ReadUser(rows[0]);
}

absl::StatusOr<Page<User>> UserRepository::List(const Scope& scope, const PageRequest& page) {
  std::string sql = std::string(kSelect) + " WHERE org_id = ?";
  std::vector<SqlValue> params{scope.org_id};
  AppendPageClause(page, "", sql, params);
  ASSIGN_OR_RETURN(auto rows, db_.Query(sql, params));
  return ToPage<User>(rows, page, ReadUser);
}

absl::Status UserRepository::SetPasswordHash(std::string_view user_id, std::string_view hash,
                                             bool password_temporary) {
  return db_
      .Execute("UPDATE users SET password_hash = ?, password_temporary = ? WHERE id = ?",
               {std::string(hash), std::int64_t{password_temporary ? 1 : 0}, std::string(user_id)})
      .status();
}

absl::Status UserRepository::SetRole(std::string_view user_id, Role role) {
  return db_
      .Execute("UPDATE users SET role = ? WHERE id = ?",
               {std::string(RoleName(role)), std::string(user_id)})
      .status();
}

}  // namespace icopilot::store
