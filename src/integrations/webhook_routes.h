#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "integrations/webhooks.h"

namespace strata::integrations {

// The organisation's webhook endpoints: GET/POST /api/v1/webhooks, GET/PATCH/DELETE
// /api/v1/webhooks/{id}, POST /api/v1/webhooks/{id}/rotate-secret and /ping, and GET
// /api/v1/webhooks/{id}/deliveries. Unscoped members read; owners and admins change.
void RegisterWebhookRoutes(http::Router& router, WebhookService& webhooks,
                           const identity::Authenticator& auth);

}  // namespace strata::integrations
