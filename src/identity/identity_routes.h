#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "identity/identity.h"

namespace strata::identity {

// POST /api/v1/auth/signup, /auth/login, /auth/logout, /auth/logout-everywhere; GET /api/v1/me.
void RegisterIdentityRoutes(http::Router& router, IdentityService& identity,
                            const Authenticator& auth);

}  // namespace strata::identity
