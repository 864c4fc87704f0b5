#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "audit/audit.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "identity/identity.h"
#include "mail/mail.h"

namespace strata::identity {

struct Member {
  std::string user_id;
  std::string email;
  std::string name;
  access::Role role = access::Role::kViewer;
  access::Scopes scopes;
};

struct Invitation {
  std::string id;
  std::string org_id;
  std::string email;
  access::Role role = access::Role::kMember;
  access::Scopes scopes;
  std::string status;  // pending, accepted or revoked.
  core::Timestamp expires_at;
};

// An organisation's team: who belongs, with which role and scopes, and invitations to join.
// Every function acts for the actor's organisation only. Reading the team needs membership;
// changing it needs the admin role, and only owners grant or change the owner role
// (kForbidden otherwise). An organisation always keeps an owner (kConflict).
class TeamService : public InvitationRedeemer {
 public:
  TeamService(db::Database& database, mail::Mailer& mailer, std::string public_url,
              const std::string& secret_key);

  core::Result<std::vector<Member>> Members(const access::Actor& actor);
  core::Result<std::vector<Invitation>> Invitations(const access::Actor& actor);

  // Invites `email` to the actor's organisation with `role` and `scopes`, and mails a link that
  // is valid for 7 days. kInvalidArgument for a bad email; kConflict when that person is a
  // member already.
  core::Result<Invitation> Invite(const access::Actor& actor, const std::string& email,
                                  access::Role role, const access::Scopes& scopes);
  core::Status Revoke(const access::Actor& actor, const std::string& invitation_id);

  // The signed-in user `user_id` takes up the invitation whose link carries `token`: it joins
  // that organisation. kNotFound for an unknown, used, revoked or expired token.
  core::Result<Invitation> Accept(const access::Actor& actor, const std::string& token);

  // Sign-up from an invitation's link: the new account joins with the invitation's role.
  core::Result<std::optional<Joining>> Redeem(soci::session& sql, const std::string& token,
                                              const std::string& user_id,
                                              const Origin& origin) override;

  core::Result<Member> Change(const access::Actor& actor, const std::string& user_id,
                              access::Role role, const access::Scopes& scopes);
  // Removes a member and ends its sessions in this organisation.
  core::Status Remove(const access::Actor& actor, const std::string& user_id);

 private:
  std::string TokenHash(const std::string& token) const;
  // The pending, unexpired invitation that carries `token`, marked as taken up by `user_id`.
  core::Result<Invitation> TakeUp(soci::session& sql, const std::string& token,
                                  const std::string& user_id, const audit::RequestContext& context);

  db::Database& database_;
  mail::Mailer& mailer_;
  std::string public_url_;
  TokenHasher hasher_;
};

// The members of `org_id` on `sql`, for a module that writes to them inside its own transaction
// (mail about a change, as the system): never answer a request with it.
std::vector<Member> LoadMembers(soci::session& sql, const std::string& org_id);

// Scopes as stored: {"regions":[…],"vendors":[…],"departments":[…]}.
std::string ScopesToJson(const access::Scopes& scopes);
access::Scopes ScopesFromJson(const std::string& text);

}  // namespace strata::identity
