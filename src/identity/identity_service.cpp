#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>

#include "audit/audit.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "db/query.h"
#include "db/rows.h"
#include "identity/identity.h"
#include "identity/teams.h"

namespace strata::identity {
namespace {

// Creates an organisation.
constexpr const char* kInsertOrg =
    "INSERT INTO orgs (id, name, kinds, created_at, updated_at)"
    " VALUES (:id, :name, :kinds, :created_at, :updated_at)";

// Creates a user.
constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, name, password_hash, password_changed_at, created_at, "
    "updated_at)"
    " VALUES (:id, :email, :name, :password_hash, :changed_at, :created_at, :updated_at)";

// Makes a user a member of an organisation.
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (org_id, user_id, role, scopes, created_at)"
    " VALUES (:org_id, :user_id, :role, :scopes, :created_at)";

// Whether an email is registered.
constexpr const char* kCountUsersByEmail = "SELECT COUNT(*) FROM users WHERE email = :email";

// The account behind an email, for log-in.
constexpr const char* kSelectUserByEmail =
    "SELECT id, email, name, password_hash FROM users WHERE email = :email";

// An organisation's kinds.
constexpr const char* kSelectOrgKinds = "SELECT kinds FROM orgs WHERE id = :id";

// A new owner takes over an organisation an inviter set up for it.
constexpr const char* kClaimOrg =
    "UPDATE orgs SET name = :name, kinds = :kinds, invited_email = NULL, updated_at = :updated_at"
    " WHERE id = :id";

// The organisation a user signs in to: the earliest membership.
constexpr const char* kSelectFirstMembership =
    "SELECT o.id, o.name, o.kinds, m.role, m.scopes FROM memberships m"
    " JOIN orgs o ON o.id = m.org_id WHERE m.user_id = :user_id"
    " ORDER BY m.created_at, o.id LIMIT 1";

// Records a session by the hash of its token.
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at,"
    " remote_address, user_agent) VALUES (:token_hash, :user_id, :org_id, :created_at,"
    " :last_seen_at, :expires_at, :remote_address, :user_agent)";

// A session with its user, organisation and membership; no row once the membership is gone.
constexpr const char* kSelectSession =
    "SELECT s.user_id, s.org_id, s.last_seen_at, s.expires_at, u.email, u.name, o.name, o.kinds,"
    " m.role, m.scopes FROM sessions s"
    " JOIN users u ON u.id = s.user_id"
    " JOIN orgs o ON o.id = s.org_id"
    " JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id"
    " WHERE s.token_hash = :token_hash";

// Moves a session's idle expiry on.
constexpr const char* kTouchSession =
    "UPDATE sessions SET last_seen_at = :now WHERE token_hash = :token_hash";

// Ends one session.
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = :token_hash";

// Points a session at another organisation, only where the user is a member.
constexpr const char* kSwitchSessionOrg =
    "UPDATE sessions SET org_id = :org_id WHERE token_hash = :token_hash AND EXISTS"
    " (SELECT 1 FROM memberships m WHERE m.org_id = :org_id2 AND m.user_id = :user_id)";

// Every organisation a user belongs to.
constexpr const char* kSelectUserOrgs =
    "SELECT o.id, o.name, o.kinds, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id"
    " WHERE m.user_id = :user_id ORDER BY o.name";

// A user's password hash, to check the current password before changing it.
constexpr const char* kSelectPasswordHash = "SELECT password_hash FROM users WHERE id = :id";

// Sets a new password hash.
constexpr const char* kUpdatePassword =
    "UPDATE users SET password_hash = :password_hash, password_changed_at = :now,"
    " updated_at = :now2 WHERE id = :id";

// Ends every session of a user.
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = :user_id";

// Failed log-ins for an account, and their oldest time, since a moment.
constexpr const char* kFailuresByEmail =
    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE email = :email AND at > :since";

// Failed log-ins from an address, and their oldest time, since a moment.
constexpr const char* kFailuresByAddress =
    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE remote_address = :address AND at > :since";

// Records a failed log-in.
constexpr const char* kInsertFailure =
    "INSERT INTO login_failures (email, remote_address, at) VALUES (:email, :address, :at)";

// Forgets an account's failures after a successful log-in.
constexpr const char* kClearFailures = "DELETE FROM login_failures WHERE email = :email";

const std::vector<std::string>& KnownKinds() {
  static const std::vector<std::string> kKinds = {"distributor", "reseller", "vendor"};
  return kKinds;
}

core::Error WrongCredentials() {
  return core::Error{core::Errc::kUnauthenticated, "the email or the password is wrong", {}};
}

core::Error SessionEnded() {
  return core::Error{core::Errc::kUnauthenticated, "sign in to continue", {}};
}

}  // namespace

std::vector<core::FieldError> ValidateOrg(const std::string& name,
                                          const std::vector<std::string>& kinds) {
  std::vector<core::FieldError> problems;
  const std::string org_name = core::Trim(name);
  if (org_name.empty())
    problems.push_back({"org.name", "is required"});
  else if (org_name.size() > 200)
    problems.push_back({"org.name", "must be at most 200 characters"});
  if (kinds.empty()) problems.push_back({"org.kinds", "choose vendor, distributor or reseller"});
  for (const auto& kind : kinds) {
    if (std::find(KnownKinds().begin(), KnownKinds().end(), kind) == KnownKinds().end()) {
      problems.push_back({"org.kinds", "must be vendor, distributor or reseller"});
      break;
    }
  }
  return problems;
}

std::vector<core::FieldError> ValidateSignup(const SignupInput& input) {
  std::vector<core::FieldError> problems;
  const auto email = core::NormaliseEmail(input.email);
  if (!email) problems.push_back({"email", "is not an email address"});
  const std::string name = core::Trim(input.name);
  if (name.empty())
    problems.push_back({"name", "is required"});
  else if (name.size() > 200)
    problems.push_back({"name", "must be at most 200 characters"});
  if (auto problem = PasswordProblem(input.password, input.email, name)) {
    problems.push_back({"password", *problem});
  }
  const bool org_given = !input.org_name.empty() || !input.org_kinds.empty();
  if (!input.invitation || org_given) {
    for (auto& problem : ValidateOrg(input.org_name, input.org_kinds)) {
      problems.push_back(std::move(problem));
    }
  }
  return problems;
}

IdentityService::IdentityService(db::Database& database, const std::string& secret_key,
                                 SessionPolicy sessions, PasswordCost cost, ThrottlePolicy throttle)
    : database_(database),
      sessions_(sessions),
      cost_(cost),
      throttle_(throttle),
      hasher_(secret_key),
      dummy_hash_(HashPassword(core::RandomHex(16), cost)) {}

std::string IdentityService::TokenHash(const std::string& token) const {
  return hasher_.Hash("", token);
}

std::string IdentityService::CsrfToken(const std::string& session_token) const {
  return hasher_.Hash("csrf:", session_token).substr(0, 48);
}

core::Result<Session> IdentityService::Signup(const SignupInput& input, const Origin& origin) {
  auto problems = ValidateSignup(input);
  const auto email = core::NormaliseEmail(input.email);
  const std::string name = core::Trim(input.name);
  const std::string org_name = core::Trim(input.org_name);
  std::vector<std::string> kinds = input.org_kinds;
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);

  // Hashing is slow on purpose: do it before taking a connection.
  const std::string password_hash = HashPassword(input.password, cost_);
  User user{core::Uuid::NewV7().ToString(), *email, name};
  Org org{core::Uuid::NewV7().ToString(), org_name, kinds};
  auto created = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    int taken = 0;
    sql << kCountUsersByEmail, soci::use(user.email, "email"), soci::into(taken);
    if (taken > 0) {
      return core::Error{core::Errc::kConflict,
                         "an account with this email exists; sign in instead",
                         {{"email", "is already registered"}}};
    }
    const long long now = core::Timestamp::Now().micros();
    sql << kInsertUser, soci::use(user.id, "id"), soci::use(user.email, "email"),
        soci::use(user.name, "name"), soci::use(password_hash, "password_hash"),
        soci::use(now, "changed_at"), soci::use(now, "created_at"), soci::use(now, "updated_at");

    Joining joining{org.id, access::Role::kOwner, {}, false};
    if (input.invitation) {
      std::optional<Joining> redeemed;
      for (InvitationRedeemer* redeemer : redeemers_) {
        auto taken_up = redeemer->Redeem(sql, *input.invitation, user.id, origin);
        if (!taken_up) return taken_up.error();
        if (*taken_up) {
          redeemed = std::move(**taken_up);
          break;
        }
      }
      if (!redeemed) {
        return core::Error::NotFound("this invitation is not valid any more; ask for a new one");
      }
      joining = std::move(*redeemed);
    } else {
      db::Execute(sql, kInsertOrg,
                  db::Parameters()
                      .Text("id", org.id)
                      .Text("name", org.name)
                      .Text("kinds", core::JoinList(org.kinds, ","))
                      .Integer("created_at", now)
                      .Integer("updated_at", now));
      audit::Record(sql, {.org_id = org.id,
                          .actor_user_id = user.id,
                          .action = "org.created",
                          .target_type = "org",
                          .target_id = org.id,
                          .detail = {{"name", org.name}, {"owner_email", user.email}},
                          .context = {origin.remote_address, origin.request_id}});
    }
    if (joining.claims_org) {
      // The inviter named the organisation by its email; its owner names it now, keeping the
      // kinds it was invited as so its pending relationships still fit.
      if (auto org_problems = ValidateOrg(org.name, org.kinds); !org_problems.empty()) {
        return core::Error::Invalid("name your organisation", org_problems);
      }
      std::vector<std::string> claimed_kinds = org.kinds;
      db::ForEachRow(sql, kSelectOrgKinds, db::Parameters().Text("id", joining.org_id),
                     [&](const soci::row& row) {
                       for (auto& kind : core::SplitList(row.get<std::string>(0), ',')) {
                         claimed_kinds.push_back(std::move(kind));
                       }
                     });
      std::sort(claimed_kinds.begin(), claimed_kinds.end());
      claimed_kinds.erase(std::unique(claimed_kinds.begin(), claimed_kinds.end()),
                          claimed_kinds.end());
      db::Execute(sql, kClaimOrg,
                  db::Parameters()
                      .Text("name", org.name)
                      .Text("kinds", core::JoinList(claimed_kinds, ","))
                      .Integer("updated_at", now)
                      .Text("id", joining.org_id));
      audit::Record(sql, {.org_id = joining.org_id,
                          .actor_user_id = user.id,
                          .action = "org.claimed",
                          .target_type = "org",
                          .target_id = joining.org_id,
                          .detail = {{"name", org.name}, {"owner_email", user.email}},
                          .context = {origin.remote_address, origin.request_id}});
      joining.role = access::Role::kOwner;
      joining.scopes = {};
    }
    db::Execute(sql, kInsertMembership,
                db::Parameters()
                    .Text("org_id", joining.org_id)
                    .Text("user_id", user.id)
                    .Text("role", access::RoleName(joining.role))
                    .Text("scopes", ScopesToJson(joining.scopes))
                    .Integer("created_at", now));
    org.id = joining.org_id;
    transaction.Commit();
    return core::Ok();
  });
  if (!created) return created.error();
  log::Info("signed up", {{"user_id", user.id}, {"org_id", org.id}});
  return StartSession(user, origin);
}

core::Status IdentityService::CheckLockout(const std::string& normalised_email,
                                           const Origin& origin) {
  const auto now = core::Timestamp::Now();
  const long long since = now.micros() - throttle_.window_micros;
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    const auto check = [&](const char* query, const std::string& key, const char* name, int limit,
                           const char* what) -> core::Status {
      long long count = 0;
      long long oldest = 0;
      soci::indicator oldest_indicator = soci::i_ok;
      sql << query, soci::use(key, name), soci::use(since, "since"), soci::into(count),
          soci::into(oldest, oldest_indicator);
      if (count < limit) return core::Ok();
      const long long wait_micros = oldest + throttle_.window_micros - now.micros();
      const long long minutes = std::max<long long>(1, (wait_micros + 59'999'999) / 60'000'000);
      return core::Error{core::Errc::kRateLimited,
                         std::string("too many failed sign-ins ") + what + "; try again in " +
                             std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes"),
                         {}};
    };
    if (auto account = check(kFailuresByEmail, normalised_email, "email",
                             throttle_.failures_per_account, "for this account");
        !account) {
      return account;
    }
    return check(kFailuresByAddress, origin.remote_address, "address",
                 throttle_.failures_per_address, "from your address");
  });
}

core::Status IdentityService::RecordAttempt(const std::string& normalised_email,
                                            const Origin& origin, bool verified) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    if (verified) {
      sql << kClearFailures, soci::use(normalised_email, "email");
    } else {
      const long long at = core::Timestamp::Now().micros();
      sql << kInsertFailure, soci::use(normalised_email, "email"),
          soci::use(origin.remote_address, "address"), soci::use(at, "at");
    }
    return core::Ok();
  });
}

core::Result<Session> IdentityService::Login(const std::string& email, const std::string& password,
                                             const Origin& origin) {
  const std::string normalised = core::NormaliseEmail(email).value_or(email);
  // Locked-out accounts and addresses are refused before the password is even looked at.
  if (auto locked = CheckLockout(normalised, origin); !locked) return locked.error();

  std::optional<User> user;
  std::string password_hash = dummy_hash_;
  auto found = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << kSelectUserByEmail, soci::use(normalised, "email"));
    for (const soci::row& row : rows) {
      user = User{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2)};
      password_hash = row.get<std::string>(3);
    }
    return core::Ok();
  });
  if (!found) return found.error();
  const bool verified = VerifyPassword(password, password_hash) && user.has_value();
  if (auto recorded = RecordAttempt(normalised, origin, verified); !recorded) {
    return recorded.error();
  }
  if (!verified) return WrongCredentials();
  return StartSession(*user, origin);
}

core::Result<Session> IdentityService::ChangePassword(const Principal& principal,
                                                      const std::string& current_password,
                                                      const std::string& new_password,
                                                      const Origin& origin) {
  const User& user = principal.user;
  // A stolen session must not turn into unlimited guesses at the password.
  if (auto locked = CheckLockout(user.email, origin); !locked) return locked.error();
  std::string stored_hash = dummy_hash_;
  auto found = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::ForEachRow(sql, kSelectPasswordHash, db::Parameters().Text("id", user.id),
                   [&](const soci::row& row) { stored_hash = row.get<std::string>(0); });
    return core::Ok();
  });
  if (!found) return found.error();
  const bool verified = VerifyPassword(current_password, stored_hash);
  if (auto recorded = RecordAttempt(user.email, origin, verified); !recorded) {
    return recorded.error();
  }
  if (!verified) {
    return core::Error::Invalid("check the highlighted fields",
                                {{"current_password", "is not your current password"}});
  }
  std::optional<std::string> problem = PasswordProblem(new_password, user.email, user.name);
  if (!problem && new_password == current_password) {
    problem = "must differ from the current password";
  }
  if (problem) return core::Error::Invalid("choose another password", {{"new_password", *problem}});

  // Hashing is slow on purpose: do it outside the transaction.
  const std::string new_hash = HashPassword(new_password, cost_);
  auto changed = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const long long now = core::Timestamp::Now().micros();
    db::Execute(sql, kUpdatePassword,
                db::Parameters()
                    .Text("password_hash", new_hash)
                    .Integer("now", now)
                    .Integer("now2", now)
                    .Text("id", user.id));
    // Every session of the user ends, on every device: whoever else held one is out.
    sql << kDeleteUserSessions, soci::use(user.id, "user_id");
    audit::Record(sql, {.org_id = principal.org.id,
                        .actor_user_id = user.id,
                        .action = "user.password_changed",
                        .target_type = "user",
                        .target_id = user.id,
                        .detail = {},
                        .context = {origin.remote_address, origin.request_id}});
    transaction.Commit();
    return core::Ok();
  });
  if (!changed) return changed.error();
  // This browser carries on in a new session, in the organisation it was working in.
  auto session = StartSession(user, origin);
  if (!session) return session.error();
  if (session->principal.org.id != principal.org.id) {
    auto moved = SwitchOrg(session->token, principal.org.id);
    if (!moved) return moved.error();
    session->principal = *moved;
  }
  return session;
}

core::Result<Session> IdentityService::StartSession(const User& user, const Origin& origin) {
  Session session;
  session.token = core::RandomHex(32);
  session.csrf_token = CsrfToken(session.token);
  session.principal.user = user;
  const auto now = core::Timestamp::Now();
  session.expires_at = now + sessions_.absolute_micros;
  auto started = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    bool member = false;
    soci::rowset<soci::row> rows =
        (sql.prepare << kSelectFirstMembership, soci::use(user.id, "user_id"));
    for (const soci::row& row : rows) {
      member = true;
      session.principal.org = Org{row.get<std::string>(0), row.get<std::string>(1),
                                  core::SplitList(row.get<std::string>(2), ',')};
      access::ParseRole(row.get<std::string>(3), session.principal.role);
      session.principal.scopes = ScopesFromJson(row.get<std::string>(4));
    }
    if (!member) {
      return core::Error{core::Errc::kForbidden, "this account belongs to no organisation", {}};
    }
    const std::string hash = TokenHash(session.token);
    const long long at = now.micros();
    const long long expires = session.expires_at.micros();
    const std::string address = origin.remote_address;
    const std::string agent = origin.user_agent.substr(0, 512);
    sql << kInsertSession, soci::use(hash, "token_hash"), soci::use(user.id, "user_id"),
        soci::use(session.principal.org.id, "org_id"), soci::use(at, "created_at"),
        soci::use(at, "last_seen_at"), soci::use(expires, "expires_at"),
        soci::use(address, "remote_address"), soci::use(agent, "user_agent");
    audit::Record(sql, {.org_id = session.principal.org.id,
                        .actor_user_id = user.id,
                        .action = "user.signed_in",
                        .target_type = "user",
                        .target_id = user.id,
                        .detail = {{"user_agent", agent}},
                        .context = {origin.remote_address, origin.request_id}});
    return core::Ok();
  });
  if (!started) return started.error();
  return session;
}

core::Result<Principal> IdentityService::Resume(const std::string& token) {
  if (token.size() != 64) return SessionEnded();
  const std::string hash = TokenHash(token);
  const auto now = core::Timestamp::Now();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Principal> {
    std::optional<Principal> principal;
    long long last_seen = 0;
    long long expires = 0;
    soci::rowset<soci::row> rows = (sql.prepare << kSelectSession, soci::use(hash, "token_hash"));
    for (const soci::row& row : rows) {
      Principal found;
      found.user.id = row.get<std::string>(0);
      found.org.id = row.get<std::string>(1);
      last_seen = db::RowInteger(row, 2);
      expires = db::RowInteger(row, 3);
      found.user.email = row.get<std::string>(4);
      found.user.name = row.get<std::string>(5);
      found.org.name = row.get<std::string>(6);
      found.org.kinds = core::SplitList(row.get<std::string>(7), ',');
      access::ParseRole(row.get<std::string>(8), found.role);
      found.scopes = ScopesFromJson(row.get<std::string>(9));
      principal = std::move(found);
    }
    if (!principal) return SessionEnded();
    if (now.micros() >= expires || now.micros() >= last_seen + sessions_.idle_micros) {
      sql << kDeleteSession, soci::use(hash, "token_hash");
      return SessionEnded();
    }
    // Writing on every request would serialise readers on SQLite: once a minute is enough.
    if (now.micros() - last_seen > 60 * core::kMicrosPerSecond) {
      const long long at = now.micros();
      sql << kTouchSession, soci::use(at, "now"), soci::use(hash, "token_hash");
    }
    return *principal;
  });
}

core::Result<Principal> IdentityService::SwitchOrg(const std::string& token,
                                                   const std::string& org_id) {
  auto current = Resume(token);
  if (!current) return current.error();
  const std::string hash = TokenHash(token);
  auto switched = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    const auto changed = db::Execute(sql, kSwitchSessionOrg,
                                     db::Parameters()
                                         .Text("org_id", org_id)
                                         .Text("token_hash", hash)
                                         .Text("org_id2", org_id)
                                         .Text("user_id", current->user.id));
    if (changed == 0) return core::Error::NotFound("you are not a member of that organisation");
    return core::Ok();
  });
  if (!switched) return switched.error();
  return Resume(token);
}

core::Result<std::vector<std::pair<Org, access::Role>>> IdentityService::OrgsOf(
    const Principal& principal) {
  return db::WithSession(
      database_,
      [&](soci::session& sql) -> core::Result<std::vector<std::pair<Org, access::Role>>> {
        std::vector<std::pair<Org, access::Role>> orgs;
        db::ForEachRow(sql, kSelectUserOrgs, db::Parameters().Text("user_id", principal.user.id),
                       [&](const soci::row& row) {
                         access::Role role = access::Role::kViewer;
                         access::ParseRole(row.get<std::string>(3), role);
                         orgs.emplace_back(Org{row.get<std::string>(0), row.get<std::string>(1),
                                               core::SplitList(row.get<std::string>(2), ',')},
                                           role);
                       });
        return orgs;
      });
}

core::Status IdentityService::Logout(const std::string& token) {
  const std::string hash = TokenHash(token);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    sql << kDeleteSession, soci::use(hash, "token_hash");
    return core::Ok();
  });
}

core::Status IdentityService::LogoutEverywhere(const Principal& principal) {
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    sql << kDeleteUserSessions, soci::use(principal.user.id, "user_id");
    return core::Ok();
  });
}

}  // namespace strata::identity
