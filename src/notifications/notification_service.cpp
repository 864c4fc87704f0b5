#include <soci/soci.h>

#include <algorithm>

#include "access/visibility.h"
#include "core/ids.h"
#include "db/query.h"
#include "db/rows.h"
#include "notifications/notifications.h"

namespace strata::notifications {
namespace {

constexpr const char* kInsertNotification =
    "INSERT INTO notifications (id, org_id, kind, title, deal_id, lead_id, vendor_org_id, region,"
    " created_at, read_at) VALUES (:id, :org_id, :kind, :title, :deal_id, :lead_id,"
    " :vendor_org_id, :region, :created_at, NULL)";

// Notifications newest first; %s is the access filter and any further condition.
constexpr const char* kSelectNotifications =
    "SELECT n.id, n.kind, n.title, n.deal_id, n.created_at, n.read_at, n.lead_id FROM"
    " notifications n"
    " WHERE %s ORDER BY n.id DESC LIMIT :limit";

// The unread notifications the access filter (%s) lets through.
constexpr const char* kCountUnread =
    "SELECT COUNT(*) FROM notifications n WHERE %s AND n.read_at IS NULL";

// Marks read the unread notifications that the access filter and the further condition (%s)
// let through.
constexpr const char* kMarkRead =
    "UPDATE notifications SET read_at = :now WHERE id IN (SELECT n.id FROM notifications n"
    " WHERE %s AND n.read_at IS NULL)";

// `pattern` with its %s replaced by `condition`.
std::string WithCondition(const char* pattern, const std::string& condition) {
  std::string query = pattern;
  query.replace(query.find("%s"), 2, condition);
  return query;
}

core::Error NoOrganisation() {
  return core::Error::Invalid("notifications belong to an organisation");
}

access::SqlFilter Visible(const access::Actor& actor) {
  return access::OwnedVisibility(actor, "n.org_id", "n.vendor_org_id", "n.region");
}

std::int64_t MarkWhere(soci::session& sql, const access::Actor& actor, const std::string& condition,
                       db::Parameters parameters) {
  const access::SqlFilter filter = Visible(actor);
  parameters.AddAll(filter.parameters).Integer("now", core::Timestamp::Now().micros());
  return db::Execute(sql, WithCondition(kMarkRead, filter.condition + condition), parameters);
}

}  // namespace

void Notify(soci::session& sql, const NewNotification& notification) {
  const std::string id = core::Uuid::NewV7().ToString();
  const long long now = core::Timestamp::Now().micros();
  const std::string deal_id = notification.deal_id.value_or("");
  const std::string vendor_org_id = notification.vendor_org_id.value_or("");
  const std::string lead_id = notification.lead_id.value_or("");
  soci::indicator deal_indicator = notification.deal_id ? soci::i_ok : soci::i_null;
  soci::indicator lead_indicator = notification.lead_id ? soci::i_ok : soci::i_null;
  soci::indicator vendor_indicator = notification.vendor_org_id ? soci::i_ok : soci::i_null;
  sql << kInsertNotification, soci::use(id, "id"), soci::use(notification.org_id, "org_id"),
      soci::use(notification.kind, "kind"), soci::use(notification.title, "title"),
      soci::use(deal_id, deal_indicator, "deal_id"), soci::use(lead_id, lead_indicator, "lead_id"),
      soci::use(vendor_org_id, vendor_indicator, "vendor_org_id"),
      soci::use(notification.region, "region"), soci::use(now, "created_at");
}

core::Result<NotificationPage> NotificationService::List(const access::Actor& actor, Show show,
                                                         int limit,
                                                         const std::optional<std::string>& cursor) {
  if (actor.is_system()) return NoOrganisation();
  limit = std::clamp(limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<NotificationPage> {
    const access::SqlFilter filter = Visible(actor);
    NotificationPage page;
    std::string condition = filter.condition;
    db::Parameters parameters;
    parameters.AddAll(filter.parameters);
    if (show == Show::kUnreadOnly) condition += " AND n.read_at IS NULL";
    if (cursor) {
      condition += " AND n.id < :cursor";
      parameters.Text("cursor", *cursor);
    }
    // One row more than asked tells whether another page follows.
    parameters.Integer("limit", limit + 1);
    db::ForEachRow(sql, WithCondition(kSelectNotifications, condition), parameters,
                   [&](const soci::row& row) {
                     Notification notification;
                     notification.id = row.get<std::string>(0);
                     notification.kind = row.get<std::string>(1);
                     notification.title = row.get<std::string>(2);
                     notification.deal_id = db::RowOptionalText(row, 3);
                     notification.lead_id = db::RowOptionalText(row, 6);
                     notification.created_at = core::Timestamp(db::RowInteger(row, 4));
                     if (row.get_indicator(5) != soci::i_null) {
                       notification.read_at = core::Timestamp(db::RowInteger(row, 5));
                     }
                     page.items.push_back(std::move(notification));
                   });
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_cursor = page.items.back().id;
    }
    db::ForEachRow(sql, WithCondition(kCountUnread, filter.condition),
                   db::Parameters().AddAll(filter.parameters),
                   [&](const soci::row& row) { page.unread = db::RowInteger(row, 0); });
    return page;
  });
}

core::Result<std::int64_t> NotificationService::MarkRead(const access::Actor& actor,
                                                         const std::vector<std::string>& ids) {
  if (actor.is_system()) return NoOrganisation();
  if (ids.size() > kMaxMarkedIds) {
    return core::Error::Invalid("mark at most 200 notifications at a time",
                                {{"ids", "must hold at most 200 ids"}});
  }
  if (ids.empty()) return std::int64_t{0};
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::int64_t> {
    db::Transaction transaction(sql, database_.dialect());
    db::Parameters parameters;
    std::string list;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string name = "id_" + std::to_string(i);
      list += (i == 0 ? ":" : ", :") + name;
      parameters.Text(name, ids[i]);
    }
    const std::int64_t marked =
        MarkWhere(sql, actor, " AND n.id IN (" + list + ")", std::move(parameters));
    transaction.Commit();
    return marked;
  });
}

core::Result<std::int64_t> NotificationService::MarkAllRead(const access::Actor& actor) {
  if (actor.is_system()) return NoOrganisation();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::int64_t> {
    db::Transaction transaction(sql, database_.dialect());
    const std::int64_t marked = MarkWhere(sql, actor, "", db::Parameters());
    transaction.Commit();
    return marked;
  });
}

}  // namespace strata::notifications
