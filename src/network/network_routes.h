#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "network/network.h"

namespace strata::network {

// /api/v1/relationships (list, invite, get, accept, decline, suspend, reactivate, end,
// authorizations) and /api/v1/vendors.
void RegisterNetworkRoutes(http::Router& router, NetworkService& network,
                           const identity::Authenticator& auth);

}  // namespace strata::network
