#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

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

struct SignupInput {
  std::string email;
  std::string password;
  std::string name;
  std::string org_name;
  std::vector<std::string> org_kinds;
};

// Where a request came from, recorded with sessions and failed log-ins.
struct Origin {
  std::string remote_address{};
  std::string user_agent{};
  std::string request_id{};
};

// A signed-in person acting for one organisation.
struct Principal {
  User user;
  Org org;
  access::Role role = access::Role::kViewer;
  access::Scopes scopes;
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

// Lower-cases and checks an email address; nullopt when it is not one.
std::optional<std::string> NormaliseEmail(const std::string& email);

// The password rules: 10 to 256 characters, not one of the most common passwords, and not the
// account's own email address or name. Returns the reason when refused.
std::optional<std::string> PasswordProblem(const std::string& password, const std::string& email,
                                           const std::string& name);

// Every problem with a sign-up, one message per field ("email", "password", "name",
// "org.name", "org.kinds"); empty when it is valid.
std::vector<core::FieldError> ValidateSignup(const SignupInput& input);

// argon2id in libsodium's encoded form.
std::string HashPassword(const std::string& password, PasswordCost cost);
bool VerifyPassword(const std::string& password, const std::string& encoded);

// Accounts, organisations and sessions. Sign-up and log-in act for nobody yet and use the
// system actor inside; everything else takes the signed-in principal.
class IdentityService {
 public:
  IdentityService(db::Database& database, std::string secret_key, SessionPolicy sessions,
                  PasswordCost cost, ThrottlePolicy throttle = {});

  // Creates a user, an organisation it owns, and a session. kInvalidArgument with per-field
  // messages for bad input; kConflict when the email is registered already.
  core::Result<Session> Signup(const SignupInput& input, const Origin& origin);

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

  // Ends one session.
  core::Status Logout(const std::string& token);
  // Ends every session of the principal's user ("log out everywhere").
  core::Status LogoutEverywhere(const Principal& principal);

 private:
  core::Result<Session> StartSession(const User& user, const Origin& origin);
  std::string TokenHash(const std::string& token) const;

  db::Database& database_;
  std::string secret_key_;
  SessionPolicy sessions_;
  PasswordCost cost_;
  ThrottlePolicy throttle_;
  std::string dummy_hash_;  // Verified against for unknown emails, so timing tells nothing.
};

}  // namespace strata::identity
