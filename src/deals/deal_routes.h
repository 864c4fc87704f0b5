#pragma once

#include "deals/deal.h"
#include "http/router.h"
#include "identity/auth.h"

namespace strata::deals {

// /api/v1/deals…, /api/v1/deal-rules and /api/v1/vendors/{id}/deal-rules.
void RegisterDealRoutes(http::Router& router, DealService& deals,
                        const identity::Authenticator& auth);

}  // namespace strata::deals
