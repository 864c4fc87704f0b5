#pragma once

#include <string>

#include "core/error.h"
#include "db/database.h"
#include "identity/identity.h"
#include "identity/token_hash.h"
#include "mail/mail.h"

namespace strata::identity {

// "Forgot your password": a single-use link by email, valid for an hour. Asking never tells
// whether an account exists; choosing a new password ends every session of the account and lifts
// a lock-out.
class PasswordResets {
 public:
  PasswordResets(db::Database& database, mail::Mailer& mailer, std::string public_url,
                 const std::string& secret_key, PasswordCost cost);

  // Mails a link when `email` has an account, at most 3 an hour; does nothing otherwise. Only a
  // failure to hand the mail over is an error.
  core::Status Request(const std::string& email, const Origin& origin);

  // Sets the password of the link's account. kInvalidArgument naming "token" for an unknown,
  // used or expired link, or "password" for a password the policy refuses.
  core::Status Complete(const std::string& token, const std::string& password,
                        const Origin& origin);

 private:
  db::Database& database_;
  mail::Mailer& mailer_;
  std::string public_url_;
  TokenHasher hasher_;
  PasswordCost cost_;
};

}  // namespace strata::identity
