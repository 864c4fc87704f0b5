#include "audit/audit_routes.h"

#include "core/csv.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::audit {
namespace {

constexpr int kExportPageSize = 200;

}  // namespace

void RegisterAuditRoutes(http::Router& router, AuditLog& log, const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/audit-events", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto limit = http::PageLimit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = log.List(principal->actor(), *limit, request.Query("cursor"));
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

  // The whole trail as CSV for auditors and spreadsheets, newest first, with the same access
  // rule as the list.
  router.Add(http::Method::kGet, "/api/v1/audit-events/export", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    core::CsvWriter csv;
    for (const char* column : {"at", "actor_email", "action", "target_type", "target_id",
                               "remote_address", "request_id", "detail"}) {
      csv.Text(column);
    }
    csv.EndRow();
    std::optional<std::string> cursor;
    do {
      auto page = log.List(principal->actor(), kExportPageSize, cursor);
      if (!page) return http::ErrorResponse(page.error());
      for (const auto& event : page->items) {
        csv.Text(event.at.ToIso8601())
            .Text(event.actor_email.value_or(""))
            .Text(event.action)
            .Text(event.target_type)
            .Text(event.target_id)
            .Text(event.context.remote_address)
            .Text(event.context.request_id)
            .Text(json::serialize(event.detail))
            .EndRow();
      }
      cursor = page->next_cursor;
    } while (cursor);
    http::Response response = http::Response::Text(200, csv.str(), "text/csv; charset=utf-8");
    response.SetHeader("Content-Disposition", "attachment; filename=\"audit-events.csv\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace strata::audit
