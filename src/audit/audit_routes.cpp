#include "audit/audit_routes.h"

#include <charconv>

#include "http/json_io.h"
#include "http/problem.h"

namespace strata::audit {

void RegisterAuditRoutes(http::Router& router, AuditLog& log, const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/audit-events", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    int limit = 50;
    if (const auto text = request.Query("limit")) {
      const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
      if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 200) {
        return http::ErrorResponse(core::Error::Invalid(
            "limit must be a whole number from 1 to 200", {{"limit", "must be from 1 to 200"}}));
      }
    }
    auto page = log.List(principal->actor(), limit, request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& event : page->items) {
      items.emplace_back(
          json::object{{"id", event.id},
                       {"org_id", event.org_id},
                       {"actor_user_id", event.actor_user_id ? json::value(*event.actor_user_id)
                                                             : json::value(nullptr)},
                       {"actor_email",
                        event.actor_email ? json::value(*event.actor_email) : json::value(nullptr)},
                       {"action", event.action},
                       {"target_type", event.target_type},
                       {"target_id", event.target_id},
                       {"detail", event.detail},
                       {"remote_address", event.context.remote_address},
                       {"request_id", event.context.request_id},
                       {"at", event.at.ToIso8601()}});
    }
    return http::ListResponse(std::move(items), page->next_cursor);
  });
}

}  // namespace strata::audit
