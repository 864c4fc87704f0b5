#include "identity/auth.h"

#include <sodium.h>

#include "http/cookies.h"

namespace strata::identity {
namespace {

bool Mutating(http::Method method) {
  return method == http::Method::kPost || method == http::Method::kPut ||
         method == http::Method::kPatch || method == http::Method::kDelete;
}

// Compares in constant time, so the token cannot be guessed byte by byte.
bool SameToken(std::string_view a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

core::Result<Principal> Authenticator::Require(const http::Request& request) const {
  const std::string_view authorization = request.Header("authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.substr(0, kBearer.size()) != kBearer) {
      return core::Error{
          core::Errc::kUnauthenticated, "use Authorization: Bearer with an API token", {}};
    }
    return tokens_.Authenticate(std::string(authorization.substr(kBearer.size())));
  }
  const auto token = http::CookieValue(request, kSessionCookie);
  if (!token || token->empty()) {
    return core::Error{core::Errc::kUnauthenticated, "sign in to continue", {}};
  }
  auto principal = identity_.Resume(*token);
  if (!principal) return principal.error();
  if (Mutating(request.method) &&
      !SameToken(request.Header("x-csrf-token"), identity_.CsrfToken(*token))) {
    return core::Error{core::Errc::kForbidden,
                       "the X-CSRF-Token header is missing or does not match the session",
                       {}};
  }
  return principal;
}

std::string Authenticator::SessionCookie(const Session& session) const {
  const auto now = core::Timestamp::Now();
  return http::SetCookie(
      kSessionCookie, session.token,
      {.max_age_seconds = (session.expires_at.micros() - now.micros()) / core::kMicrosPerSecond,
       .secure = secure_cookies_});
}

std::string Authenticator::ClearedSessionCookie() const {
  return http::SetCookie(kSessionCookie, "", {.max_age_seconds = 0, .secure = secure_cookies_});
}

}  // namespace strata::identity
