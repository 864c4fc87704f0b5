#pragma once

#include <string>

#include "http/message.h"
#include "identity/api_tokens.h"
#include "identity/identity.h"

namespace strata::identity {

// The principal's actor, remembering the request's address and id for the audit trail.
inline access::Actor RequestActor(const Principal& principal, const http::Request& request) {
  access::Actor actor = principal.actor().WithRequest(request.remote_address, request.request_id);
  return principal.api_token_id ? actor.WithApiToken(*principal.api_token_id) : actor;
}

// The session cookie's name.
inline constexpr const char* kSessionCookie = "strata_session";

// Turns a request into the principal behind it, for every module's routes: an API token in
// "Authorization: Bearer …", or else the session cookie. A request with neither, or with an
// unknown one, is kUnauthenticated; a mutating request (POST, PUT, PATCH, DELETE) on a session
// whose X-CSRF-Token header does not match it is kForbidden. Tokens need no CSRF token: no
// browser sends them by itself.
class Authenticator {
 public:
  Authenticator(IdentityService& identity, ApiTokens& tokens, bool secure_cookies)
      : identity_(identity), tokens_(tokens), secure_cookies_(secure_cookies) {}

  core::Result<Principal> Require(const http::Request& request) const;

  // The Set-Cookie value that carries a new session, and the one that removes it.
  std::string SessionCookie(const Session& session) const;
  std::string ClearedSessionCookie() const;

 private:
  IdentityService& identity_;
  ApiTokens& tokens_;
  bool secure_cookies_;
};

}  // namespace strata::identity
