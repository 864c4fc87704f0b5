#include <soci/soci.h>

#include <algorithm>

#include "audit/audit.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/json.h"
#include "db/query.h"
#include "db/rows.h"
#include "identity/identity.h"
#include "identity/teams.h"

namespace strata::identity {
namespace {

// The organisation's members with their accounts.
constexpr const char* kSelectMembers =
    "SELECT u.id, u.email, u.name, m.role, m.scopes FROM memberships m"
    " JOIN users u ON u.id = m.user_id WHERE m.org_id = :org_id ORDER BY u.email";

// The organisation's invitations, newest first.
constexpr const char* kSelectInvitations =
    "SELECT id, org_id, email, role, scopes, status, expires_at FROM member_invitations"
    " WHERE org_id = :org_id ORDER BY id DESC";

// Whether an email belongs to a member of the organisation.
constexpr const char* kCountMemberByEmail =
    "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id"
    " WHERE m.org_id = :org_id AND u.email = :email";

constexpr const char* kInsertInvitation =
    "INSERT INTO member_invitations (id, org_id, email, role, scopes, token_hash, status,"
    " invited_by, created_at, expires_at) VALUES (:id, :org_id, :email, :role, :scopes,"
    " :token_hash, 'pending', :invited_by, :created_at, :expires_at)";

// A pending invitation by the hash of its token.
constexpr const char* kSelectInvitationByToken =
    "SELECT id, org_id, email, role, scopes, status, expires_at FROM member_invitations"
    " WHERE token_hash = :token_hash AND status = 'pending'";

// Whether a token belongs to a team invitation at all, whatever its state.
constexpr const char* kCountInvitationsByToken =
    "SELECT COUNT(*) FROM member_invitations WHERE token_hash = :token_hash";

constexpr const char* kMarkAccepted =
    "UPDATE member_invitations SET status = 'accepted', accepted_by = :user_id WHERE id = :id";

constexpr const char* kRevokeInvitation =
    "UPDATE member_invitations SET status = 'revoked' WHERE id = :id AND org_id = :org_id"
    " AND status = 'pending'";

constexpr const char* kCountMembership =
    "SELECT COUNT(*) FROM memberships WHERE org_id = :org_id AND user_id = :user_id";

constexpr const char* kInsertMembership =
    "INSERT INTO memberships (org_id, user_id, role, scopes, created_at)"
    " VALUES (:org_id, :user_id, :role, :scopes, :created_at)";

// A member's email and name, for the answer to a change.
constexpr const char* kSelectUser = "SELECT email, name FROM users WHERE id = :id";

constexpr const char* kSelectMembership =
    "SELECT role FROM memberships WHERE org_id = :org_id AND user_id = :user_id";

constexpr const char* kCountOwners =
    "SELECT COUNT(*) FROM memberships WHERE org_id = :org_id AND role = 'owner'";

constexpr const char* kUpdateMembership =
    "UPDATE memberships SET role = :role, scopes = :scopes WHERE org_id = :org_id"
    " AND user_id = :user_id";

constexpr const char* kDeleteMembership =
    "DELETE FROM memberships WHERE org_id = :org_id AND user_id = :user_id";

constexpr const char* kDeleteOrgSessions =
    "DELETE FROM sessions WHERE org_id = :org_id AND user_id = :user_id";

constexpr std::int64_t kInvitationLifetime = std::int64_t{7} * 24 * 3600 * core::kMicrosPerSecond;

core::Error NeedsAdmin() {
  return core::Error{core::Errc::kForbidden, "only owners and admins manage the team", {}};
}

core::Error NeedsOwner() {
  return core::Error{core::Errc::kForbidden, "only owners grant or change the owner role", {}};
}

Invitation InvitationOf(const soci::row& row) {
  Invitation invitation;
  invitation.id = row.get<std::string>(0);
  invitation.org_id = row.get<std::string>(1);
  invitation.email = row.get<std::string>(2);
  access::ParseRole(row.get<std::string>(3), invitation.role);
  invitation.scopes = ScopesFromJson(row.get<std::string>(4));
  invitation.status = row.get<std::string>(5);
  invitation.expires_at = core::Timestamp(db::RowInteger(row, 6));
  return invitation;
}

std::optional<access::Role> RoleOf(soci::session& sql, const std::string& org_id,
                                   const std::string& user_id) {
  std::optional<access::Role> role;
  db::ForEachRow(sql, kSelectMembership,
                 db::Parameters().Text("org_id", org_id).Text("user_id", user_id),
                 [&](const soci::row& row) {
                   access::Role parsed = access::Role::kViewer;
                   access::ParseRole(row.get<std::string>(0), parsed);
                   role = parsed;
                 });
  return role;
}

long long Owners(soci::session& sql, const std::string& org_id) {
  long long owners = 0;
  sql << kCountOwners, soci::use(org_id, "org_id"), soci::into(owners);
  return owners;
}

}  // namespace

std::string ScopesToJson(const access::Scopes& scopes) {
  const auto list = [](const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return array;
  };
  return json::serialize(json::object{{"regions", list(scopes.regions)},
                                      {"vendors", list(scopes.vendors)},
                                      {"departments", list(scopes.departments)}});
}

access::Scopes ScopesFromJson(const std::string& text) {
  access::Scopes scopes;
  boost::system::error_code error;
  const json::value parsed = json::parse(text, error);
  if (error || !parsed.is_object()) return scopes;
  const auto read = [&](const char* key, std::vector<std::string>& into) {
    if (const auto* list = parsed.as_object().if_contains(key); list && list->is_array()) {
      for (const auto& item : list->as_array()) {
        if (item.is_string()) into.emplace_back(item.as_string());
      }
    }
  };
  read("regions", scopes.regions);
  read("vendors", scopes.vendors);
  read("departments", scopes.departments);
  return scopes;
}

TeamService::TeamService(db::Database& database, mail::Mailer& mailer, std::string public_url,
                         const std::string& secret_key)
    : database_(database),
      mailer_(mailer),
      public_url_(std::move(public_url)),
      hasher_(secret_key) {}

std::string TeamService::TokenHash(const std::string& token) const {
  return hasher_.Hash("invitation:", token);
}

std::vector<Member> LoadMembers(soci::session& sql, const std::string& org_id) {
  std::vector<Member> members;
  db::ForEachRow(sql, kSelectMembers, db::Parameters().Text("org_id", org_id),
                 [&](const soci::row& row) {
                   Member member;
                   member.user_id = row.get<std::string>(0);
                   member.email = row.get<std::string>(1);
                   member.name = row.get<std::string>(2);
                   access::ParseRole(row.get<std::string>(3), member.role);
                   member.scopes = ScopesFromJson(row.get<std::string>(4));
                   members.push_back(std::move(member));
                 });
  return members;
}

core::Result<std::vector<Member>> TeamService::Members(const access::Actor& actor) {
  if (actor.is_system()) return core::Error::Invalid("a team belongs to an organisation");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::vector<Member>> {
    return LoadMembers(sql, actor.org_id());
  });
}

core::Result<std::vector<Invitation>> TeamService::Invitations(const access::Actor& actor) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<Invitation>> {
        std::vector<Invitation> invitations;
        db::ForEachRow(sql, kSelectInvitations, db::Parameters().Text("org_id", actor.org_id()),
                       [&](const soci::row& row) { invitations.push_back(InvitationOf(row)); });
        return invitations;
      });
}

core::Result<Invitation> TeamService::Invite(const access::Actor& actor, const std::string& email,
                                             access::Role role, const access::Scopes& scopes) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  if (role == access::Role::kOwner && !actor.HasRole(access::Role::kOwner)) return NeedsOwner();
  const auto normalised = core::NormaliseEmail(email);
  if (!normalised) {
    return core::Error::Invalid("check the email address", {{"email", "is not an email address"}});
  }
  const std::string token = core::RandomHex(32);
  Invitation invitation{core::Uuid::NewV7().ToString(),
                        actor.org_id(),
                        *normalised,
                        role,
                        scopes,
                        "pending",
                        core::Timestamp::Now() + kInvitationLifetime};
  auto created = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    long long already = 0;
    sql << kCountMemberByEmail, soci::use(actor.org_id(), "org_id"),
        soci::use(*normalised, "email"), soci::into(already);
    if (already > 0) {
      return core::Error{core::Errc::kConflict,
                         "that person is a member already",
                         {{"email", "is a member already"}}};
    }
    const long long now = core::Timestamp::Now().micros();
    db::Execute(sql, kInsertInvitation,
                db::Parameters()
                    .Text("id", invitation.id)
                    .Text("org_id", invitation.org_id)
                    .Text("email", invitation.email)
                    .Text("role", access::RoleName(role))
                    .Text("scopes", ScopesToJson(scopes))
                    .Text("token_hash", TokenHash(token))
                    .Text("invited_by", actor.user_id())
                    .Integer("created_at", now)
                    .Integer("expires_at", invitation.expires_at.micros()));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "member.invited",
                        .target_type = "invitation",
                        .target_id = invitation.id,
                        .detail = {{"email", invitation.email}, {"role", access::RoleName(role)}},
                        .context = audit::ContextOf(actor)});
    // The mail goes out before the commit: no invitation exists that nobody was told about.
    auto sent =
        mailer_.Send({invitation.email, "You are invited to join a team on Strata",
                      "You have been invited to join a team on Strata as " +
                          std::string(access::RoleName(role)) +
                          ".\n\nAccept the invitation within 7 days:\n" + public_url_ + "/join/" +
                          token + "\n\nIf you did not expect this, ignore this message.\n"});
    if (!sent) return sent.error();
    transaction.Commit();
    return core::Ok();
  });
  if (!created) return created.error();
  return invitation;
}

core::Status TeamService::Revoke(const access::Actor& actor, const std::string& invitation_id) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const auto changed =
        db::Execute(sql, kRevokeInvitation,
                    db::Parameters().Text("id", invitation_id).Text("org_id", actor.org_id()));
    if (changed == 0) return core::Error::NotFound("no such pending invitation");
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "member.invitation_revoked",
                        .target_type = "invitation",
                        .target_id = invitation_id,
                        .detail = {},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<Invitation> TeamService::TakeUp(soci::session& sql, const std::string& token,
                                             const std::string& user_id,
                                             const audit::RequestContext& context) {
  std::optional<Invitation> invitation;
  db::ForEachRow(sql, kSelectInvitationByToken,
                 db::Parameters().Text("token_hash", TokenHash(token)),
                 [&](const soci::row& row) { invitation = InvitationOf(row); });
  if (!invitation || invitation->expires_at < core::Timestamp::Now()) {
    return core::Error::NotFound("this invitation is not valid any more; ask for a new one");
  }
  db::Execute(sql, kMarkAccepted,
              db::Parameters().Text("user_id", user_id).Text("id", invitation->id));
  audit::Record(sql, {.org_id = invitation->org_id,
                      .actor_user_id = user_id,
                      .action = "member.joined",
                      .target_type = "invitation",
                      .target_id = invitation->id,
                      .detail = {{"role", access::RoleName(invitation->role)}},
                      .context = context});
  invitation->status = "accepted";
  return *invitation;
}

core::Result<Invitation> TeamService::Accept(const access::Actor& actor, const std::string& token) {
  if (actor.is_system()) return core::Error::Invalid("sign in to accept an invitation");
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Invitation> {
    db::Transaction transaction(sql, database_.dialect());
    auto invitation = TakeUp(sql, token, actor.user_id(), audit::ContextOf(actor));
    if (!invitation) return invitation.error();
    long long member = 0;
    sql << kCountMembership, soci::use(invitation->org_id, "org_id"),
        soci::use(actor.user_id(), "user_id"), soci::into(member);
    if (member == 0) {
      db::Execute(sql, kInsertMembership,
                  db::Parameters()
                      .Text("org_id", invitation->org_id)
                      .Text("user_id", actor.user_id())
                      .Text("role", access::RoleName(invitation->role))
                      .Text("scopes", ScopesToJson(invitation->scopes))
                      .Integer("created_at", core::Timestamp::Now().micros()));
    }
    transaction.Commit();
    return *invitation;
  });
}

core::Result<std::optional<Joining>> TeamService::Redeem(soci::session& sql,
                                                         const std::string& token,
                                                         const std::string& user_id,
                                                         const Origin& origin) {
  long long known = 0;
  const std::string hash = TokenHash(token);
  sql << kCountInvitationsByToken, soci::use(hash, "token_hash"), soci::into(known);
  if (known == 0) return std::optional<Joining>();
  auto invitation = TakeUp(sql, token, user_id, {origin.remote_address, origin.request_id});
  if (!invitation) return invitation.error();
  return std::optional<Joining>(
      Joining{invitation->org_id, invitation->role, invitation->scopes, false});
}

core::Result<Member> TeamService::Change(const access::Actor& actor, const std::string& user_id,
                                         access::Role role, const access::Scopes& scopes) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Member> {
    db::Transaction transaction(sql, database_.dialect());
    const auto current = RoleOf(sql, actor.org_id(), user_id);
    if (!current) return core::Error::NotFound("no such member");
    const bool touches_owner = *current == access::Role::kOwner || role == access::Role::kOwner;
    if (touches_owner && !actor.HasRole(access::Role::kOwner)) return NeedsOwner();
    if (*current == access::Role::kOwner && role != access::Role::kOwner &&
        Owners(sql, actor.org_id()) <= 1) {
      return core::Error::Conflict("an organisation keeps at least one owner");
    }
    db::Execute(sql, kUpdateMembership,
                db::Parameters()
                    .Text("role", access::RoleName(role))
                    .Text("scopes", ScopesToJson(scopes))
                    .Text("org_id", actor.org_id())
                    .Text("user_id", user_id));
    audit::Record(sql,
                  {.org_id = actor.org_id(),
                   .actor_user_id = actor.user_id(),
                   .action = "member.changed",
                   .target_type = "user",
                   .target_id = user_id,
                   .detail = {{"from", access::RoleName(*current)}, {"to", access::RoleName(role)}},
                   .context = audit::ContextOf(actor)});
    transaction.Commit();
    Member member;
    member.user_id = user_id;
    member.role = role;
    member.scopes = scopes;
    db::ForEachRow(sql, kSelectUser, db::Parameters().Text("id", user_id),
                   [&](const soci::row& row) {
                     member.email = row.get<std::string>(0);
                     member.name = row.get<std::string>(1);
                   });
    return member;
  });
}

core::Status TeamService::Remove(const access::Actor& actor, const std::string& user_id) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) return NeedsAdmin();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const auto current = RoleOf(sql, actor.org_id(), user_id);
    if (!current) return core::Error::NotFound("no such member");
    if (*current == access::Role::kOwner) {
      if (!actor.HasRole(access::Role::kOwner)) return NeedsOwner();
      if (Owners(sql, actor.org_id()) <= 1) {
        return core::Error::Conflict("an organisation keeps at least one owner");
      }
    }
    const auto parameters =
        db::Parameters().Text("org_id", actor.org_id()).Text("user_id", user_id);
    db::Execute(sql, kDeleteOrgSessions, parameters);
    db::Execute(sql, kDeleteMembership, parameters);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "member.removed",
                        .target_type = "user",
                        .target_id = user_id,
                        .detail = {{"role", access::RoleName(*current)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

}  // namespace strata::identity
