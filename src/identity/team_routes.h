#pragma once

#include "http/router.h"
#include "identity/api_tokens.h"
#include "identity/auth.h"
#include "identity/teams.h"

namespace strata::identity {

// /api/v1/members (list, change, remove) and /api/v1/member-invitations (list, invite, revoke,
// accept).
void RegisterTeamRoutes(http::Router& router, TeamService& teams, const Authenticator& auth);

// GET and POST /api/v1/api-tokens, DELETE /api/v1/api-tokens/{id}.
void RegisterApiTokenRoutes(http::Router& router, ApiTokens& tokens, const Authenticator& auth);

}  // namespace strata::identity
