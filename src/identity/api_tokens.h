#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "identity/identity.h"
#include "identity/token_hash.h"

namespace strata::identity {

struct ApiToken {
  std::string id;
  std::string org_id;
  std::string name;
  access::Role role = access::Role::kMember;
  std::string prefix;  // "strata_1a2b3c4d": enough to recognise, too little to use.
  std::string created_by_email;
  core::Timestamp created_at;
  std::optional<core::Timestamp> last_used_at;
  std::optional<core::Timestamp> revoked_at;
};

// A new token with its secret, which is shown this once and stored only as a hash.
struct IssuedToken {
  ApiToken token;
  std::string secret;
};

// An organisation's API tokens for its integrations: named, acting with a role no higher than
// admin (and no higher than their creator's), revocable. Only owners and admins manage them.
class ApiTokens {
 public:
  ApiTokens(db::Database& database, const std::string& secret_key)
      : database_(database), hasher_(secret_key) {}

  core::Result<IssuedToken> Create(const access::Actor& actor, const std::string& name,
                                   access::Role role);
  // Newest first, revoked ones included.
  core::Result<std::vector<ApiToken>> List(const access::Actor& actor);
  core::Status Revoke(const access::Actor& actor, const std::string& id);

  // The principal a secret from an Authorization header acts as; kUnauthenticated when the
  // token is unknown or revoked. Records when it was last used, to the minute.
  core::Result<Principal> Authenticate(const std::string& secret);

 private:
  db::Database& database_;
  TokenHasher hasher_;
};

}  // namespace strata::identity
