#include "leads/lead_store.h"

#include "access/visibility.h"
#include "core/ids.h"
#include "core/json.h"
#include "db/rows.h"

namespace strata::leads::store {
namespace {

constexpr const char* kColumns =
    "l.id, l.org_id, o.name, l.holder_org_id, l.company, l.contact_name, l.contact_email,"
    " l.contact_phone, l.country, l.region, l.product, l.notes, l.status, l.lost_reason,"
    " l.assigned_user_id, l.source, l.created_at, l.updated_at, l.deal_id";

std::string JsonList(const std::vector<std::string>& items) {
  json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return json::serialize(array);
}

std::vector<std::string> ParseList(const std::string& text) {
  std::vector<std::string> items;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_array()) return items;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) items.emplace_back(item.as_string());
  }
  return items;
}

std::optional<core::Timestamp> OptionalTime(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return core::Timestamp(db::RowInteger(row, column));
}

db::Parameters& OptionalText(db::Parameters& parameters, const std::string& name,
                             const std::optional<std::string>& value) {
  return value ? parameters.Text(name, *value) : parameters.Null(name);
}

db::Parameters& OptionalTime(db::Parameters& parameters, const std::string& name,
                             const std::optional<core::Timestamp>& value) {
  return value ? parameters.Integer(name, value->micros()) : parameters.Null(name);
}

db::Parameters LeadParameters(const Stored& lead) {
  db::Parameters parameters;
  parameters.Text("id", lead.id)
      .Text("company", lead.fields.company)
      .Text("contact_name", lead.fields.contact.name)
      .Text("contact_email", lead.fields.contact.email)
      .Text("contact_phone", lead.fields.contact.phone)
      .Text("country", lead.fields.country)
      .Text("region", lead.fields.region)
      .Text("product", lead.fields.product)
      .Text("notes", lead.fields.notes)
      .Text("status", StatusName(lead.status))
      .Text("lost_reason", lead.lost_reason)
      .Integer("updated_at", lead.updated_at.micros());
  OptionalText(parameters, "assigned_user_id", lead.assigned_user_id);
  OptionalText(parameters, "holder_org_id", lead.holder_org_id);
  OptionalText(parameters, "deal_id", lead.deal_id);
  return parameters;
}

}  // namespace

std::vector<Stored> Load(soci::session& sql, const access::Actor& actor,
                         const std::string& condition, db::Parameters parameters, int limit) {
  const access::SqlFilter filter =
      access::HandedDownVisibility(actor, "l.org_id", "l.holder_org_id", "l.region");
  parameters.AddAll(filter.parameters).Integer("limit", limit);
  std::string query = std::string("SELECT ") + kColumns +
                      " FROM leads l JOIN orgs o ON o.id = l.org_id WHERE " + filter.condition;
  if (!condition.empty()) query += " AND " + condition;
  query += " ORDER BY l.id DESC LIMIT :limit";
  std::vector<Stored> found;
  db::ForEachRow(sql, query, parameters, [&](const soci::row& row) {
    Stored lead;
    lead.id = row.get<std::string>(0);
    lead.org_id = row.get<std::string>(1);
    lead.owner_name = row.get<std::string>(2);
    lead.holder_org_id = db::RowOptionalText(row, 3);
    lead.fields = {.company = row.get<std::string>(4),
                   .contact = {.name = row.get<std::string>(5),
                               .email = row.get<std::string>(6),
                               .phone = row.get<std::string>(7)},
                   .country = row.get<std::string>(8),
                   .region = row.get<std::string>(9),
                   .product = row.get<std::string>(10),
                   .notes = row.get<std::string>(11)};
    lead.status = ParseStatus(row.get<std::string>(12)).value_or(Status::kNew);
    lead.lost_reason = row.get<std::string>(13);
    lead.assigned_user_id = db::RowOptionalText(row, 14);
    lead.source = row.get<std::string>(15);
    lead.created_at = core::Timestamp(db::RowInteger(row, 16));
    lead.updated_at = core::Timestamp(db::RowInteger(row, 17));
    lead.deal_id = db::RowOptionalText(row, 18);
    found.push_back(std::move(lead));
  });
  return found;
}

std::optional<Stored> LoadOne(soci::session& sql, const access::Actor& actor,
                              const std::string& id) {
  auto found = Load(sql, actor, "l.id = :id", db::Parameters().Text("id", id), 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void Insert(soci::session& sql, const Stored& lead, const std::optional<std::string>& created_by) {
  db::Parameters parameters = LeadParameters(lead);
  parameters.Text("org_id", lead.org_id)
      .Text("source", lead.source)
      .Integer("created_at", lead.created_at.micros());
  OptionalText(parameters, "created_by", created_by);
  db::Execute(sql,
              "INSERT INTO leads (id, org_id, company, contact_name, contact_email, contact_phone,"
              " country, region, product, notes, status, lost_reason, assigned_user_id,"
              " holder_org_id, deal_id, source, created_by, created_at, updated_at) VALUES (:id,"
              " :org_id,"
              " :company, :contact_name, :contact_email, :contact_phone, :country, :region,"
              " :product, :notes, :status, :lost_reason, :assigned_user_id, :holder_org_id,"
              " :deal_id, :source, :created_by, :created_at, :updated_at)",
              parameters);
}

void Save(soci::session& sql, const Stored& lead) {
  db::Execute(sql,
              "UPDATE leads SET company = :company, contact_name = :contact_name, contact_email ="
              " :contact_email, contact_phone = :contact_phone, country = :country, region ="
              " :region, product = :product, notes = :notes, status = :status, lost_reason ="
              " :lost_reason, assigned_user_id = :assigned_user_id, holder_org_id ="
              " :holder_org_id, deal_id = :deal_id, updated_at = :updated_at WHERE id = :id",
              LeadParameters(lead));
}

std::vector<StoredOffer> LoadOffers(soci::session& sql, const std::string& lead_id) {
  std::vector<StoredOffer> offers;
  db::ForEachRow(
      sql,
      "SELECT f.id, f.partner_org_id, o.name, f.state, f.routed_by, f.offered_at,"
      " f.answer_due_at, f.answered_at, f.decline_reason, f.assigned_user_id, f.deal_id,"
      " f.deal_vendor_id, f.reminded_at FROM lead_offers f JOIN orgs o ON o.id ="
      " f.partner_org_id WHERE f.lead_id = :lead_id ORDER BY f.offered_at DESC, f.id DESC",
      db::Parameters().Text("lead_id", lead_id), [&](const soci::row& row) {
        StoredOffer stored;
        Offer& offer = stored.offer;
        offer.id = row.get<std::string>(0);
        offer.partner = {row.get<std::string>(1), row.get<std::string>(2)};
        const auto state = row.get<std::string>(3);
        for (OfferState candidate :
             {OfferState::kOffered, OfferState::kAccepted, OfferState::kDeclined,
              OfferState::kLapsed, OfferState::kRecalled}) {
          if (state == OfferStateName(candidate)) offer.state = candidate;
        }
        offer.routed_by = row.get<std::string>(4);
        offer.offered_at = core::Timestamp(db::RowInteger(row, 5));
        offer.answer_due_at = core::Timestamp(db::RowInteger(row, 6));
        offer.answered_at = OptionalTime(row, 7);
        offer.decline_reason = row.get<std::string>(8);
        stored.assigned_user_id = db::RowOptionalText(row, 9);
        stored.deal_id = db::RowOptionalText(row, 10);
        stored.deal_vendor_id = db::RowOptionalText(row, 11);
        stored.reminded_at = OptionalTime(row, 12);
        offers.push_back(std::move(stored));
      });
  return offers;
}

void InsertOffer(soci::session& sql, const std::string& lead_id, const std::string& org_id,
                 const StoredOffer& stored) {
  const Offer& offer = stored.offer;
  db::Execute(sql,
              "INSERT INTO lead_offers (id, lead_id, org_id, partner_org_id, state, routed_by,"
              " offered_at, answer_due_at, decline_reason) VALUES (:id, :lead_id, :org_id,"
              " :partner_org_id, :state, :routed_by, :offered_at, :answer_due_at, '')",
              db::Parameters()
                  .Text("id", offer.id)
                  .Text("lead_id", lead_id)
                  .Text("org_id", org_id)
                  .Text("partner_org_id", offer.partner.id)
                  .Text("state", OfferStateName(offer.state))
                  .Text("routed_by", offer.routed_by)
                  .Integer("offered_at", offer.offered_at.micros())
                  .Integer("answer_due_at", offer.answer_due_at.micros()));
}

void SaveOffer(soci::session& sql, const StoredOffer& stored) {
  db::Parameters parameters;
  parameters.Text("id", stored.offer.id)
      .Text("state", OfferStateName(stored.offer.state))
      .Text("decline_reason", stored.offer.decline_reason);
  OptionalTime(parameters, "answered_at", stored.offer.answered_at);
  OptionalText(parameters, "assigned_user_id", stored.assigned_user_id);
  OptionalText(parameters, "deal_id", stored.deal_id);
  OptionalText(parameters, "deal_vendor_id", stored.deal_vendor_id);
  OptionalTime(parameters, "reminded_at", stored.reminded_at);
  db::Execute(sql,
              "UPDATE lead_offers SET state = :state, answered_at = :answered_at, decline_reason"
              " = :decline_reason, assigned_user_id = :assigned_user_id, deal_id = :deal_id,"
              " deal_vendor_id = :deal_vendor_id, reminded_at = :reminded_at WHERE id = :id",
              parameters);
}

void AddActivity(soci::session& sql, const std::string& lead_id, const std::string& org_id,
                 const std::optional<std::string>& user_id, const std::string& kind,
                 const std::string& body, core::Timestamp at) {
  db::Parameters parameters;
  parameters.Text("id", core::Uuid::NewV7().ToString())
      .Text("lead_id", lead_id)
      .Text("org_id", org_id)
      .Text("kind", kind)
      .Text("body", body)
      .Integer("created_at", at.micros());
  OptionalText(parameters, "user_id", user_id);
  db::Execute(sql,
              "INSERT INTO lead_activities (id, lead_id, org_id, user_id, kind, body, created_at)"
              " VALUES (:id, :lead_id, :org_id, :user_id, :kind, :body, :created_at)",
              parameters);
}

std::vector<Activity> LoadActivities(soci::session& sql, const std::string& lead_id,
                                     const std::string& org_id) {
  std::vector<Activity> activities;
  db::ForEachRow(sql,
                 "SELECT id, kind, body, user_id, created_at FROM lead_activities WHERE lead_id ="
                 " :lead_id AND org_id = :org_id ORDER BY created_at DESC, id DESC",
                 db::Parameters().Text("lead_id", lead_id).Text("org_id", org_id),
                 [&](const soci::row& row) {
                   activities.push_back({.id = row.get<std::string>(0),
                                         .kind = row.get<std::string>(1),
                                         .body = row.get<std::string>(2),
                                         .user_id = db::RowOptionalText(row, 3),
                                         .created_at = core::Timestamp(db::RowInteger(row, 4))});
                 });
  return activities;
}

void ReplaceKeys(soci::session& sql, const std::string& org_id, const std::string& lead_id,
                 const std::set<std::string>& keys) {
  db::Execute(sql, "DELETE FROM lead_keys WHERE org_id = :org_id AND lead_id = :lead_id",
              db::Parameters().Text("org_id", org_id).Text("lead_id", lead_id));
  for (const auto& key : keys) {
    db::Execute(sql,
                "INSERT INTO lead_keys (org_id, key, lead_id) VALUES (:org_id, :key, :lead_id)",
                db::Parameters().Text("org_id", org_id).Text("key", key).Text("lead_id", lead_id));
  }
}

std::vector<std::string> LeadsWithKeys(soci::session& sql, const std::string& org_id,
                                       const std::set<std::string>& keys,
                                       const std::string& except_id, int limit) {
  if (keys.empty()) return {};
  db::Parameters parameters;
  std::string list;
  int index = 0;
  for (const auto& key : keys) {
    const std::string name = "key_" + std::to_string(index++);
    list += (list.empty() ? ":" : ", :") + name;
    parameters.Text(name, key);
  }
  parameters.Text("org_id", org_id).Text("except_id", except_id).Integer("limit", limit);
  std::vector<std::string> ids;
  db::ForEachRow(sql,
                 "SELECT DISTINCT lead_id FROM lead_keys WHERE org_id = :org_id AND lead_id <>"
                 " :except_id AND key IN (" +
                     list + ") ORDER BY lead_id DESC LIMIT :limit",
                 parameters, [&](const soci::row& row) { ids.push_back(row.get<std::string>(0)); });
  return ids;
}

std::map<std::string, PartnerSetup> LoadPartnerSetups(soci::session& sql,
                                                      const std::string& org_id) {
  std::map<std::string, PartnerSetup> setups;
  db::ForEachRow(sql,
                 "SELECT partner_org_id, countries, regions, products, capacity, active FROM"
                 " lead_routing_partners WHERE org_id = :org_id",
                 db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
                   setups[row.get<std::string>(0)] = {
                       .countries = ParseList(row.get<std::string>(1)),
                       .regions = ParseList(row.get<std::string>(2)),
                       .products = ParseList(row.get<std::string>(3)),
                       .capacity = static_cast<int>(db::RowInteger(row, 4)),
                       .active = db::RowInteger(row, 5) != 0};
                 });
  return setups;
}

void SavePartnerSetup(soci::session& sql, const std::string& org_id, const std::string& partner_id,
                      const PartnerSetup& setup, core::Timestamp now) {
  db::Parameters parameters;
  parameters.Text("org_id", org_id)
      .Text("partner_org_id", partner_id)
      .Text("countries", JsonList(setup.countries))
      .Text("regions", JsonList(setup.regions))
      .Text("products", JsonList(setup.products))
      .Integer("capacity", setup.capacity)
      .Integer("active", setup.active ? 1 : 0)
      .Integer("updated_at", now.micros());
  db::Execute(sql,
              "DELETE FROM lead_routing_partners WHERE org_id = :org_id AND partner_org_id ="
              " :partner_org_id",
              db::Parameters().Text("org_id", org_id).Text("partner_org_id", partner_id));
  db::Execute(sql,
              "INSERT INTO lead_routing_partners (org_id, partner_org_id, countries, regions,"
              " products, capacity, active, updated_at) VALUES (:org_id, :partner_org_id,"
              " :countries, :regions, :products, :capacity, :active, :updated_at)",
              parameters);
}

Settings LoadSettings(soci::session& sql, const std::string& org_id) {
  Settings settings;
  db::ForEachRow(sql,
                 "SELECT tier_weights, default_sla_hours FROM lead_routing_settings WHERE org_id"
                 " = :org_id",
                 db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
                   boost::system::error_code error;
                   const json::value weights = json::parse(row.get<std::string>(0), error);
                   if (!error && weights.is_object()) {
                     for (const auto& [tier, weight] : weights.as_object()) {
                       if (weight.is_int64()) {
                         settings.tier_weights[std::string(tier)] =
                             static_cast<int>(weight.as_int64());
                       }
                     }
                   }
                   settings.default_sla_hours = static_cast<int>(db::RowInteger(row, 1));
                 });
  return settings;
}

void SaveSettings(soci::session& sql, const std::string& org_id, const Settings& settings,
                  core::Timestamp now) {
  json::object weights;
  for (const auto& [tier, weight] : settings.tier_weights) weights[tier] = weight;
  db::Execute(sql, "DELETE FROM lead_routing_settings WHERE org_id = :org_id",
              db::Parameters().Text("org_id", org_id));
  db::Execute(sql,
              "INSERT INTO lead_routing_settings (org_id, tier_weights, default_sla_hours,"
              " updated_at) VALUES (:org_id, :tier_weights, :default_sla_hours, :updated_at)",
              db::Parameters()
                  .Text("org_id", org_id)
                  .Text("tier_weights", json::serialize(weights))
                  .Integer("default_sla_hours", settings.default_sla_hours)
                  .Integer("updated_at", now.micros()));
}

std::map<std::string, PartnerLoad> PartnerLoads(soci::session& sql, const std::string& org_id) {
  std::map<std::string, PartnerLoad> loads;
  db::ForEachRow(
      sql,
      "SELECT f.partner_org_id, COUNT(*), SUM(CASE WHEN f.state IN ('offered', 'accepted') AND"
      " l.status NOT IN ('won', 'lost') THEN 1 ELSE 0 END), MAX(f.offered_at) FROM lead_offers f"
      " JOIN leads l ON l.id = f.lead_id WHERE f.org_id = :org_id GROUP BY f.partner_org_id",
      db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
        loads[row.get<std::string>(0)] = {.open = static_cast<int>(db::RowInteger(row, 2)),
                                          .offered = static_cast<int>(db::RowInteger(row, 1)),
                                          .last_offered_at = OptionalTime(row, 3)};
      });
  return loads;
}

std::vector<PartnerStats> LoadStats(soci::session& sql, const std::string& org_id) {
  std::vector<PartnerStats> stats;
  db::ForEachRow(sql,
                 "SELECT f.partner_org_id, o.name, COUNT(*),"
                 " SUM(CASE WHEN f.state = 'accepted' THEN 1 ELSE 0 END),"
                 " SUM(CASE WHEN f.state = 'declined' THEN 1 ELSE 0 END),"
                 " SUM(CASE WHEN f.state = 'lapsed' THEN 1 ELSE 0 END),"
                 " SUM(CASE WHEN f.state = 'accepted' AND l.status = 'won' THEN 1 ELSE 0 END),"
                 " SUM(CASE WHEN f.state = 'accepted' AND l.status = 'lost' THEN 1 ELSE 0 END),"
                 " SUM(CASE WHEN f.deal_vendor_id = f.org_id THEN 1 ELSE 0 END)"
                 " FROM lead_offers f JOIN leads l ON l.id = f.lead_id JOIN orgs o ON o.id ="
                 " f.partner_org_id WHERE f.org_id = :org_id GROUP BY f.partner_org_id, o.name"
                 " ORDER BY o.name",
                 db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
                   stats.push_back({.partner = {row.get<std::string>(0), row.get<std::string>(1)},
                                    .offered = db::RowInteger(row, 2),
                                    .accepted = db::RowInteger(row, 3),
                                    .declined = db::RowInteger(row, 4),
                                    .lapsed = db::RowInteger(row, 5),
                                    .won = db::RowInteger(row, 6),
                                    .lost = db::RowInteger(row, 7),
                                    .converted = db::RowInteger(row, 8)});
                 });
  return stats;
}

std::vector<std::string> LeadsWithOffersDue(soci::session& sql, core::Timestamp before,
                                            bool unreminded_only) {
  std::vector<std::string> ids;
  std::string query =
      "SELECT lead_id FROM lead_offers WHERE state = 'offered' AND answer_due_at <= :before";
  if (unreminded_only) query += " AND reminded_at IS NULL";
  query += " ORDER BY answer_due_at";
  db::ForEachRow(sql, query, db::Parameters().Integer("before", before.micros()),
                 [&](const soci::row& row) { ids.push_back(row.get<std::string>(0)); });
  return ids;
}

std::string OrgNameOf(soci::session& sql, const std::string& org_id) {
  std::string name;
  db::ForEachRow(sql, "SELECT name FROM orgs WHERE id = :id", db::Parameters().Text("id", org_id),
                 [&](const soci::row& row) { name = row.get<std::string>(0); });
  return name;
}

}  // namespace strata::leads::store
