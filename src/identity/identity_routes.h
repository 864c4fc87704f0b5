#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "identity/identity.h"
#include "identity/password_reset.h"

namespace strata::identity {

// POST /api/v1/auth/signup, /auth/login, /auth/logout, /auth/logout-everywhere; GET /api/v1/me.
void RegisterIdentityRoutes(http::Router& router, IdentityService& identity,
                            const Authenticator& auth);

// POST /api/v1/auth/password-reset {"email"} → 202 whether or not the account exists;
// POST /api/v1/auth/password-reset/confirm {"token","password"} → 204.
void RegisterPasswordResetRoutes(http::Router& router, PasswordResets& resets);

}  // namespace strata::identity
