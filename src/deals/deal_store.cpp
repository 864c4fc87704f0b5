#include "deals/deal_store.h"

#include <soci/soci.h>

#include <cmath>
#include <cstdio>

#include "access/visibility.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "db/rows.h"

namespace strata::deals::store {
namespace {

// Every column a view is made from, in the order ReadRow reads them; %s is the filter.
constexpr const char* kSelectDeals =
    "SELECT d.id, d.org_id, d.vendor_org_id, d.distributor_org_id, d.status, d.review_by,"
    " d.reached_vendor_at, d.sequence, d.registered_at, d.customer_company, d.customer_website,"
    " d.customer_country, d.customer_region, d.customer_address, d.contact_name,"
    " d.contact_email, d.contact_phone, d.amount_minor, d.currency, d.expected_close, d.lines,"
    " d.shared_notes, d.private_notes, d.decision_reason, d.protected_until,"
    " d.extension_status, d.extension_reason, d.extension_requested_at, d.created_at,"
    " d.updated_at, d.created_by, p.name, p.kinds, v.name, v.kinds, x.name, x.kinds,"
    " CASE WHEN EXISTS (SELECT 1 FROM deal_conflicts c WHERE c.deal_id = d.id) THEN 1 ELSE 0 END"
    " FROM deals d JOIN orgs p ON p.id = d.org_id JOIN orgs v ON v.id = d.vendor_org_id"
    " LEFT JOIN orgs x ON x.id = d.distributor_org_id WHERE %s ORDER BY %s LIMIT :limit";

constexpr const char* kInsertDeal =
    "INSERT INTO deals (id, org_id, created_by, vendor_org_id, distributor_org_id, status,"
    " customer_company, customer_website, customer_country, customer_region, customer_address,"
    " contact_name, contact_email, contact_phone, amount_minor, currency, expected_close, lines,"
    " shared_notes, private_notes, created_at, updated_at) VALUES (:id, :org_id, :created_by,"
    " :vendor, :distributor, 'draft', :company, :website, :country, :region, :address,"
    " :contact_name, :contact_email, :contact_phone, :amount, :currency, :expected_close,"
    " :lines, :shared_notes, :private_notes, :now, :now2)";

constexpr const char* kUpdateFields =
    "UPDATE deals SET vendor_org_id = :vendor, distributor_org_id = :distributor,"
    " customer_company = :company, customer_website = :website, customer_country = :country,"
    " customer_region = :region, customer_address = :address, contact_name = :contact_name,"
    " contact_email = :contact_email, contact_phone = :contact_phone, amount_minor = :amount,"
    " currency = :currency, expected_close = :expected_close, lines = :lines,"
    " shared_notes = :shared_notes, private_notes = :private_notes, updated_at = :now"
    " WHERE id = :id";

std::optional<std::int64_t> OptionalInteger(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return db::RowInteger(row, column);
}

std::optional<core::Timestamp> OptionalTime(const soci::row& row, std::size_t column) {
  auto micros = OptionalInteger(row, column);
  if (!micros) return std::nullopt;
  return core::Timestamp(*micros);
}

Reviewer ParseReviewer(const std::optional<std::string>& text) {
  if (text == "vendor") return Reviewer::kVendor;
  if (text == "distributor") return Reviewer::kDistributor;
  return Reviewer::kNone;
}

std::optional<std::string> ReviewerName(Reviewer reviewer) {
  switch (reviewer) {
    case Reviewer::kVendor:
      return "vendor";
    case Reviewer::kDistributor:
      return "distributor";
    case Reviewer::kNone:
      break;
  }
  return std::nullopt;
}

std::string LinesJson(const std::vector<Line>& lines) {
  json::array array;
  for (const Line& line : lines) {
    array.emplace_back(json::object{{"sku", line.sku},
                                    {"description", line.description},
                                    {"quantity", line.quantity},
                                    {"amount_minor", line.amount_minor}});
  }
  return json::serialize(array);
}

std::vector<Line> ParseLines(const std::string& text) {
  std::vector<Line> lines;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_array()) return lines;
  for (const auto& item : value.as_array()) {
    const auto& object = item.as_object();
    lines.push_back({std::string(object.at("sku").as_string()),
                     std::string(object.at("description").as_string()),
                     object.at("quantity").to_number<std::int64_t>(),
                     object.at("amount_minor").to_number<std::int64_t>()});
  }
  return lines;
}

db::Parameters FieldParameters(const DealFields& fields) {
  db::Parameters parameters;
  parameters.Text("vendor", fields.vendor_id)
      .Text("company", fields.customer.company)
      .Text("website", fields.customer.website)
      .Text("country", fields.customer.country)
      .Text("region", fields.customer.region)
      .Text("address", fields.customer.address)
      .Text("contact_name", fields.contact.name)
      .Text("contact_email", fields.contact.email)
      .Text("contact_phone", fields.contact.phone)
      .Text("currency", fields.currency)
      .Text("expected_close", fields.expected_close)
      .Text("lines", LinesJson(fields.lines))
      .Text("shared_notes", fields.shared_notes)
      .Text("private_notes", fields.private_notes);
  if (fields.distributor_id) {
    parameters.Text("distributor", *fields.distributor_id);
  } else {
    parameters.Null("distributor");
  }
  if (fields.amount_minor) {
    parameters.Integer("amount", *fields.amount_minor);
  } else {
    parameters.Null("amount");
  }
  return parameters;
}

network::OrgRef Org(const soci::row& row, std::size_t id, std::size_t name) {
  network::OrgRef org;
  org.id = row.get<std::string>(id);
  org.name = row.get<std::string>(name);
  org.kinds = core::SplitList(row.get<std::string>(name + 1), ',');
  return org;
}

Stored ReadRow(const soci::row& row, const access::Actor& actor) {
  Stored stored;
  Deal& deal = stored.deal;
  DealFields& fields = stored.fields;
  deal.id = row.get<std::string>(0);
  deal.partner = Org(row, 1, 31);
  deal.vendor = Org(row, 2, 33);
  if (auto distributor = db::RowOptionalText(row, 3)) {
    deal.distributor = network::OrgRef{*distributor, row.get<std::string>(35),
                                       core::SplitList(row.get<std::string>(36), ',')};
    fields.distributor_id = distributor;
  }
  deal.status = ParseStatus(row.get<std::string>(4)).value_or(Status::kDraft);
  deal.review_by = ParseReviewer(db::RowOptionalText(row, 5));
  stored.reached_vendor_at = OptionalTime(row, 6);
  deal.sequence = OptionalInteger(row, 7);
  deal.registered_at = OptionalTime(row, 8);
  fields.vendor_id = deal.vendor.id;
  fields.customer = {row.get<std::string>(9), row.get<std::string>(10), row.get<std::string>(11),
                     row.get<std::string>(12), row.get<std::string>(13)};
  fields.contact = {row.get<std::string>(14), row.get<std::string>(15), row.get<std::string>(16)};
  fields.amount_minor = OptionalInteger(row, 17);
  fields.currency = row.get<std::string>(18);
  fields.expected_close = row.get<std::string>(19);
  fields.lines = ParseLines(row.get<std::string>(20));
  fields.shared_notes = row.get<std::string>(21);
  fields.private_notes = row.get<std::string>(22);
  deal.decision_reason = db::RowOptionalText(row, 23);
  deal.protected_until = OptionalTime(row, 24);
  if (auto status = db::RowOptionalText(row, 25); status && !status->empty()) {
    deal.extension = Extension{*status, db::RowOptionalText(row, 26).value_or(""),
                               OptionalTime(row, 27).value_or(core::Timestamp())};
  }
  deal.created_at = core::Timestamp(db::RowInteger(row, 28));
  deal.updated_at = core::Timestamp(db::RowInteger(row, 29));
  stored.created_by = row.get<std::string>(30);
  const bool has_conflicts = db::RowInteger(row, 37) != 0;

  // What the actor's side may see of it.
  if (actor.is_system() || deal.partner.id == actor.org_id()) {
    deal.side = Side::kPartner;
  } else if (deal.vendor.id == actor.org_id()) {
    deal.side = Side::kVendor;
  } else {
    deal.side = Side::kDistributor;
  }
  deal.fields = fields;
  if (deal.side != Side::kPartner) deal.fields.private_notes.clear();
  if (deal.side != Side::kVendor) deal.sequence.reset();
  deal.conflict_under_review =
      deal.side != Side::kVendor && has_conflicts &&
      (deal.status == Status::kSubmitted || deal.status == Status::kInfoRequested);
  return stored;
}

}  // namespace

std::vector<Stored> Load(soci::session& sql, const access::Actor& actor,
                         const std::string& condition, db::Parameters parameters,
                         const std::string& order, int limit) {
  const access::SqlFilter filter = access::SubmissionVisibility(
      actor, {"d.org_id", "d.vendor_org_id", "d.distributor_org_id", "d.reached_vendor_at",
              "d.registered_at", "d.vendor_org_id", "d.customer_region"});
  std::string where = filter.condition;
  if (!condition.empty()) where += " AND " + condition;
  std::string query(std::string(kSelectDeals).size() + where.size() + order.size(), '\0');
  const int written =
      std::snprintf(query.data(), query.size(), kSelectDeals, where.c_str(), order.c_str());
  query.resize(static_cast<std::size_t>(written));
  parameters.AddAll(filter.parameters).Integer("limit", limit);
  std::vector<Stored> found;
  db::ForEachRow(sql, query, parameters,
                 [&](const soci::row& row) { found.push_back(ReadRow(row, actor)); });
  return found;
}

std::optional<Stored> LoadOne(soci::session& sql, const access::Actor& actor,
                              const std::string& id) {
  auto found = Load(sql, actor, "d.id = :id", db::Parameters().Text("id", id), "d.id", 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void Insert(soci::session& sql, const std::string& id, const access::Actor& actor,
            const DealFields& fields, core::Timestamp now) {
  db::Execute(sql, kInsertDeal,
              FieldParameters(fields)
                  .Text("id", id)
                  .Text("org_id", actor.org_id())
                  .Text("created_by", actor.user_id())
                  .Integer("now", now.micros())
                  .Integer("now2", now.micros()));
}

void SaveFields(soci::session& sql, const std::string& id, const DealFields& fields,
                core::Timestamp now) {
  db::Execute(sql, kUpdateFields,
              FieldParameters(fields).Text("id", id).Integer("now", now.micros()));
}

void Remove(soci::session& sql, const std::string& id) {
  const auto parameters = db::Parameters().Text("id", id);
  db::Execute(sql, "DELETE FROM deal_events WHERE deal_id = :id", parameters);
  db::Execute(sql, "DELETE FROM deals WHERE id = :id", parameters);
}

Slot NextSlot(soci::session& sql, const std::string& vendor_id, core::Timestamp now) {
  db::Execute(sql,
              "INSERT INTO deal_sequences (vendor_org_id, last_sequence, last_registered_at)"
              " VALUES (:vendor, 0, 0) ON CONFLICT (vendor_org_id) DO NOTHING",
              db::Parameters().Text("vendor", vendor_id));
  // The update takes the row lock that orders concurrent registrations with one vendor.
  db::Execute(sql,
              "UPDATE deal_sequences SET last_sequence = last_sequence + 1,"
              " last_registered_at = CASE WHEN last_registered_at < :now THEN :now2"
              " ELSE last_registered_at + 1 END WHERE vendor_org_id = :vendor",
              db::Parameters()
                  .Text("vendor", vendor_id)
                  .Integer("now", now.micros())
                  .Integer("now2", now.micros()));
  Slot slot;
  db::ForEachRow(sql,
                 "SELECT last_sequence, last_registered_at FROM deal_sequences"
                 " WHERE vendor_org_id = :vendor",
                 db::Parameters().Text("vendor", vendor_id), [&](const soci::row& row) {
                   slot.sequence = db::RowInteger(row, 0);
                   slot.registered_at = core::Timestamp(db::RowInteger(row, 1));
                 });
  return slot;
}

void SetState(soci::session& sql, const std::string& id, const State& state, core::Timestamp now) {
  std::string assignments = "status = :status, review_by = :review_by, updated_at = :now";
  db::Parameters parameters;
  parameters.Text("id", id).Text("status", StatusName(state.status)).Integer("now", now.micros());
  if (auto reviewer = ReviewerName(state.review_by)) {
    parameters.Text("review_by", *reviewer);
  } else {
    parameters.Null("review_by");
  }
  if (state.slot) {
    assignments += ", sequence = :sequence, registered_at = :registered_at";
    parameters.Integer("sequence", state.slot->sequence)
        .Integer("registered_at", state.slot->registered_at.micros());
  }
  if (state.reached_vendor) {
    assignments += ", reached_vendor_at = COALESCE(reached_vendor_at, :reached)";
    parameters.Integer("reached", now.micros());
  }
  if (state.decision_reason) {
    assignments += ", decision_reason = :reason";
    if (*state.decision_reason) {
      parameters.Text("reason", **state.decision_reason);
    } else {
      parameters.Null("reason");
    }
  }
  if (state.protected_until) {
    assignments += ", protected_until = :until, expiry_reminded_at = NULL";
    if (*state.protected_until) {
      parameters.Integer("until", (*state.protected_until)->micros());
    } else {
      parameters.Null("until");
    }
  }
  if (state.extension_status) {
    if (state.extension_status->empty()) {
      assignments +=
          ", extension_status = NULL, extension_reason = NULL,"
          " extension_requested_at = NULL";
    } else {
      assignments += ", extension_status = :extension_status";
      parameters.Text("extension_status", *state.extension_status);
      if (state.extension_reason) {
        assignments += ", extension_reason = :extension_reason, extension_requested_at = :asked";
        parameters.Text("extension_reason", *state.extension_reason).Integer("asked", now.micros());
      }
    }
  }
  db::Execute(sql, "UPDATE deals SET " + assignments + " WHERE id = :id", parameters);
}

void SetExpiryReminded(soci::session& sql, const std::string& id, core::Timestamp now) {
  db::Execute(sql, "UPDATE deals SET expiry_reminded_at = :now WHERE id = :id",
              db::Parameters().Text("id", id).Integer("now", now.micros()));
}

void ReplaceConflicts(soci::session& sql, const std::string& deal_id, const std::string& vendor_id,
                      const std::vector<matching::Candidate>& candidates, core::Timestamp now) {
  db::Execute(sql, "DELETE FROM deal_conflicts WHERE deal_id = :id",
              db::Parameters().Text("id", deal_id));
  for (const auto& candidate : candidates) {
    db::Execute(
        sql,
        "INSERT INTO deal_conflicts (deal_id, vendor_org_id, other_type, other_id, score_milli,"
        " reasons, created_at) VALUES (:deal, :vendor, :type, :other, :score, :reasons, :now)",
        db::Parameters()
            .Text("deal", deal_id)
            .Text("vendor", vendor_id)
            .Text("type", candidate.record_type)
            .Text("other", candidate.record_id)
            .Integer("score", std::llround(candidate.similarity.score * 1000))
            .Text("reasons", core::JoinList(candidate.similarity.reasons, "\n"))
            .Integer("now", now.micros()));
  }
}

std::optional<IndexedDeal> FindIndexedDeal(soci::session& sql, const std::string& vendor_id,
                                           const std::string& deal_id) {
  std::optional<IndexedDeal> found;
  db::ForEachRow(
      sql,
      "SELECT org_id, status, protected_until FROM deals"
      " WHERE id = :id AND vendor_org_id = :vendor",
      db::Parameters().Text("id", deal_id).Text("vendor", vendor_id), [&](const soci::row& row) {
        found = IndexedDeal{row.get<std::string>(0),
                            ParseStatus(row.get<std::string>(1)).value_or(Status::kDraft),
                            OptionalTime(row, 2)};
      });
  return found;
}

std::vector<Conflict> LoadConflicts(soci::session& sql, const access::Actor& actor,
                                    const Stored& deal) {
  struct Link {
    std::string type;
    std::string id;
    std::int64_t score_milli = 0;
    std::string reasons;
  };
  std::vector<Link> links;
  db::ForEachRow(
      sql,
      "SELECT other_type, other_id, score_milli, reasons FROM deal_conflicts WHERE deal_id = :id"
      " UNION ALL SELECT 'deal', deal_id, score_milli, reasons FROM deal_conflicts"
      " WHERE other_type = 'deal' AND other_id = :id2",
      db::Parameters().Text("id", deal.deal.id).Text("id2", deal.deal.id),
      [&](const soci::row& row) {
        links.push_back({row.get<std::string>(0), row.get<std::string>(1), db::RowInteger(row, 2),
                         row.get<std::string>(3)});
      });
  std::vector<Conflict> conflicts;
  for (const Link& link : links) {
    Conflict conflict;
    conflict.other_type = link.type;
    conflict.other_id = link.id;
    conflict.score = static_cast<double>(link.score_milli) / 1000.0;
    conflict.reasons = core::SplitList(link.reasons, '\n');
    if (link.type == "deal") {
      // Only a registration the same vendor may see: one still with its distributor waits.
      auto other = LoadOne(sql, actor, link.id);
      if (!other || other->deal.side != Side::kVendor) continue;
      const Deal& seen = other->deal;
      conflict.company = seen.fields.customer.company;
      conflict.website = seen.fields.customer.website;
      conflict.country = seen.fields.customer.country;
      conflict.status = StatusName(seen.status);
      conflict.partner = seen.partner;
      conflict.sequence = seen.sequence;
      conflict.registered_at = seen.registered_at;
      conflict.earlier =
          seen.sequence && deal.deal.sequence && *seen.sequence < *deal.deal.sequence;
    } else {
      // The vendor's own pipeline, as far as the member's scopes show it.
      const access::SqlFilter filter =
          access::OwnedVisibility(actor, "o.org_id", "o.org_id", "o.region");
      bool found = false;
      db::ForEachRow(sql,
                     "SELECT o.company, o.website, o.country, o.status, o.owner_name FROM"
                     " direct_opportunities o WHERE o.id = :id AND o.org_id = :vendor AND " +
                         filter.condition,
                     db::Parameters()
                         .Text("id", link.id)
                         .Text("vendor", deal.deal.vendor.id)
                         .AddAll(filter.parameters),
                     [&](const soci::row& row) {
                       found = true;
                       conflict.company = row.get<std::string>(0);
                       conflict.website = row.get<std::string>(1);
                       conflict.country = row.get<std::string>(2);
                       conflict.status = row.get<std::string>(3);
                       conflict.owner = row.get<std::string>(4);
                     });
      if (!found) continue;
      conflict.earlier = true;
    }
    conflicts.push_back(std::move(conflict));
  }
  std::stable_sort(conflicts.begin(), conflicts.end(),
                   [](const Conflict& a, const Conflict& b) { return a.score > b.score; });
  return conflicts;
}

void AddEvent(soci::session& sql, const std::string& deal_id, const std::string& org_id,
              const std::string& side, const std::optional<std::string>& user_id,
              const std::string& kind, const std::string& note, bool shared, core::Timestamp at) {
  db::Parameters parameters;
  parameters.Text("id", core::Uuid::NewV7().ToString())
      .Text("deal", deal_id)
      .Text("org", org_id)
      .Text("side", side)
      .Text("kind", kind)
      .Text("note", note)
      .Integer("shared", shared ? 1 : 0)
      .Integer("at", at.micros());
  if (user_id && !user_id->empty()) {
    parameters.Text("user", *user_id);
  } else {
    parameters.Null("user");
  }
  db::Execute(sql,
              "INSERT INTO deal_events (id, deal_id, org_id, side, actor_user_id, kind, note,"
              " shared, at) VALUES (:id, :deal, :org, :side, :user, :kind, :note, :shared, :at)",
              parameters);
}

std::vector<Event> LoadEvents(soci::session& sql, const access::Actor& actor, const Stored& deal) {
  // Upstream sees the events the partner shared by registering; the partner sees them all.
  const bool partner = deal.deal.side == Side::kPartner;
  std::vector<Event> events;
  db::ForEachRow(sql,
                 std::string("SELECT e.at, e.kind, e.side, e.note, e.org_id, u.name FROM"
                             " deal_events e LEFT JOIN users u ON u.id = e.actor_user_id"
                             " WHERE e.deal_id = :id") +
                     (partner ? "" : " AND e.shared = 1") + " ORDER BY e.at, e.id",
                 db::Parameters().Text("id", deal.deal.id), [&](const soci::row& row) {
                   Event event;
                   event.at = core::Timestamp(db::RowInteger(row, 0));
                   event.kind = row.get<std::string>(1);
                   event.side = row.get<std::string>(2);
                   event.note = row.get<std::string>(3);
                   if (row.get<std::string>(4) == actor.org_id()) {
                     event.by = db::RowOptionalText(row, 5);
                   }
                   events.push_back(std::move(event));
                 });
  return events;
}

std::optional<Rules> LoadRules(soci::session& sql, const std::string& vendor_id) {
  std::optional<Rules> rules;
  db::ForEachRow(
      sql,
      "SELECT protection_days, auto_approve, auto_approve_max_score, required_fields,"
      " minimum_amount_minor, minimum_amount_currency, precheck_enabled, precheck_per_hour,"
      " updated_at FROM deal_rules WHERE org_id = :vendor",
      db::Parameters().Text("vendor", vendor_id), [&](const soci::row& row) {
        Rules found;
        found.protection_days = static_cast<int>(db::RowInteger(row, 0));
        found.auto_approve = db::RowInteger(row, 1) != 0;
        found.auto_approve_max_score = static_cast<double>(db::RowInteger(row, 2)) / 1000.0;
        found.required_fields = core::SplitList(row.get<std::string>(3), ',');
        found.minimum_amount_minor = OptionalInteger(row, 4);
        found.minimum_currency = db::RowOptionalText(row, 5).value_or("");
        found.precheck_enabled = db::RowInteger(row, 6) != 0;
        found.precheck_per_hour = static_cast<int>(db::RowInteger(row, 7));
        found.updated_at = core::Timestamp(db::RowInteger(row, 8));
        rules = std::move(found);
      });
  return rules;
}

void SaveRules(soci::session& sql, const std::string& vendor_id, const Rules& rules,
               core::Timestamp now) {
  db::Execute(sql, "DELETE FROM deal_rules WHERE org_id = :vendor",
              db::Parameters().Text("vendor", vendor_id));
  db::Parameters parameters;
  parameters.Text("vendor", vendor_id)
      .Integer("days", rules.protection_days)
      .Integer("auto", rules.auto_approve ? 1 : 0)
      .Integer("score", std::llround(rules.auto_approve_max_score * 1000))
      .Text("required", core::JoinList(rules.required_fields, ","))
      .Integer("precheck", rules.precheck_enabled ? 1 : 0)
      .Integer("per_hour", rules.precheck_per_hour)
      .Integer("now", now.micros());
  if (rules.minimum_amount_minor) {
    parameters.Integer("minimum", *rules.minimum_amount_minor)
        .Text("minimum_currency", rules.minimum_currency);
  } else {
    parameters.Null("minimum").Null("minimum_currency");
  }
  db::Execute(sql,
              "INSERT INTO deal_rules (org_id, protection_days, auto_approve,"
              " auto_approve_max_score, required_fields, minimum_amount_minor,"
              " minimum_amount_currency, precheck_enabled, precheck_per_hour, updated_at) VALUES"
              " (:vendor, :days, :auto, :score, :required, :minimum, :minimum_currency, :precheck,"
              " :per_hour, :now)",
              parameters);
}

std::optional<network::OrgRef> LoadOrg(soci::session& sql, const std::string& id) {
  std::optional<network::OrgRef> org;
  db::ForEachRow(sql, "SELECT id, name, kinds FROM orgs WHERE id = :id",
                 db::Parameters().Text("id", id),
                 [&](const soci::row& row) { org = Org(row, 0, 1); });
  return org;
}

std::int64_t CountPrechecks(soci::session& sql, const std::string& org_id,
                            const std::string& vendor_id, core::Timestamp since) {
  std::int64_t count = 0;
  db::ForEachRow(sql,
                 "SELECT COUNT(*) FROM deal_prechecks WHERE org_id = :org AND vendor_org_id ="
                 " :vendor AND at >= :since",
                 db::Parameters()
                     .Text("org", org_id)
                     .Text("vendor", vendor_id)
                     .Integer("since", since.micros()),
                 [&](const soci::row& row) { count = db::RowInteger(row, 0); });
  return count;
}

void AddPrecheck(soci::session& sql, const std::string& org_id, const std::string& vendor_id,
                 core::Timestamp at) {
  db::Execute(sql,
              "INSERT INTO deal_prechecks (id, org_id, vendor_org_id, at) VALUES (:id, :org,"
              " :vendor, :at)",
              db::Parameters()
                  .Text("id", core::Uuid::NewV7().ToString())
                  .Text("org", org_id)
                  .Text("vendor", vendor_id)
                  .Integer("at", at.micros()));
}

std::vector<std::string> ApprovedEndingBefore(soci::session& sql, core::Timestamp before,
                                              bool unreminded_only) {
  std::vector<std::string> ids;
  db::ForEachRow(sql,
                 std::string("SELECT id FROM deals WHERE status = 'approved' AND protected_until"
                             " < :before") +
                     (unreminded_only ? " AND expiry_reminded_at IS NULL" : "") +
                     " ORDER BY protected_until LIMIT 1000",
                 db::Parameters().Integer("before", before.micros()),
                 [&](const soci::row& row) { ids.push_back(row.get<std::string>(0)); });
  return ids;
}

}  // namespace strata::deals::store
