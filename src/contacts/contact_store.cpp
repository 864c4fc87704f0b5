#include "contacts/contact_store.h"

#include <soci/soci.h>
#include <sodium.h>

#include <cstdio>

#include "access/visibility.h"
#include "contacts/contact_rules.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "db/query.h"
#include "db/rows.h"
#include "matching/matching.h"

namespace strata::contacts::store {
namespace {

// Every column FromRow reads, in order; %s is the condition, then the order and the limit.
constexpr const char* kSelectContacts =
    "SELECT c.id, c.email, c.first_name, c.last_name, c.company, c.title, c.phone, c.country,"
    " c.region, c.attributes, c.source, c.last_activity_at, c.created_at, c.updated_at,"
    " (SELECT k.action FROM consents k WHERE k.contact_id = c.id AND k.purpose ="
    " 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),"
    " (SELECT k.expires_at FROM consents k WHERE k.contact_id = c.id AND k.purpose ="
    " 'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1),"
    " (SELECT s.reason FROM suppressions s WHERE s.org_id = c.org_id AND s.email_hash ="
    " c.email_hash AND s.lifted_at IS NULL)"
    " FROM contacts c WHERE %s ORDER BY c.id DESC LIMIT :limit";

constexpr const char* kSelectConsents =
    "SELECT k.id, k.contact_id, k.purpose, k.action, k.basis, k.source, t.body, t.version,"
    " k.controllers, k.given_at, k.evidence_ip, k.evidence_form, k.expires_at, k.recorded_by,"
    " k.recorded_at FROM consents k LEFT JOIN consent_texts t ON t.id = k.text_id WHERE %s"
    " ORDER BY k.recorded_at DESC, k.id DESC";

constexpr const char* kSelectSuppressions =
    "SELECT id, email, reason, vendor_org_id, note, created_at, lifted_at, lift_reason"
    " FROM suppressions WHERE %s";

constexpr const char* kSelectLists =
    "SELECT l.id, l.name, l.kind, l.filter, l.created_at, l.updated_at,"
    " (SELECT COUNT(*) FROM contact_list_members m WHERE m.list_id = l.id)"
    " FROM contact_lists l WHERE %s ORDER BY l.name";

std::string WithCondition(const char* format, const std::string& condition) {
  const int size = std::snprintf(nullptr, 0, format, condition.c_str());
  std::string text(static_cast<std::size_t>(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, condition.c_str());
  text.resize(static_cast<std::size_t>(size));
  return text;
}

std::optional<core::Timestamp> OptionalTime(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return core::Timestamp(db::RowInteger(row, column));
}

std::string AttributesJson(const std::map<std::string, std::string>& attributes) {
  json::object object;
  for (const auto& [key, value] : attributes) object[key] = value;
  return json::serialize(object);
}

std::map<std::string, std::string> ParseAttributes(const std::string& text) {
  std::map<std::string, std::string> attributes;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_object()) return attributes;
  for (const auto& [key, item] : value.as_object()) {
    if (item.is_string()) attributes[std::string(key)] = std::string(item.as_string());
  }
  return attributes;
}

// The text a search looks in: names, company and address, folded as the matcher folds.
std::string SearchText(const ContactFields& fields) {
  return matching::FoldText(fields.email + " " + fields.first_name + " " + fields.last_name + " " +
                            fields.company);
}

ConsentState StateOf(const std::optional<std::string>& action,
                     const std::optional<core::Timestamp>& expires_at, core::Timestamp now) {
  if (!action) return ConsentState::kNone;
  if (*action == "withdrawn") return ConsentState::kWithdrawn;
  if (*action != "granted") return ConsentState::kNone;
  if (expires_at && *expires_at <= now) return ConsentState::kExpired;
  return ConsentState::kGranted;
}

Contact ContactFromRow(const soci::row& row, core::Timestamp now) {
  Contact contact;
  contact.id = row.get<std::string>(0);
  contact.fields = {.email = row.get<std::string>(1),
                    .first_name = row.get<std::string>(2),
                    .last_name = row.get<std::string>(3),
                    .company = row.get<std::string>(4),
                    .title = row.get<std::string>(5),
                    .phone = row.get<std::string>(6),
                    .country = row.get<std::string>(7),
                    .region = row.get<std::string>(8),
                    .attributes = ParseAttributes(row.get<std::string>(9))};
  contact.source = ParseSource(row.get<std::string>(10)).value_or(Source::kManual);
  contact.last_activity_at = OptionalTime(row, 11);
  contact.created_at = core::Timestamp(db::RowInteger(row, 12));
  contact.updated_at = core::Timestamp(db::RowInteger(row, 13));
  contact.email_marketing = StateOf(db::RowOptionalText(row, 14), OptionalTime(row, 15), now);
  contact.suppression = db::RowOptionalText(row, 16);
  return contact;
}

Basis BasisOf(const std::string& text) { return ParseBasis(text).value_or(Basis::kConsent); }

ConsentAction ActionOf(const std::string& text) {
  if (text == "withdrawn") return ConsentAction::kWithdrawn;
  if (text == "erased") return ConsentAction::kErased;
  return ConsentAction::kGranted;
}

std::vector<std::string> ParseIdArray(const std::string& text) {
  std::vector<std::string> ids;
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_array()) return ids;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) ids.emplace_back(item.as_string());
  }
  return ids;
}

ConsentEntry ConsentFromRow(const soci::row& row) {
  ConsentEntry entry;
  entry.id = row.get<std::string>(0);
  entry.contact_id = db::RowOptionalText(row, 1);
  entry.purpose = row.get<std::string>(2);
  entry.action = ActionOf(row.get<std::string>(3));
  entry.basis = BasisOf(row.get<std::string>(4));
  entry.source = ParseSource(row.get<std::string>(5)).value_or(Source::kManual);
  entry.text = db::RowOptionalText(row, 6);
  if (row.get_indicator(7) != soci::i_null) {
    entry.text_version = static_cast<int>(db::RowInteger(row, 7));
  }
  entry.controllers = ParseIdArray(row.get<std::string>(8));
  entry.given_at = core::Timestamp(db::RowInteger(row, 9));
  entry.ip = row.get<std::string>(10);
  entry.form = row.get<std::string>(11);
  entry.expires_at = OptionalTime(row, 12);
  entry.recorded_by = row.get<std::string>(13);
  entry.recorded_at = core::Timestamp(db::RowInteger(row, 14));
  return entry;
}

Suppression SuppressionFromRow(const soci::row& row) {
  Suppression suppression;
  suppression.id = row.get<std::string>(0);
  suppression.email = db::RowOptionalText(row, 1);
  suppression.reason =
      ParseSuppressionReason(row.get<std::string>(2)).value_or(SuppressionReason::kManual);
  suppression.vendor_org_id = db::RowOptionalText(row, 3);
  suppression.note = row.get<std::string>(4);
  suppression.created_at = core::Timestamp(db::RowInteger(row, 5));
  suppression.lifted_at = OptionalTime(row, 6);
  suppression.lift_reason = db::RowOptionalText(row, 7).value_or("");
  return suppression;
}

ContactFilter ParseStoredFilter(const std::string& text) {
  boost::system::error_code error;
  const json::value value = json::parse(text, error);
  if (error || !value.is_object()) return {};
  auto filter = ParseFilter(value.as_object(), "");
  return filter ? *filter : ContactFilter{};
}

ContactList ListFromRow(const soci::row& row) {
  ContactList list;
  list.id = row.get<std::string>(0);
  list.name = row.get<std::string>(1);
  list.kind = row.get<std::string>(2) == "segment" ? ListKind::kSegment : ListKind::kList;
  list.filter = ParseStoredFilter(row.get<std::string>(3));
  list.created_at = core::Timestamp(db::RowInteger(row, 4));
  list.updated_at = core::Timestamp(db::RowInteger(row, 5));
  list.size = db::RowInteger(row, 6);
  return list;
}

// The condition that the newest email_marketing row of contact c passes `test` (on k).
std::string NewestConsentIs(const std::string& test) {
  return "EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id AND k.purpose ="
         " 'email_marketing' AND " +
         test +
         " AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.contact_id = c.id AND n.purpose ="
         " k.purpose AND (n.recorded_at > k.recorded_at OR (n.recorded_at = k.recorded_at AND"
         " n.id > k.id))))";
}

// The filter's conditions on contacts c, with their parameters, named with `prefix` so that
// several filters can be combined in one statement.
std::vector<std::string> FilterConditions(const ContactFilter& filter, db::Dialect dialect,
                                          core::Timestamp now, const std::string& prefix,
                                          db::Parameters& parameters) {
  std::vector<std::string> conditions;
  // ":prefix_name", and the parameter's name.
  const auto name = [&](const std::string& base) { return prefix + base; };
  const auto ref = [&](const std::string& base) { return ":" + prefix + base; };
  if (!filter.text.empty()) {
    conditions.push_back("c.search_text LIKE " + ref("search") + " ESCAPE '\\'");
    parameters.Text(name("search"), "%" + db::EscapeLike(matching::FoldText(filter.text)) + "%");
  }
  if (!filter.company.empty()) {
    conditions.push_back("LOWER(c.company) LIKE LOWER(" + ref("company") + ") ESCAPE '\\'");
    parameters.Text(name("company"), "%" + db::EscapeLike(filter.company) + "%");
  }
  if (!filter.countries.empty()) {
    std::string list;
    for (std::size_t i = 0; i < filter.countries.size(); ++i) {
      const std::string country = "country_" + std::to_string(i);
      list += (i == 0 ? "" : ", ") + ref(country);
      parameters.Text(name(country), filter.countries[i]);
    }
    conditions.push_back("c.country IN (" + list + ")");
  }
  if (filter.list_id) {
    conditions.push_back("EXISTS (SELECT 1 FROM contact_list_members m WHERE m.list_id = " +
                         ref("member_of") + " AND m.contact_id = c.id)");
    parameters.Text(name("member_of"), *filter.list_id);
  }
  if (filter.consent) {
    const std::string at = ref("consent_now");
    if (*filter.consent == ConsentState::kGranted || *filter.consent == ConsentState::kExpired) {
      parameters.Integer(name("consent_now"), now.micros());
    }
    switch (*filter.consent) {
      case ConsentState::kNone:
        conditions.emplace_back(
            "NOT EXISTS (SELECT 1 FROM consents k WHERE k.contact_id = c.id AND k.purpose ="
            " 'email_marketing')");
        break;
      case ConsentState::kGranted:
        conditions.push_back(NewestConsentIs(
            "k.action = 'granted' AND (k.expires_at IS NULL OR k.expires_at > " + at + ")"));
        break;
      case ConsentState::kExpired:
        conditions.push_back(NewestConsentIs("k.action = 'granted' AND k.expires_at <= " + at));
        break;
      case ConsentState::kWithdrawn:
        conditions.push_back(NewestConsentIs("k.action = 'withdrawn'"));
        break;
    }
  }
  if (filter.suppressed) {
    conditions.push_back(std::string(*filter.suppressed ? "" : "NOT ") +
                         "EXISTS (SELECT 1 FROM suppressions s WHERE s.org_id = c.org_id AND"
                         " s.email_hash = c.email_hash AND s.lifted_at IS NULL)");
  }
  const auto time = [&](const std::optional<core::Timestamp>& value, const std::string& base,
                        const std::string& condition) {
    if (!value) return;
    conditions.push_back(condition);
    parameters.Integer(name(base), value->micros());
  };
  time(filter.created_after, "created_after", "c.created_at >= " + ref("created_after"));
  time(filter.created_before, "created_before", "c.created_at < " + ref("created_before"));
  time(filter.active_since, "active_since", "c.last_activity_at >= " + ref("active_since"));
  time(filter.inactive_since, "inactive_since",
       "(c.last_activity_at IS NULL OR c.last_activity_at < " + ref("inactive_since") + ")");
  int index = 0;
  for (const auto& [key, value] : filter.attributes) {
    const std::string attribute = "attribute_" + std::to_string(index++);
    if (dialect == db::Dialect::kPostgres) {
      conditions.push_back("(c.attributes::jsonb ->> " + ref(attribute + "_key") +
                           ") = " + ref(attribute));
      parameters.Text(name(attribute + "_key"), key);
    } else {
      conditions.push_back("json_extract(c.attributes, " + ref(attribute + "_key") +
                           ") = " + ref(attribute));
      parameters.Text(name(attribute + "_key"), "$.\"" + key + "\"");
    }
    parameters.Text(name(attribute), value);
  }
  return conditions;
}

std::string ContactCondition(const access::Actor& actor, db::Parameters& parameters) {
  const access::SqlFilter visible = access::OwnedVisibility(actor, "c.org_id", "", "c.region");
  parameters.AddAll(visible.parameters);
  return visible.condition;
}

std::vector<Contact> SelectContacts(soci::session& sql, const std::string& condition,
                                    db::Parameters parameters, int limit, core::Timestamp now) {
  parameters.Integer("limit", limit);
  std::vector<Contact> found;
  db::ForEachRow(sql, WithCondition(kSelectContacts, condition), parameters,
                 [&](const soci::row& row) { found.push_back(ContactFromRow(row, now)); });
  return found;
}

db::Parameters FieldParameters(const StoredContact& stored) {
  const ContactFields& fields = stored.contact.fields;
  db::Parameters parameters;
  parameters.Text("id", stored.contact.id)
      .Text("email", fields.email)
      .Text("email_hash", stored.email_hash)
      .Text("first_name", fields.first_name)
      .Text("last_name", fields.last_name)
      .Text("company", fields.company)
      .Text("title", fields.title)
      .Text("phone", fields.phone)
      .Text("country", fields.country)
      .Text("region", fields.region)
      .Text("attributes", AttributesJson(fields.attributes))
      .Text("search_text", SearchText(fields))
      .Integer("updated_at", stored.contact.updated_at.micros());
  return parameters;
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::string hex(sizeof(digest) * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof(digest));
  hex.pop_back();
  return hex;
}

}  // namespace

void InsertContact(soci::session& sql, const std::string& org_id, const StoredContact& stored) {
  db::Parameters parameters = FieldParameters(stored);
  parameters.Text("org_id", org_id)
      .Text("source", SourceName(stored.contact.source))
      .Integer("created_at", stored.contact.created_at.micros());
  if (stored.import_id) {
    parameters.Text("import_id", *stored.import_id);
  } else {
    parameters.Null("import_id");
  }
  db::Execute(sql,
              "INSERT INTO contacts (id, org_id, email, email_hash, first_name, last_name, company,"
              " title, phone, country, region, attributes, search_text, source, import_id,"
              " created_at, updated_at) VALUES (:id, :org_id, :email, :email_hash, :first_name,"
              " :last_name, :company, :title, :phone, :country, :region, :attributes,"
              " :search_text, :source, :import_id, :created_at, :updated_at)",
              parameters);
}

std::vector<std::optional<std::string>> ContactRow(const std::string& org_id, const std::string& id,
                                                   const ContactFields& fields,
                                                   const std::string& email_hash, Source source,
                                                   const std::string& import_id,
                                                   core::Timestamp now) {
  const std::string micros = std::to_string(now.micros());
  return {id,
          org_id,
          fields.email,
          email_hash,
          fields.first_name,
          fields.last_name,
          fields.company,
          fields.title,
          fields.phone,
          fields.country,
          fields.region,
          AttributesJson(fields.attributes),
          SearchText(fields),
          std::string(SourceName(source)),
          import_id,
          micros,
          micros};
}

void UpdateContact(soci::session& sql, const StoredContact& stored) {
  db::Execute(sql,
              "UPDATE contacts SET email = :email, email_hash = :email_hash, first_name ="
              " :first_name, last_name = :last_name, company = :company, title = :title, phone ="
              " :phone, country = :country, region = :region, attributes = :attributes,"
              " search_text = :search_text, updated_at = :updated_at WHERE id = :id",
              FieldParameters(stored));
}

void DeleteContact(soci::session& sql, const std::string& id) {
  // Foreign keys cascade on SQLite only when enabled; say it outright for both engines.
  db::Execute(sql, "DELETE FROM contact_list_members WHERE contact_id = :id",
              db::Parameters().Text("id", id));
  db::Execute(sql, "UPDATE consents SET contact_id = NULL WHERE contact_id = :id",
              db::Parameters().Text("id", id));
  db::Execute(sql, "DELETE FROM contacts WHERE id = :id", db::Parameters().Text("id", id));
}

std::optional<Contact> LoadContact(soci::session& sql, const access::Actor& actor,
                                   const std::string& id, core::Timestamp now) {
  db::Parameters parameters;
  parameters.Text("id", id);
  const std::string condition = ContactCondition(actor, parameters) + " AND c.id = :id";
  auto found = SelectContacts(sql, condition, std::move(parameters), 1, now);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<std::string> ContactIdByEmail(soci::session& sql, const std::string& org_id,
                                            const std::string& email) {
  std::optional<std::string> id;
  db::ForEachRow(sql, "SELECT id FROM contacts WHERE org_id = :org_id AND email = :email",
                 db::Parameters().Text("org_id", org_id).Text("email", email),
                 [&](const soci::row& row) { id = row.get<std::string>(0); });
  return id;
}

ContactPage ListContacts(soci::session& sql, db::Dialect dialect, const access::Actor& actor,
                         const std::vector<ContactFilter>& filters, int limit,
                         const std::optional<std::string>& cursor, core::Timestamp now) {
  db::Parameters parameters;
  std::vector<std::string> conditions{ContactCondition(actor, parameters)};
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const std::string prefix = "f" + std::to_string(i) + "_";
    for (auto& condition : FilterConditions(filters[i], dialect, now, prefix, parameters)) {
      conditions.push_back(std::move(condition));
    }
  }
  ContactPage page;
  db::ForEachRow(sql,
                 "SELECT COUNT(*) FROM contacts c WHERE " + core::JoinList(conditions, " AND "),
                 parameters, [&](const soci::row& row) { page.total = db::RowInteger(row, 0); });
  if (cursor) {
    conditions.emplace_back("c.id < :cursor");
    parameters.Text("cursor", *cursor);
  }
  // One row more than asked tells whether another page follows.
  page.items = SelectContacts(sql, core::JoinList(conditions, " AND "), std::move(parameters),
                              limit + 1, now);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

std::vector<std::string> VisibleIds(soci::session& sql, const access::Actor& actor,
                                    const std::vector<std::string>& ids) {
  std::vector<std::string> visible;
  if (ids.empty()) return visible;
  db::Parameters parameters;
  std::string list;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string name = "id_" + std::to_string(i);
    list += (i == 0 ? ":" : ", :") + name;
    parameters.Text(name, ids[i]);
  }
  const std::string condition = ContactCondition(actor, parameters);
  db::ForEachRow(
      sql, "SELECT c.id FROM contacts c WHERE " + condition + " AND c.id IN (" + list + ")",
      parameters, [&](const soci::row& row) { visible.push_back(row.get<std::string>(0)); });
  return visible;
}

std::string ConsentTextId(soci::session& sql, const std::string& org_id, const std::string& purpose,
                          const std::string& text, core::Timestamp now) {
  const std::string hash = Sha256Hex(text);
  std::optional<std::string> id;
  std::int64_t latest = 0;
  db::ForEachRow(sql,
                 "SELECT id, body_hash, version FROM consent_texts WHERE org_id = :org_id AND"
                 " purpose = :purpose",
                 db::Parameters().Text("org_id", org_id).Text("purpose", purpose),
                 [&](const soci::row& row) {
                   if (row.get<std::string>(1) == hash) id = row.get<std::string>(0);
                   latest = std::max(latest, db::RowInteger(row, 2));
                 });
  if (id) return *id;
  std::string new_id = core::Uuid::NewV7().ToString();
  db::Execute(sql,
              "INSERT INTO consent_texts (id, org_id, purpose, version, body, body_hash,"
              " created_at) VALUES (:id, :org_id, :purpose, :version, :body, :body_hash,"
              " :created_at)",
              db::Parameters()
                  .Text("id", new_id)
                  .Text("org_id", org_id)
                  .Text("purpose", purpose)
                  .Integer("version", latest + 1)
                  .Text("body", text)
                  .Text("body_hash", hash)
                  .Integer("created_at", now.micros()));
  return new_id;
}

void InsertConsent(soci::session& sql, const std::string& org_id,
                   const std::optional<std::string>& contact_id, const std::string& subject_hash,
                   const ConsentEntry& entry, const std::optional<std::string>& text_id) {
  json::array controllers;
  for (const auto& controller : entry.controllers) controllers.emplace_back(controller);
  db::Parameters parameters;
  parameters.Text("id", entry.id)
      .Text("org_id", org_id)
      .Text("subject_hash", subject_hash)
      .Text("purpose", entry.purpose)
      .Text("action", ConsentActionName(entry.action))
      .Text("basis", BasisName(entry.basis))
      .Text("source", SourceName(entry.source))
      .Text("controllers", json::serialize(controllers))
      .Integer("given_at", entry.given_at.micros())
      .Text("evidence_ip", entry.ip)
      .Text("evidence_form", entry.form)
      .Text("recorded_by", entry.recorded_by)
      .Integer("recorded_at", entry.recorded_at.micros());
  if (contact_id) {
    parameters.Text("contact_id", *contact_id);
  } else {
    parameters.Null("contact_id");
  }
  if (text_id) {
    parameters.Text("text_id", *text_id);
  } else {
    parameters.Null("text_id");
  }
  if (entry.expires_at) {
    parameters.Integer("expires_at", entry.expires_at->micros());
  } else {
    parameters.Null("expires_at");
  }
  db::Execute(sql,
              "INSERT INTO consents (id, org_id, contact_id, subject_hash, purpose, action, basis,"
              " source, text_id, controllers, given_at, evidence_ip, evidence_form, expires_at,"
              " recorded_by, recorded_at) VALUES (:id, :org_id, :contact_id, :subject_hash,"
              " :purpose, :action, :basis, :source, :text_id, :controllers, :given_at,"
              " :evidence_ip, :evidence_form, :expires_at, :recorded_by, :recorded_at)",
              parameters);
}

std::vector<ConsentEntry> ConsentsOfContact(soci::session& sql, const std::string& contact_id) {
  std::vector<ConsentEntry> entries;
  db::ForEachRow(sql, WithCondition(kSelectConsents, "k.contact_id = :contact_id"),
                 db::Parameters().Text("contact_id", contact_id),
                 [&](const soci::row& row) { entries.push_back(ConsentFromRow(row)); });
  return entries;
}

std::vector<ConsentEntry> ConsentsOfSubject(soci::session& sql, const std::string& org_id,
                                            const std::string& subject_hash) {
  std::vector<ConsentEntry> entries;
  db::ForEachRow(
      sql, WithCondition(kSelectConsents, "k.org_id = :org_id AND k.subject_hash = :subject_hash"),
      db::Parameters().Text("org_id", org_id).Text("subject_hash", subject_hash),
      [&](const soci::row& row) { entries.push_back(ConsentFromRow(row)); });
  return entries;
}

void AnonymiseConsents(soci::session& sql, const std::string& org_id,
                       const std::string& subject_hash) {
  db::Execute(sql,
              "UPDATE consents SET contact_id = NULL, evidence_ip = '', evidence_form = ''"
              " WHERE org_id = :org_id AND subject_hash = :subject_hash",
              db::Parameters().Text("org_id", org_id).Text("subject_hash", subject_hash));
}

ConsentState MarketingConsent(soci::session& sql, const std::string& org_id,
                              const std::string& subject_hash, core::Timestamp now) {
  std::optional<std::string> action;
  std::optional<core::Timestamp> expires_at;
  db::ForEachRow(sql,
                 "SELECT action, expires_at FROM consents WHERE org_id = :org_id AND subject_hash"
                 " = :subject_hash AND purpose = 'email_marketing' ORDER BY recorded_at DESC, id"
                 " DESC LIMIT 1",
                 db::Parameters().Text("org_id", org_id).Text("subject_hash", subject_hash),
                 [&](const soci::row& row) {
                   action = row.get<std::string>(0);
                   expires_at = OptionalTime(row, 1);
                 });
  return StateOf(action, expires_at, now);
}

void InsertList(soci::session& sql, const std::string& org_id, const std::string& created_by,
                const ContactList& list) {
  db::Execute(sql,
              "INSERT INTO contact_lists (id, org_id, name, kind, filter, created_by, created_at,"
              " updated_at) VALUES (:id, :org_id, :name, :kind, :filter, :created_by,"
              " :created_at, :updated_at)",
              db::Parameters()
                  .Text("id", list.id)
                  .Text("org_id", org_id)
                  .Text("name", list.name)
                  .Text("kind", list.kind == ListKind::kSegment ? "segment" : "list")
                  .Text("filter", json::serialize(FilterJson(list.filter)))
                  .Text("created_by", created_by)
                  .Integer("created_at", list.created_at.micros())
                  .Integer("updated_at", list.updated_at.micros()));
}

void UpdateList(soci::session& sql, const ContactList& list) {
  db::Execute(sql,
              "UPDATE contact_lists SET name = :name, filter = :filter, updated_at = :updated_at"
              " WHERE id = :id",
              db::Parameters()
                  .Text("id", list.id)
                  .Text("name", list.name)
                  .Text("filter", json::serialize(FilterJson(list.filter)))
                  .Integer("updated_at", list.updated_at.micros()));
}

void DeleteList(soci::session& sql, const std::string& id) {
  db::Execute(sql, "DELETE FROM contact_list_members WHERE list_id = :id",
              db::Parameters().Text("id", id));
  db::Execute(sql, "DELETE FROM contact_lists WHERE id = :id", db::Parameters().Text("id", id));
}

std::vector<ContactList> LoadLists(soci::session& sql, const access::Actor& actor,
                                   const std::optional<std::string>& id) {
  const access::SqlFilter visible = access::OwnedVisibility(actor, "l.org_id", "", "");
  db::Parameters parameters;
  parameters.AddAll(visible.parameters);
  std::string condition = visible.condition;
  if (id) {
    condition += " AND l.id = :id";
    parameters.Text("id", *id);
  }
  std::vector<ContactList> lists;
  db::ForEachRow(sql, WithCondition(kSelectLists, condition), parameters,
                 [&](const soci::row& row) { lists.push_back(ListFromRow(row)); });
  return lists;
}

std::vector<ContactList> ListsOfContact(soci::session& sql, const std::string& contact_id) {
  std::vector<ContactList> lists;
  db::ForEachRow(sql,
                 WithCondition(kSelectLists,
                               "l.id IN (SELECT list_id FROM contact_list_members WHERE"
                               " contact_id = :contact_id)"),
                 db::Parameters().Text("contact_id", contact_id),
                 [&](const soci::row& row) { lists.push_back(ListFromRow(row)); });
  return lists;
}

bool ListNameTaken(soci::session& sql, const std::string& org_id, const std::string& name,
                   const std::string& except_id) {
  bool taken = false;
  db::ForEachRow(
      sql,
      "SELECT 1 FROM contact_lists WHERE org_id = :org_id AND name = :name AND id <>"
      " :except_id",
      db::Parameters().Text("org_id", org_id).Text("name", name).Text("except_id", except_id),
      [&](const soci::row&) { taken = true; });
  return taken;
}

std::int64_t AddMembers(soci::session& sql, const std::string& org_id, const std::string& list_id,
                        const std::vector<std::string>& contact_ids, core::Timestamp now) {
  std::int64_t added = 0;
  for (const auto& contact_id : contact_ids) {
    added += db::Execute(sql,
                         "INSERT INTO contact_list_members (list_id, contact_id, org_id, added_at)"
                         " SELECT :list_id, :contact_id, :org_id, :added_at WHERE NOT EXISTS"
                         " (SELECT 1 FROM contact_list_members WHERE list_id = :list_id2 AND"
                         " contact_id = :contact_id2)",
                         db::Parameters()
                             .Text("list_id", list_id)
                             .Text("contact_id", contact_id)
                             .Text("org_id", org_id)
                             .Integer("added_at", now.micros())
                             .Text("list_id2", list_id)
                             .Text("contact_id2", contact_id));
  }
  return added;
}

std::int64_t RemoveMembers(soci::session& sql, const std::string& list_id,
                           const std::vector<std::string>& contact_ids) {
  std::int64_t removed = 0;
  for (const auto& contact_id : contact_ids) {
    removed += db::Execute(
        sql,
        "DELETE FROM contact_list_members WHERE list_id = :list_id AND contact_id = :contact_id",
        db::Parameters().Text("list_id", list_id).Text("contact_id", contact_id));
  }
  return removed;
}

std::optional<Suppression> SuppressionInForce(soci::session& sql, const std::string& org_id,
                                              const std::string& email_hash) {
  std::optional<Suppression> found;
  db::ForEachRow(
      sql,
      WithCondition(kSelectSuppressions,
                    "org_id = :org_id AND email_hash = :email_hash AND lifted_at IS NULL"),
      db::Parameters().Text("org_id", org_id).Text("email_hash", email_hash),
      [&](const soci::row& row) { found = SuppressionFromRow(row); });
  return found;
}

void InsertSuppression(soci::session& sql, const std::string& org_id, const std::string& email_hash,
                       const std::string& created_by, const Suppression& suppression) {
  db::Parameters parameters;
  parameters.Text("id", suppression.id)
      .Text("org_id", org_id)
      .Text("email_hash", email_hash)
      .Text("reason", SuppressionReasonName(suppression.reason))
      .Text("note", suppression.note)
      .Text("created_by", created_by)
      .Integer("created_at", suppression.created_at.micros());
  if (suppression.email) {
    parameters.Text("email", *suppression.email);
  } else {
    parameters.Null("email");
  }
  if (suppression.vendor_org_id) {
    parameters.Text("vendor_org_id", *suppression.vendor_org_id);
  } else {
    parameters.Null("vendor_org_id");
  }
  db::Execute(sql,
              "INSERT INTO suppressions (id, org_id, email_hash, email, reason, vendor_org_id,"
              " note, created_by, created_at) VALUES (:id, :org_id, :email_hash, :email, :reason,"
              " :vendor_org_id, :note, :created_by, :created_at)",
              parameters);
}

std::optional<Suppression> LoadSuppression(soci::session& sql, const std::string& org_id,
                                           const std::string& id) {
  std::optional<Suppression> found;
  db::ForEachRow(sql, WithCondition(kSelectSuppressions, "org_id = :org_id AND id = :id"),
                 db::Parameters().Text("org_id", org_id).Text("id", id),
                 [&](const soci::row& row) { found = SuppressionFromRow(row); });
  return found;
}

SuppressionPage ListSuppressions(soci::session& sql, const std::string& org_id,
                                 const std::string& text, int limit,
                                 const std::optional<std::string>& cursor) {
  db::Parameters parameters;
  parameters.Text("org_id", org_id).Integer("limit", limit + 1);
  std::string condition = "org_id = :org_id AND lifted_at IS NULL";
  if (!text.empty()) {
    condition += " AND email LIKE :pattern ESCAPE '\\'";
    parameters.Text("pattern", "%" + db::EscapeLike(core::Trim(text)) + "%");
  }
  if (cursor) {
    condition += " AND id < :cursor";
    parameters.Text("cursor", *cursor);
  }
  SuppressionPage page;
  db::ForEachRow(
      sql, WithCondition(kSelectSuppressions, condition) + " ORDER BY id DESC LIMIT :limit",
      parameters, [&](const soci::row& row) { page.items.push_back(SuppressionFromRow(row)); });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

std::vector<Suppression> SuppressionsOf(soci::session& sql, const std::string& org_id,
                                        const std::string& email_hash) {
  std::vector<Suppression> found;
  db::ForEachRow(
      sql,
      WithCondition(kSelectSuppressions, "org_id = :org_id AND email_hash = :email_hash") +
          " ORDER BY created_at, id",
      db::Parameters().Text("org_id", org_id).Text("email_hash", email_hash),
      [&](const soci::row& row) { found.push_back(SuppressionFromRow(row)); });
  return found;
}

void LiftSuppression(soci::session& sql, const std::string& id, const std::string& lifted_by,
                     const std::string& reason, core::Timestamp at) {
  db::Execute(sql,
              "UPDATE suppressions SET lifted_at = :at, lifted_by = :by, lift_reason = :reason"
              " WHERE id = :id",
              db::Parameters()
                  .Text("id", id)
                  .Integer("at", at.micros())
                  .Text("by", lifted_by)
                  .Text("reason", reason));
}

void ForgetSuppressedAddress(soci::session& sql, const std::string& org_id,
                             const std::string& email_hash) {
  db::Execute(sql,
              "UPDATE suppressions SET email = NULL WHERE org_id = :org_id AND email_hash ="
              " :email_hash",
              db::Parameters().Text("org_id", org_id).Text("email_hash", email_hash));
}

std::optional<FrequencyCap> LoadCap(soci::session& sql, const std::string& org_id) {
  std::optional<FrequencyCap> cap;
  db::ForEachRow(sql, "SELECT max_emails, period_days FROM marketing_caps WHERE org_id = :org_id",
                 db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
                   cap = FrequencyCap{static_cast<int>(db::RowInteger(row, 0)),
                                      static_cast<int>(db::RowInteger(row, 1))};
                 });
  return cap;
}

void SaveCap(soci::session& sql, const std::string& org_id, const std::optional<FrequencyCap>& cap,
             const std::string& updated_by, core::Timestamp now) {
  db::Execute(sql, "DELETE FROM marketing_caps WHERE org_id = :org_id",
              db::Parameters().Text("org_id", org_id));
  if (!cap) return;
  db::Execute(sql,
              "INSERT INTO marketing_caps (org_id, max_emails, period_days, updated_by,"
              " updated_at) VALUES (:org_id, :max_emails, :period_days, :updated_by, :updated_at)",
              db::Parameters()
                  .Text("org_id", org_id)
                  .Integer("max_emails", cap->max_emails)
                  .Integer("period_days", cap->period_days)
                  .Text("updated_by", updated_by)
                  .Integer("updated_at", now.micros()));
}

std::int64_t SendsSince(soci::session& sql, const std::string& org_id,
                        const std::string& email_hash, core::Timestamp since) {
  std::int64_t count = 0;
  db::ForEachRow(sql,
                 "SELECT COUNT(*) FROM marketing_sends WHERE org_id = :org_id AND email_hash ="
                 " :email_hash AND sent_at >= :since",
                 db::Parameters()
                     .Text("org_id", org_id)
                     .Text("email_hash", email_hash)
                     .Integer("since", since.micros()),
                 [&](const soci::row& row) { count = db::RowInteger(row, 0); });
  return count;
}

void InsertSend(soci::session& sql, const std::string& org_id, const std::string& email_hash,
                const std::optional<std::string>& vendor_org_id,
                const std::optional<std::string>& campaign_id, core::Timestamp at) {
  db::Parameters parameters;
  parameters.Text("id", core::Uuid::NewV7().ToString())
      .Text("org_id", org_id)
      .Text("email_hash", email_hash)
      .Integer("sent_at", at.micros());
  if (vendor_org_id) {
    parameters.Text("vendor_org_id", *vendor_org_id);
  } else {
    parameters.Null("vendor_org_id");
  }
  if (campaign_id) {
    parameters.Text("campaign_id", *campaign_id);
  } else {
    parameters.Null("campaign_id");
  }
  db::Execute(sql,
              "INSERT INTO marketing_sends (id, org_id, email_hash, vendor_org_id, campaign_id,"
              " sent_at) VALUES (:id, :org_id, :email_hash, :vendor_org_id, :campaign_id,"
              " :sent_at)",
              parameters);
}

void InsertPrivacyRequest(soci::session& sql, const std::string& org_id,
                          const std::string& email_hash, const PrivacyRequest& request) {
  db::Execute(sql,
              "INSERT INTO privacy_requests (id, org_id, kind, email_hash, email_masked, contacts,"
              " consents, suppressions, requested_by, requested_at) VALUES (:id, :org_id, :kind,"
              " :email_hash, :email_masked, :contacts, :consents, :suppressions, :requested_by,"
              " :requested_at)",
              db::Parameters()
                  .Text("id", request.id)
                  .Text("org_id", org_id)
                  .Text("kind", request.kind == PrivacyRequestKind::kErase ? "erase" : "export")
                  .Text("email_hash", email_hash)
                  .Text("email_masked", request.email_masked)
                  .Integer("contacts", request.contacts)
                  .Integer("consents", request.consents)
                  .Integer("suppressions", request.suppressions)
                  .Text("requested_by", request.requested_by)
                  .Integer("requested_at", request.requested_at.micros()));
}

std::vector<PrivacyRequest> LoadPrivacyRequests(soci::session& sql, const std::string& org_id) {
  std::vector<PrivacyRequest> requests;
  db::ForEachRow(
      sql,
      "SELECT p.id, p.kind, p.email_masked, p.contacts, p.consents, p.suppressions,"
      " COALESCE(u.email, p.requested_by), p.requested_at FROM privacy_requests p LEFT JOIN users"
      " u ON u.id = p.requested_by WHERE p.org_id = :org_id ORDER BY p.requested_at DESC LIMIT 200",
      db::Parameters().Text("org_id", org_id), [&](const soci::row& row) {
        requests.push_back({.id = row.get<std::string>(0),
                            .kind = row.get<std::string>(1) == "erase"
                                        ? PrivacyRequestKind::kErase
                                        : PrivacyRequestKind::kExport,
                            .email_masked = row.get<std::string>(2),
                            .contacts = db::RowInteger(row, 3),
                            .consents = db::RowInteger(row, 4),
                            .suppressions = db::RowInteger(row, 5),
                            .requested_by = row.get<std::string>(6),
                            .requested_at = core::Timestamp(db::RowInteger(row, 7))});
      });
  return requests;
}

}  // namespace strata::contacts::store
