#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "leads/leads.h"

namespace strata::leads {

// /api/v1/leads… (the inbox, a lead, its distribution, answer, status, activities and conversion;
// ?format=csv exports the list), /api/v1/lead-routing… and /api/v1/lead-stats.
void RegisterLeadRoutes(http::Router& router, LeadService& leads,
                        const identity::Authenticator& auth);

}  // namespace strata::leads
