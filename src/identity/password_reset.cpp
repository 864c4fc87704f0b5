#include "identity/password_reset.h"

#include <soci/soci.h>

#include "audit/audit.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/log.h"
#include "db/query.h"
#include "db/rows.h"

namespace strata::identity {
namespace {

constexpr const char* kSelectUser = "SELECT id, name FROM users WHERE email = :email";

constexpr const char* kCountRecent =
    "SELECT COUNT(*) FROM password_resets WHERE user_id = :user_id AND created_at > :since";

constexpr const char* kInsertReset =
    "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
    " VALUES (:token_hash, :user_id, :created_at, :expires_at)";

// A usable link with its account.
constexpr const char* kSelectReset =
    "SELECT r.user_id, u.email, u.name FROM password_resets r JOIN users u ON u.id = r.user_id"
    " WHERE r.token_hash = :token_hash AND r.used_at IS NULL AND r.expires_at > :now";

// Using one link spends every link of the account.
constexpr const char* kSpendResets =
    "UPDATE password_resets SET used_at = :now WHERE user_id = :user_id AND used_at IS NULL";

constexpr const char* kUpdatePassword =
    "UPDATE users SET password_hash = :password_hash, password_changed_at = :now,"
    " updated_at = :now2 WHERE id = :id";

constexpr const char* kDeleteSessions = "DELETE FROM sessions WHERE user_id = :user_id";
constexpr const char* kClearFailures = "DELETE FROM login_failures WHERE email = :email";

// Every organisation of the account, whose trails record the change.
constexpr const char* kSelectOrgs = "SELECT org_id FROM memberships WHERE user_id = :user_id";

constexpr std::int64_t kLifetime = std::int64_t{3600} * core::kMicrosPerSecond;
constexpr int kPerHour = 3;

core::Error BadLink() {
  return core::Error::Invalid("this link is not valid any more; ask for a new one",
                              {{"token", "has expired or was used already"}});
}

}  // namespace

PasswordResets::PasswordResets(db::Database& database, mail::Mailer& mailer, std::string public_url,
                               const std::string& secret_key, PasswordCost cost)
    : database_(database),
      mailer_(mailer),
      public_url_(std::move(public_url)),
      hasher_(secret_key),
      cost_(cost) {}

core::Status PasswordResets::Request(const std::string& email, const Origin& origin) {
  const auto normalised = core::NormaliseEmail(email);
  if (!normalised) {
    return core::Error::Invalid("check the email address", {{"email", "is not an email address"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    std::string user_id;
    std::string name;
    db::ForEachRow(sql, kSelectUser, db::Parameters().Text("email", *normalised),
                   [&](const soci::row& row) {
                     user_id = row.get<std::string>(0);
                     name = row.get<std::string>(1);
                   });
    if (user_id.empty()) return core::Ok();
    const long long now = core::Timestamp::Now().micros();
    long long recent = 0;
    const long long since = now - kLifetime;
    sql << kCountRecent, soci::use(user_id, "user_id"), soci::use(since, "since"),
        soci::into(recent);
    if (recent >= kPerHour) {
      log::Warn("password reset refused: too many requests",
                {{"user_id", user_id}, {"request_id", origin.request_id}});
      return core::Ok();
    }
    const std::string token = core::RandomHex(32);
    db::Execute(sql, kInsertReset,
                db::Parameters()
                    .Text("token_hash", hasher_.Hash("password-reset:", token))
                    .Text("user_id", user_id)
                    .Integer("created_at", now)
                    .Integer("expires_at", now + kLifetime));
    auto sent = mailer_.Send(
        {*normalised, "Choose a new password for Strata",
         "Hello " + name + ",\n\nSomeone asked to reset the password of your Strata account" +
             (origin.remote_address.empty() ? "" : " from " + origin.remote_address) +
             ". Choose a new one within an hour:\n" + public_url_ +
             "/reset-password?token=" + token +
             "\n\nIf it was not you, ignore this message; your password stays as it is.\n"});
    if (!sent) return sent.error();
    transaction.Commit();
    return core::Ok();
  });
}

core::Status PasswordResets::Complete(const std::string& token, const std::string& password,
                                      const Origin& origin) {
  const std::string hash = hasher_.Hash("password-reset:", token);
  std::string user_id;
  std::string email;
  std::string name;
  auto found = db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::ForEachRow(
        sql, kSelectReset,
        db::Parameters().Text("token_hash", hash).Integer("now", core::Timestamp::Now().micros()),
        [&](const soci::row& row) {
          user_id = row.get<std::string>(0);
          email = row.get<std::string>(1);
          name = row.get<std::string>(2);
        });
    return core::Ok();
  });
  if (!found) return found.error();
  if (user_id.empty()) return BadLink();
  if (auto problem = PasswordProblem(password, email, name)) {
    return core::Error::Invalid("choose another password", {{"password", *problem}});
  }
  // Hashing is slow on purpose: do it outside the transaction.
  const std::string password_hash = HashPassword(password, cost_);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    const long long now = core::Timestamp::Now().micros();
    // Spending the links first makes two racing uses of one link set the password once.
    const auto spent = db::Execute(sql, kSpendResets,
                                   db::Parameters().Integer("now", now).Text("user_id", user_id));
    if (spent == 0) return BadLink();
    db::Execute(sql, kUpdatePassword,
                db::Parameters()
                    .Text("password_hash", password_hash)
                    .Integer("now", now)
                    .Integer("now2", now)
                    .Text("id", user_id));
    db::Execute(sql, kDeleteSessions, db::Parameters().Text("user_id", user_id));
    db::Execute(sql, kClearFailures, db::Parameters().Text("email", email));
    std::vector<std::string> orgs;
    db::ForEachRow(sql, kSelectOrgs, db::Parameters().Text("user_id", user_id),
                   [&](const soci::row& row) { orgs.push_back(row.get<std::string>(0)); });
    for (const auto& org_id : orgs) {
      audit::Record(sql, {.org_id = org_id,
                          .actor_user_id = user_id,
                          .action = "user.password_reset",
                          .target_type = "user",
                          .target_id = user_id,
                          .detail = {},
                          .context = {origin.remote_address, origin.request_id}});
    }
    transaction.Commit();
    return core::Ok();
  });
}

}  // namespace strata::identity
