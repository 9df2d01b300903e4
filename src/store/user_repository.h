#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/records.h"

namespace icopilot::store {

// Users belong to one org. Lookups by email serve login, before any scope exists.
class UserRepository {
 public:
  explicit UserRepository(SqlExecutor& db) : db_(db) {}
  // AlreadyExists when the email is taken (emails are unique across orgs).
  absl::StatusOr<User> Create(const std::string& org_id, std::string_view email,
                              std::string_view name, Role role, std::string password_hash,
                              std::int64_t now, bool password_temporary = false);
  absl::StatusOr<std::optional<User>> FindByEmail(std::string_view email);
  // Unscoped: for the authenticator, which already holds a verified credential.
  absl::StatusOr<std::optional<User>> FindById(std::string_view id);
  absl::StatusOr<User> Get(const Scope& scope, std::string_view id);
  absl::StatusOr<Page<User>> List(const Scope& scope, const PageRequest& page);
  absl::Status SetPasswordHash(std::string_view user_id, std::string_view hash,
                               bool password_temporary = false);
  // The role an identity provider's claim gives the user at each sign-in.
  absl::Status SetRole(std::string_view user_id, Role role);

 private:
  SqlExecutor& db_;
};

}  // namespace icopilot::store
