// Who is asking. Every repository call that touches tenant data takes a Scope, and the
// repository, not the handler, turns it into the WHERE clause.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace icopilot::store {

enum class Role { kOwner, kAdmin, kMember, kPartnerAdmin, kPartnerDev };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
bool IsPartnerRole(Role role);
// Owner > admin > member; partner-admin > partner-dev. Roles of different sides never
// outrank each other.
bool RoleAtLeast(Role held, Role needed);

struct Scope {
  std::string org_id;
  std::string user_id;
  Role role = Role::kMember;

  bool is_partner() const { return IsPartnerRole(role); }
  bool is_org_admin() const {
    return role == Role::kOwner || role == Role::kAdmin || role == Role::kPartnerAdmin;
  }
};

}  // namespace icopilot::store
