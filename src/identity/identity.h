#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "identity/token_hash.h"

namespace soci {
class session;
}

namespace strata::identity {

struct User {
  std::string id;
  std::string email;
  std::string name;
};

struct Org {
  std::string id;
  std::string name;
  std::vector<std::string> kinds;  // Sorted subset of "distributor", "reseller", "vendor".
};

// Where a request came from, recorded with sessions and failed log-ins.
struct Origin {
  std::string remote_address{};
  std::string user_agent{};
  std::string request_id{};
};

struct SignupInput {
  std::string email;
  std::string password;
  std::string name;
  std::string org_name;
  std::vector<std::string> org_kinds;
  // The token of an emailed invitation the account is created from, if any.
  std::optional<std::string> invitation{};
};

// Where an invitation takes a new account.
struct Joining {
  std::string org_id;
  access::Role role = access::Role::kMember;
  access::Scopes scopes;
  // The organisation was set up by an inviter for the invitee and awaits its owner: the new user
  // takes it over as owner and names it as the sign-up says.
  bool claims_org = false;
};

// Takes up one kind of emailed invitation while sign-up creates the account, inside the
// sign-up's transaction, so the account and the invitation's effect commit together.
class InvitationRedeemer {
 public:
  virtual ~InvitationRedeemer() = default;
  // nullopt when `token` is not one of this kind of invitation; kNotFound when it is, but spent,
  // revoked or expired. Otherwise marks it used by `user_id` and says where the user goes.
  virtual core::Result<std::optional<Joining>> Redeem(soci::session& sql, const std::string& token,
                                                      const std::string& user_id,
                                                      const Origin& origin) = 0;
};

// A signed-in person acting for one organisation.
struct Principal {
  User user;
  Org org;
  access::Role role = access::Role::kViewer;
  access::Scopes scopes;
  // Set when an integration acts through an API token (then `user` is the token's creator).
  std::optional<std::string> api_token_id{};
  access::Actor actor() const { return access::Actor::User(user.id, org.id, role, scopes); }
};

// A new session: the token goes into the cookie and nowhere else.
struct Session {
  Principal principal;
  std::string token;
  std::string csrf_token;
  core::Timestamp expires_at;
};

// How long sessions live: idle (since the last request) and absolute (since sign-in).
struct SessionPolicy {
  std::int64_t idle_micros = std::int64_t{12} * 3600 * core::kMicrosPerSecond;
  std::int64_t absolute_micros = std::int64_t{30} * 24 * 3600 * core::kMicrosPerSecond;
};

// How hard argon2id works. kInteractive is libsodium's recommendation for log-ins; kMinimal is
// for test suites that create hundreds of accounts, and never for production.
enum class PasswordCost { kInteractive, kMinimal };

// How many failed log-ins lock an account or an address, and for how long.
struct ThrottlePolicy {
  int failures_per_account = 5;
  int failures_per_address = 30;
  std::int64_t window_micros = std::int64_t{15} * 60 * core::kMicrosPerSecond;
};

// The password rules: 10 to 256 characters, not one of the most common passwords, and not the
// account's own email address or name. Returns the reason when refused.
std::optional<std::string> PasswordProblem(const std::string& password, const std::string& email,
                                           const std::string& name);

// Every problem with a sign-up, one message per field ("email", "password", "name",
// "org.name", "org.kinds"); empty when it is valid. With an invitation the organisation is
// checked only when one is given: whether one is needed depends on the invitation.
std::vector<core::FieldError> ValidateSignup(const SignupInput& input);
// The problems with an organisation's name and kinds alone.
std::vector<core::FieldError> ValidateOrg(const std::string& name,
                                          const std::vector<std::string>& kinds);

// argon2id in libsodium's encoded form.
std::string HashPassword(const std::string& password, PasswordCost cost);
bool VerifyPassword(const std::string& password, const std::string& encoded);

// Accounts, organisations and sessions. Sign-up and log-in act for nobody yet and use the
// system actor inside; everything else takes the signed-in principal.
class IdentityService {
 public:
  IdentityService(db::Database& database, const std::string& secret_key, SessionPolicy sessions,
                  PasswordCost cost, ThrottlePolicy throttle = {});

  // Creates a user, an organisation it owns, and a session. kInvalidArgument with per-field
  // messages for bad input; kConflict when the email is registered already. With an invitation,
  // the user joins (or takes over) the organisation the invitation names instead; kNotFound
  // when no redeemer knows the token or it is spent.
  core::Result<Session> Signup(const SignupInput& input, const Origin& origin);

  // Lets sign-up take up one more kind of invitation. The redeemer must outlive the service.
  void AddRedeemer(InvitationRedeemer& redeemer) { redeemers_.push_back(&redeemer); }

  // Starts a session for the user's first organisation. kUnauthenticated for a wrong email or
  // password (the same message for both); kRateLimited while the account or the address is
  // locked out by failed attempts.
  core::Result<Session> Login(const std::string& email, const std::string& password,
                              const Origin& origin);

  // The principal of a live session, refreshing its idle expiry. kUnauthenticated when the
  // token is unknown or the session expired.
  core::Result<Principal> Resume(const std::string& token);

  // The CSRF token that belongs to a session token: derived with the secret key, never stored.
  std::string CsrfToken(const std::string& session_token) const;

  // Moves a session to another organisation the user belongs to. kNotFound when the user is not
  // a member of it.
  core::Result<Principal> SwitchOrg(const std::string& token, const std::string& org_id);
  // The organisations the principal's user belongs to, with its role in each.
  core::Result<std::vector<std::pair<Org, access::Role>>> OrgsOf(const Principal& principal);

  // Changes the signed-in user's password once the current one is confirmed, ends every session
  // of the user, and starts a new one for this browser in the same organisation.
  // kInvalidArgument naming "current_password" (wrong; counted like a failed sign-in) or
  // "new_password" (breaks the password rules or repeats the old one); kRateLimited while the
  // account is locked out.
  core::Result<Session> ChangePassword(const Principal& principal,
                                       const std::string& current_password,
                                       const std::string& new_password, const Origin& origin);

  // Ends one session.
  core::Status Logout(const std::string& token);
  // Ends every session of the principal's user ("log out everywhere").
  core::Status LogoutEverywhere(const Principal& principal);

 private:
  core::Result<Session> StartSession(const User& user, const Origin& origin);
  // kRateLimited while failed sign-ins lock the account or the address out.
  core::Status CheckLockout(const std::string& normalised_email, const Origin& origin);
  // Counts a failed attempt, or clears the account's failures after a good one.
  core::Status RecordAttempt(const std::string& normalised_email, const Origin& origin,
                             bool verified);
  std::string TokenHash(const std::string& token) const;

  db::Database& database_;
  SessionPolicy sessions_;
  PasswordCost cost_;
  ThrottlePolicy throttle_;
  TokenHasher hasher_;
  std::vector<InvitationRedeemer*> redeemers_;
  std::string dummy_hash_;  // Verified against for unknown emails, so timing tells nothing.
};

}  // namespace strata::identity
