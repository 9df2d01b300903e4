#include "store/scope.h"

namespace icopilot::store {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOwner: return "owner";
    case Role::kAdmin: return "admin";
    case Role::kMember: return "member";
    case Role::kPartnerAdmin: return "partner-admin";
    case Role::kPartnerDev: return "partner-dev";
  }
  return "member";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kOwner, Role::kAdmin, Role::kMember, Role::kPartnerAdmin, Role::kPartnerDev}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

bool IsPartnerRole(Role role) { return role == Role::kPartnerAdmin || role == Role::kPartnerDev; }

bool RoleAtLeast(Role held, Role needed) {
  if (IsPartnerRole(held) != IsPartnerRole(needed)) return false;
  return static_cast<int>(held) <= static_cast<int>(needed);
}

}  // namespace icopilot::store
