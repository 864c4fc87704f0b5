#include "notifications/notification_routes.h"

#include <charconv>

#include "core/json.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::notifications {
namespace {

json::object NotificationJson(const Notification& notification) {
  return {
      {"id", notification.id},
      {"kind", notification.kind},
      {"title", notification.title},
      {"deal_id", notification.deal_id ? json::value(*notification.deal_id) : json::value(nullptr)},
      {"lead_id", notification.lead_id ? json::value(*notification.lead_id) : json::value(nullptr)},
      {"created_at", notification.created_at.ToIso8601()},
      {"read_at", notification.read_at ? json::value(notification.read_at->ToIso8601())
                                       : json::value(nullptr)}};
}

// The limit query parameter: 1 to 200, 50 when absent.
core::Result<int> Limit(const http::Request& request) {
  const auto text = request.Query("limit");
  if (!text) return 50;
  int limit = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 200) {
    return core::Error::Invalid("limit must be a whole number from 1 to 200",
                                {{"limit", "must be from 1 to 200"}});
  }
  return limit;
}

// The unread query parameter: true, false, or absent (false).
core::Result<Show> ShowOf(const http::Request& request) {
  const auto text = request.Query("unread");
  if (!text || *text == "false") return Show::kAll;
  if (*text == "true") return Show::kUnreadOnly;
  return core::Error::Invalid("unread must be true or false",
                              {{"unread", "must be true or false"}});
}

core::Error BadSelection() {
  return core::Error::Invalid(
      "give either the ids to mark read or \"all\": true",
      {{"ids", "give a list of notification ids, or \"all\": true instead"}});
}

}  // namespace

void RegisterNotificationRoutes(http::Router& router, NotificationService& notifications,
                                const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/notifications", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto show = ShowOf(request);
    if (!show) return http::ErrorResponse(show.error());
    auto limit = Limit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = notifications.List(principal->actor(), *show, *limit, request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& notification : page->items) items.emplace_back(NotificationJson(notification));
    return http::JsonResponse(
        200, json::object{{"items", std::move(items)},
                          {"next_cursor", page->next_cursor ? json::value(*page->next_cursor)
                                                            : json::value(nullptr)},
                          {"unread", page->unread}});
  });

  // Exactly one of "ids" and "all": true.
  router.Add(http::Method::kPost, "/api/v1/notifications/read", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    const json::value* ids = body->if_contains("ids");
    const json::value* all = body->if_contains("all");
    if ((ids == nullptr) == (all == nullptr)) return http::ErrorResponse(BadSelection());
    const access::Actor actor = identity::RequestActor(*principal, request);
    core::Result<std::int64_t> marked = std::int64_t{0};
    if (all != nullptr) {
      if (!all->is_bool() || !all->as_bool()) {
        return http::ErrorResponse(core::Error::Invalid(
            "\"all\" must be true", {{"all", "must be true; give ids to mark some"}}));
      }
      marked = notifications.MarkAllRead(actor);
    } else {
      if (!ids->is_array()) return http::ErrorResponse(BadSelection());
      std::vector<std::string> list;
      for (const auto& id : ids->as_array()) {
        if (!id.is_string()) {
          return http::ErrorResponse(
              core::Error::Invalid("ids must be strings", {{"ids", "must be a list of ids"}}));
        }
        list.emplace_back(id.as_string());
      }
      marked = notifications.MarkRead(actor, list);
    }
    if (!marked) return http::ErrorResponse(marked.error());
    return http::JsonResponse(200, json::object{{"marked", *marked}});
  });
}

}  // namespace strata::notifications
