#include "access/actor.h"

namespace strata::access {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kManager:
      return "manager";
    case Role::kMember:
      return "member";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

bool ParseRole(const std::string& text, Role& role) {
  for (Role candidate :
       {Role::kOwner, Role::kAdmin, Role::kManager, Role::kMember, Role::kViewer}) {
    if (text == RoleName(candidate)) {
      role = candidate;
      return true;
    }
  }
  return false;
}

Actor Actor::User(std::string user_id, std::string org_id, Role role, Scopes scopes) {
  Actor actor(Kind::kUser);
  actor.user_id_ = std::move(user_id);
  actor.org_id_ = std::move(org_id);
  actor.role_ = role;
  actor.scopes_ = std::move(scopes);
  return actor;
}

bool Actor::HasRole(Role minimum) const {
  // The enum runs from the most powerful role down.
  return is_system() || static_cast<int>(role_) <= static_cast<int>(minimum);
}

std::string Actor::Describe() const {
  switch (kind_) {
    case Kind::kSystem:
      return "system";
    case Kind::kUser:
      return "user " + user_id_ + " of org " + org_id_;
  }
  return "unknown";
}

}  // namespace strata::access
