#pragma once

#include "audit/audit.h"
#include "http/router.h"
#include "identity/auth.h"

namespace strata::audit {

// GET /api/v1/audit-events: the organisation's trail, for its owners and admins.
void RegisterAuditRoutes(http::Router& router, AuditLog& log, const identity::Authenticator& auth);

}  // namespace strata::audit
