#pragma once

#include "brand/brand.h"
#include "http/router.h"
#include "identity/auth.h"

namespace strata::brand {

// GET and PATCH /api/v1/org (the actor's organisation: name and brand); PUT and DELETE
// /api/v1/org/logo (the image itself as the body); GET /api/v1/orgs/{id}/logo.
void RegisterBrandRoutes(http::Router& router, BrandService& brands,
                         const identity::Authenticator& auth);

}  // namespace strata::brand
