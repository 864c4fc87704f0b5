#pragma once

#include "http/router.h"
#include "identity/auth.h"
#include "notifications/notifications.h"

namespace strata::notifications {

// GET /api/v1/notifications (?unread=true|false, limit, cursor) and POST
// /api/v1/notifications/read ({"ids":[…]} or {"all":true}); every member, viewers included.
void RegisterNotificationRoutes(http::Router& router, NotificationService& notifications,
                                const identity::Authenticator& auth);

}  // namespace strata::notifications
