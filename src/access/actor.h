#pragma once

#include <string>
#include <vector>

namespace strata::access {

// A member's role in an organisation, from most to least powerful.
enum class Role { kOwner, kAdmin, kManager, kMember, kViewer };

const char* RoleName(Role role);
// Parses "owner", "admin", "manager", "member" or "viewer".
bool ParseRole(const std::string& text, Role& role);

// What a scoped member is limited to; an empty list does not limit.
struct Scopes {
  std::vector<std::string> regions{};
  std::vector<std::string> vendors{};
  std::vector<std::string> departments{};
  bool empty() const { return regions.empty() && vendors.empty() && departments.empty(); }
};

// Who is asking. Every store function takes one and builds its SQL filter from it.
class Actor {
 public:
  enum class Kind { kSystem, kUser };

  // The explicit actor for background jobs and maintenance: it sees every row.
  static Actor System() { return Actor(Kind::kSystem); }
  // A signed-in member of `org_id`, acting for that organisation.
  static Actor User(std::string user_id, std::string org_id, Role role, Scopes scopes);

  Kind kind() const { return kind_; }
  bool is_system() const { return kind_ == Kind::kSystem; }
  const std::string& user_id() const { return user_id_; }
  const std::string& org_id() const { return org_id_; }
  Role role() const { return role_; }
  const Scopes& scopes() const { return scopes_; }
  // True when the role is at least `minimum` (owner > admin > manager > member > viewer).
  bool HasRole(Role minimum) const;
  // A short description for logs and the audit trail.
  std::string Describe() const;

  // The same actor, remembering the request it acts through (for the audit trail).
  Actor WithRequest(std::string remote_address, std::string request_id) const {
    Actor copy = *this;
    copy.remote_address_ = std::move(remote_address);
    copy.request_id_ = std::move(request_id);
    return copy;
  }
  // The same actor, acting through an integration's API token (for the audit trail).
  Actor WithApiToken(std::string api_token_id) const {
    Actor copy = *this;
    copy.api_token_id_ = std::move(api_token_id);
    return copy;
  }
  const std::string& remote_address() const { return remote_address_; }
  // Empty unless an API token acts.
  const std::string& api_token_id() const { return api_token_id_; }
  const std::string& request_id() const { return request_id_; }

 private:
  explicit Actor(Kind kind) : kind_(kind) {}
  Kind kind_;
  std::string user_id_;
  std::string org_id_;
  Role role_ = Role::kViewer;
  Scopes scopes_;
  std::string remote_address_;
  std::string request_id_;
  std::string api_token_id_;
};

}  // namespace strata::access
