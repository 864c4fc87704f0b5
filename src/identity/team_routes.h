#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "identity/teams.h"

namespace strata::identity {

// /api/v1/members (list, change, remove) and /api/v1/member-invitations (list, invite, revoke,
// accept).
void RegisterTeamRoutes(http::Router& router, TeamService& teams, const Authenticator& auth);

}  // namespace strata::identity
