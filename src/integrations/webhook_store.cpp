#include "integrations/webhook_store.h"

#include <soci/soci.h>

#include <map>

#include "access/visibility.h"
#include "core/ids.h"
#include "db/query.h"
#include "db/rows.h"

namespace strata::integrations::store {
namespace {

constexpr const char* kInsertEndpoint =
    "INSERT INTO webhook_endpoints (id, org_id, url, description, events, active,"
    " secret_version, created_by, created_at, updated_at) VALUES (:id, :org_id, :url,"
    " :description, :events, :active, :secret_version, :created_by, :created_at, :updated_at)";

constexpr const char* kUpdateEndpoint =
    "UPDATE webhook_endpoints SET url = :url, description = :description, events = :events,"
    " active = :active, secret_version = :secret_version, updated_at = :updated_at"
    " WHERE id = :id";

// An endpoint's attempts, deliveries and the endpoint itself, in that order.
constexpr const char* kDeleteAttempts =
    "DELETE FROM webhook_attempts WHERE delivery_id IN"
    " (SELECT id FROM webhook_deliveries WHERE endpoint_id = :id)";
constexpr const char* kDeleteDeliveries = "DELETE FROM webhook_deliveries WHERE endpoint_id = :id";
constexpr const char* kDeleteEndpoint = "DELETE FROM webhook_endpoints WHERE id = :id";

// Endpoints passing the access filter and any further condition (%s), newest first.
constexpr const char* kSelectEndpoints =
    "SELECT e.id, e.url, e.description, e.events, e.active, e.secret_version, e.created_at,"
    " e.updated_at FROM webhook_endpoints e WHERE %s ORDER BY e.id DESC LIMIT :limit";

constexpr const char* kCountEndpoints =
    "SELECT COUNT(*) FROM webhook_endpoints WHERE org_id = :org_id";

// The endpoints an event of the organisation goes to.
constexpr const char* kSelectActiveEndpoints =
    "SELECT id, url, description, events, active, secret_version, created_at, updated_at"
    " FROM webhook_endpoints WHERE org_id = :org_id AND active = 1 ORDER BY id";

constexpr const char* kInsertDelivery =
    "INSERT INTO webhook_deliveries (id, org_id, endpoint_id, event_id, event_kind, body, state,"
    " attempts, last_status, last_error, next_attempt_at, delivered_at, failed_at, created_at)"
    " VALUES (:id, :org_id, :endpoint_id, :event_id, :event_kind, :body, 'pending', 0, NULL, '',"
    " :next_attempt_at, NULL, NULL, :created_at)"
    " ON CONFLICT (endpoint_id, event_id) DO NOTHING";

// Deliveries passing the access filter and any further condition (%s), newest first.
constexpr const char* kSelectDeliveries =
    "SELECT d.id, d.endpoint_id, d.event_id, d.event_kind, d.body, d.state, d.attempts,"
    " d.last_status, d.last_error, d.next_attempt_at, d.delivered_at, d.failed_at, d.created_at,"
    " d.org_id FROM webhook_deliveries d WHERE %s ORDER BY d.id DESC LIMIT :limit";

// The attempts of the deliveries listed (%s: their ids), oldest first.
constexpr const char* kSelectAttempts =
    "SELECT delivery_id, attempted_at, status_code, error, duration_ms, response_excerpt"
    " FROM webhook_attempts WHERE org_id = :org_id AND delivery_id IN (%s) ORDER BY id";

constexpr const char* kInsertAttempt =
    "INSERT INTO webhook_attempts (id, org_id, delivery_id, attempted_at, status_code, error,"
    " duration_ms, response_excerpt) VALUES (:id, :org_id, :delivery_id, :attempted_at,"
    " :status_code, :error, :duration_ms, :response_excerpt)";

constexpr const char* kUpdateDelivery =
    "UPDATE webhook_deliveries SET state = :state, attempts = :attempts,"
    " last_status = :last_status, last_error = :last_error, next_attempt_at = :next_attempt_at,"
    " delivered_at = :delivered_at, failed_at = :failed_at WHERE id = :id";

std::string WithCondition(const char* pattern, const std::string& condition) {
  std::string query = pattern;
  query.replace(query.find("%s"), 2, condition);
  return query;
}

// Endpoints carry every region's and vendor's data: a scoped member sees none of them.
access::SqlFilter Visible(const access::Actor& actor, const std::string& owner) {
  return access::OwnedVisibility(actor, owner, "NULL", "''");
}

std::string JoinEvents(const std::vector<std::string>& events) {
  std::string text;
  for (const auto& kind : events) text += (text.empty() ? "" : ",") + kind;
  return text;
}

std::vector<std::string> SplitEvents(const std::string& text) {
  std::vector<std::string> events;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) events.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return events;
}

Endpoint EndpointFrom(const soci::row& row) {
  return {.id = row.get<std::string>(0),
          .url = row.get<std::string>(1),
          .description = row.get<std::string>(2),
          .events = SplitEvents(row.get<std::string>(3)),
          .active = db::RowInteger(row, 4) != 0,
          .secret_version = db::RowInteger(row, 5),
          .created_at = core::Timestamp(db::RowInteger(row, 6)),
          .updated_at = core::Timestamp(db::RowInteger(row, 7))};
}

std::optional<core::Timestamp> OptionalTime(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return core::Timestamp(db::RowInteger(row, column));
}

std::optional<int> OptionalInt(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return static_cast<int>(db::RowInteger(row, column));
}

DeliveryState ParseState(const std::string& text) {
  if (text == "delivered") return DeliveryState::kDelivered;
  if (text == "failed") return DeliveryState::kFailed;
  return DeliveryState::kPending;
}

StoredDelivery DeliveryFrom(const soci::row& row) {
  StoredDelivery stored;
  Delivery& delivery = stored.delivery;
  delivery.id = row.get<std::string>(0);
  delivery.endpoint_id = row.get<std::string>(1);
  delivery.event_id = row.get<std::string>(2);
  delivery.event_kind = row.get<std::string>(3);
  delivery.body = row.get<std::string>(4);
  delivery.state = ParseState(row.get<std::string>(5));
  delivery.attempts = static_cast<int>(db::RowInteger(row, 6));
  delivery.last_status = OptionalInt(row, 7);
  delivery.last_error = row.get<std::string>(8);
  delivery.next_attempt_at = OptionalTime(row, 9);
  delivery.delivered_at = OptionalTime(row, 10);
  delivery.failed_at = OptionalTime(row, 11);
  delivery.created_at = core::Timestamp(db::RowInteger(row, 12));
  stored.org_id = row.get<std::string>(13);
  return stored;
}

std::vector<StoredDelivery> SelectDeliveries(soci::session& sql, const std::string& condition,
                                             db::Parameters parameters, int limit) {
  std::vector<StoredDelivery> found;
  parameters.Integer("limit", limit);
  db::ForEachRow(sql, WithCondition(kSelectDeliveries, condition), parameters,
                 [&](const soci::row& row) { found.push_back(DeliveryFrom(row)); });
  return found;
}

// Fills in the attempts of deliveries of one organisation.
void AddAttempts(soci::session& sql, const std::string& org_id, std::vector<Delivery>& deliveries) {
  if (deliveries.empty()) return;
  db::Parameters parameters;
  parameters.Text("org_id", org_id);
  std::string list;
  std::map<std::string, Delivery*> by_id;
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    const std::string name = "delivery_" + std::to_string(i);
    list += (i == 0 ? ":" : ", :") + name;
    parameters.Text(name, deliveries[i].id);
    by_id[deliveries[i].id] = &deliveries[i];
  }
  db::ForEachRow(sql, WithCondition(kSelectAttempts, list), parameters, [&](const soci::row& row) {
    Delivery* delivery = by_id[row.get<std::string>(0)];
    delivery->attempt_log.push_back({.attempted_at = core::Timestamp(db::RowInteger(row, 1)),
                                     .status_code = OptionalInt(row, 2),
                                     .error = row.get<std::string>(3),
                                     .duration_ms = db::RowInteger(row, 4),
                                     .response_excerpt = row.get<std::string>(5)});
  });
}

void BindOptionalTime(db::Parameters& parameters, const std::string& name,
                      const std::optional<core::Timestamp>& time) {
  if (time) {
    parameters.Integer(name, time->micros());
  } else {
    parameters.Null(name);
  }
}

}  // namespace

void InsertEndpoint(soci::session& sql, const std::string& org_id, const std::string& created_by,
                    const Endpoint& endpoint) {
  db::Execute(sql, kInsertEndpoint,
              db::Parameters()
                  .Text("id", endpoint.id)
                  .Text("org_id", org_id)
                  .Text("url", endpoint.url)
                  .Text("description", endpoint.description)
                  .Text("events", JoinEvents(endpoint.events))
                  .Integer("active", endpoint.active ? 1 : 0)
                  .Integer("secret_version", endpoint.secret_version)
                  .Text("created_by", created_by)
                  .Integer("created_at", endpoint.created_at.micros())
                  .Integer("updated_at", endpoint.updated_at.micros()));
}

void UpdateEndpoint(soci::session& sql, const Endpoint& endpoint) {
  db::Execute(sql, kUpdateEndpoint,
              db::Parameters()
                  .Text("url", endpoint.url)
                  .Text("description", endpoint.description)
                  .Text("events", JoinEvents(endpoint.events))
                  .Integer("active", endpoint.active ? 1 : 0)
                  .Integer("secret_version", endpoint.secret_version)
                  .Integer("updated_at", endpoint.updated_at.micros())
                  .Text("id", endpoint.id));
}

void DeleteEndpoint(soci::session& sql, const std::string& id) {
  for (const char* statement : {kDeleteAttempts, kDeleteDeliveries, kDeleteEndpoint}) {
    db::Execute(sql, statement, db::Parameters().Text("id", id));
  }
}

std::optional<Endpoint> LoadEndpoint(soci::session& sql, const access::Actor& actor,
                                     const std::string& id) {
  const access::SqlFilter filter = Visible(actor, "e.org_id");
  std::optional<Endpoint> found;
  db::ForEachRow(sql, WithCondition(kSelectEndpoints, filter.condition + " AND e.id = :id"),
                 db::Parameters().AddAll(filter.parameters).Text("id", id).Integer("limit", 1),
                 [&](const soci::row& row) { found = EndpointFrom(row); });
  return found;
}

EndpointPage ListEndpoints(soci::session& sql, const access::Actor& actor, int limit,
                           const std::optional<std::string>& cursor) {
  const access::SqlFilter filter = Visible(actor, "e.org_id");
  std::string condition = filter.condition;
  db::Parameters parameters;
  parameters.AddAll(filter.parameters);
  if (cursor) {
    condition += " AND e.id < :cursor";
    parameters.Text("cursor", *cursor);
  }
  // One row more than asked tells whether another page follows.
  parameters.Integer("limit", limit + 1);
  EndpointPage page;
  db::ForEachRow(sql, WithCondition(kSelectEndpoints, condition), parameters,
                 [&](const soci::row& row) { page.items.push_back(EndpointFrom(row)); });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

std::int64_t CountEndpoints(soci::session& sql, const std::string& org_id) {
  std::int64_t count = 0;
  db::ForEachRow(sql, kCountEndpoints, db::Parameters().Text("org_id", org_id),
                 [&](const soci::row& row) { count = db::RowInteger(row, 0); });
  return count;
}

std::vector<Endpoint> ActiveEndpoints(soci::session& sql, const std::string& org_id) {
  std::vector<Endpoint> endpoints;
  db::ForEachRow(sql, kSelectActiveEndpoints, db::Parameters().Text("org_id", org_id),
                 [&](const soci::row& row) { endpoints.push_back(EndpointFrom(row)); });
  return endpoints;
}

bool InsertDelivery(soci::session& sql, const std::string& org_id, const Delivery& delivery) {
  db::Parameters parameters;
  parameters.Text("id", delivery.id)
      .Text("org_id", org_id)
      .Text("endpoint_id", delivery.endpoint_id)
      .Text("event_id", delivery.event_id)
      .Text("event_kind", delivery.event_kind)
      .Text("body", delivery.body)
      .Integer("created_at", delivery.created_at.micros());
  BindOptionalTime(parameters, "next_attempt_at", delivery.next_attempt_at);
  return db::Execute(sql, kInsertDelivery, parameters) == 1;
}

std::optional<StoredDelivery> LoadDeliveryForSending(soci::session& sql, const std::string& id) {
  auto found = SelectDeliveries(sql, "d.id = :id", db::Parameters().Text("id", id), 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<Delivery> LoadDelivery(soci::session& sql, const access::Actor& actor,
                                     const std::string& id) {
  const access::SqlFilter filter = Visible(actor, "d.org_id");
  auto found = SelectDeliveries(sql, filter.condition + " AND d.id = :id",
                                db::Parameters().AddAll(filter.parameters).Text("id", id), 1);
  if (found.empty()) return std::nullopt;
  std::vector<Delivery> deliveries{std::move(found.front().delivery)};
  AddAttempts(sql, found.front().org_id, deliveries);
  return std::move(deliveries.front());
}

DeliveryPage ListDeliveries(soci::session& sql, const access::Actor& actor,
                            const std::string& endpoint_id, int limit,
                            const std::optional<std::string>& cursor) {
  const access::SqlFilter filter = Visible(actor, "d.org_id");
  std::string condition = filter.condition + " AND d.endpoint_id = :endpoint_id";
  db::Parameters parameters;
  parameters.AddAll(filter.parameters).Text("endpoint_id", endpoint_id);
  if (cursor) {
    condition += " AND d.id < :cursor";
    parameters.Text("cursor", *cursor);
  }
  auto found = SelectDeliveries(sql, condition, std::move(parameters), limit + 1);
  DeliveryPage page;
  std::string org_id;
  for (auto& stored : found) {
    org_id = stored.org_id;
    page.items.push_back(std::move(stored.delivery));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  AddAttempts(sql, org_id, page.items);
  return page;
}

void InsertAttempt(soci::session& sql, const std::string& org_id, const std::string& delivery_id,
                   const Attempt& attempt) {
  db::Parameters parameters;
  parameters.Text("id", core::Uuid::NewV7().ToString())
      .Text("org_id", org_id)
      .Text("delivery_id", delivery_id)
      .Integer("attempted_at", attempt.attempted_at.micros())
      .Text("error", attempt.error)
      .Integer("duration_ms", attempt.duration_ms)
      .Text("response_excerpt", attempt.response_excerpt);
  if (attempt.status_code) {
    parameters.Integer("status_code", *attempt.status_code);
  } else {
    parameters.Null("status_code");
  }
  db::Execute(sql, kInsertAttempt, parameters);
}

void UpdateDelivery(soci::session& sql, const Delivery& delivery) {
  db::Parameters parameters;
  parameters.Text("state", DeliveryStateName(delivery.state))
      .Integer("attempts", delivery.attempts)
      .Text("last_error", delivery.last_error)
      .Text("id", delivery.id);
  if (delivery.last_status) {
    parameters.Integer("last_status", *delivery.last_status);
  } else {
    parameters.Null("last_status");
  }
  BindOptionalTime(parameters, "next_attempt_at", delivery.next_attempt_at);
  BindOptionalTime(parameters, "delivered_at", delivery.delivered_at);
  BindOptionalTime(parameters, "failed_at", delivery.failed_at);
  db::Execute(sql, kUpdateDelivery, parameters);
}

}  // namespace strata::integrations::store
