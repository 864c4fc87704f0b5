#include "audit/audit.h"

#include <soci/soci.h>

#include <algorithm>

#include "core/ids.h"
#include "db/query.h"
#include "db/rows.h"

namespace strata::audit {
namespace {

// Appends one event.
constexpr const char* kInsertEvent =
    "INSERT INTO audit_events (id, org_id, actor_user_id, action, target_type, target_id, detail,"
    " remote_address, request_id, at) VALUES (:id, :org_id, :actor, :action, :target_type,"
    " :target_id, :detail, :remote_address, :request_id, :at)";

// One organisation's events, newest first; %s adds the cursor condition.
constexpr const char* kSelectEvents =
    "SELECT e.id, e.org_id, e.actor_user_id, e.action, e.target_type, e.target_id, e.detail,"
    " e.remote_address, e.request_id, e.at, u.email FROM audit_events e"
    " LEFT JOIN users u ON u.id = e.actor_user_id"
    " WHERE e.org_id = :actor_org %s ORDER BY e.id DESC LIMIT :limit";

}  // namespace

void Record(soci::session& session, const Event& event) {
  const std::string id = event.id.empty() ? core::Uuid::NewV7().ToString() : event.id;
  const std::string actor = event.actor_user_id.value_or("");
  soci::indicator actor_indicator = event.actor_user_id ? soci::i_ok : soci::i_null;
  json::object detail_object = event.detail;
  // Changes an integration made say which token made them.
  if (!event.context.api_token_id.empty()) {
    detail_object["via_api_token"] = event.context.api_token_id;
  }
  const std::string detail = json::serialize(detail_object);
  const long long at = event.at.micros() == 0 ? core::Timestamp::Now().micros() : event.at.micros();
  session << kInsertEvent, soci::use(id, "id"), soci::use(event.org_id, "org_id"),
      soci::use(actor, actor_indicator, "actor"), soci::use(event.action, "action"),
      soci::use(event.target_type, "target_type"), soci::use(event.target_id, "target_id"),
      soci::use(detail, "detail"), soci::use(event.context.remote_address, "remote_address"),
      soci::use(event.context.request_id, "request_id"), soci::use(at, "at");
}

core::Result<EventPage> AuditLog::List(const access::Actor& actor, int limit,
                                       const std::optional<std::string>& cursor) {
  if (actor.is_system() || !actor.HasRole(access::Role::kAdmin)) {
    return core::Error{core::Errc::kForbidden, "only owners and admins read the audit log", {}};
  }
  limit = std::clamp(limit, 1, 200);
  auto lease = database_.Acquire();
  if (!lease) return lease.error();
  db::Parameters parameters;
  parameters.Text("actor_org", actor.org_id()).Integer("limit", limit + 1);
  if (cursor) parameters.Text("cursor", *cursor);
  char query[1024];
  std::snprintf(query, sizeof query, kSelectEvents, cursor ? "AND e.id < :cursor" : "");
  EventPage page;
  db::ForEachRow(**lease, query, parameters, [&](const soci::row& row) {
    Event event;
    event.id = row.get<std::string>(0);
    event.org_id = row.get<std::string>(1);
    event.actor_user_id = db::RowOptionalText(row, 2);
    event.action = row.get<std::string>(3);
    event.target_type = row.get<std::string>(4);
    event.target_id = row.get<std::string>(5);
    boost::system::error_code error;
    const json::value detail = json::parse(row.get<std::string>(6), error);
    if (!error && detail.is_object()) event.detail = detail.as_object();
    event.context = {row.get<std::string>(7), row.get<std::string>(8)};
    event.at = core::Timestamp(db::RowInteger(row, 9));
    event.actor_email = db::RowOptionalText(row, 10);
    page.items.push_back(std::move(event));
  });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

}  // namespace strata::audit
