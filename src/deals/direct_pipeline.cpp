#include "deals/direct_pipeline.h"

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "access/visibility.h"
#include "audit/audit.h"
#include "core/csv.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/money.h"
#include "core/text.h"
#include "db/bulk.h"
#include "db/query.h"
#include "db/rows.h"
#include "matching/company_index.h"
#include "matching/matching.h"

namespace strata::deals {
namespace {

// The record type of direct opportunities in the company index and in deal conflicts.
constexpr const char* kRecordType = "direct_opportunity";

// An organisation's kinds, to tell a vendor.
constexpr const char* kSelectOrgKinds = "SELECT kinds FROM orgs WHERE id = :org_id";

// Opportunities newest first; %s is the access filter and any further condition.
constexpr const char* kSelectOpportunities =
    "SELECT o.id, o.company, o.website, o.country, o.region, o.amount_minor, o.currency,"
    " o.expected_close, o.owner_name, o.external_id, o.status, o.notes, o.created_at,"
    " o.updated_at FROM direct_opportunities o WHERE %s ORDER BY o.id DESC LIMIT :limit";

// The vendor's opportunities that carry an external id, for an import to find them by it.
constexpr const char* kSelectWithExternalIds =
    "SELECT o.id, o.company, o.website, o.country, o.region, o.amount_minor, o.currency,"
    " o.expected_close, o.owner_name, o.external_id, o.status, o.notes, o.created_at,"
    " o.updated_at FROM direct_opportunities o WHERE o.org_id = :org_id"
    " AND o.external_id IS NOT NULL";

// The opportunity of the vendor that holds an external id, if any.
constexpr const char* kSelectByExternalId =
    "SELECT id FROM direct_opportunities WHERE org_id = :org_id AND external_id = :external_id";

constexpr const char* kInsertOpportunity =
    "INSERT INTO direct_opportunities (id, org_id, company, website, country, region,"
    " amount_minor, currency, expected_close, owner_name, external_id, status, notes, created_at,"
    " updated_at) VALUES (:id, :org_id, :company, :website, :country, :region, :amount_minor,"
    " :currency, :expected_close, :owner_name, :external_id, :status, :notes, :created_at,"
    " :updated_at)";

// The head of an insert of many opportunities; db::BulkStatement adds the rows.
constexpr const char* kInsertOpportunities =
    "INSERT INTO direct_opportunities (id, org_id, company, website, country, region,"
    " amount_minor, currency, expected_close, owner_name, external_id, status, notes, created_at,"
    " updated_at) VALUES ";

// How many new opportunities an import inserts with one statement.
constexpr std::size_t kInsertsPerStatement = 100;

constexpr const char* kUpdateOpportunity =
    "UPDATE direct_opportunities SET company = :company, website = :website, country = :country,"
    " region = :region, amount_minor = :amount_minor, currency = :currency,"
    " expected_close = :expected_close, owner_name = :owner_name, external_id = :external_id,"
    " status = :status, notes = :notes, updated_at = :updated_at"
    " WHERE id = :id AND org_id = :org_id";

constexpr const char* kDeleteOpportunity =
    "DELETE FROM direct_opportunities WHERE id = :id AND org_id = :org_id";

// Registrations' conflicts with a deleted opportunity go with it.
constexpr const char* kDeleteConflicts =
    "DELETE FROM deal_conflicts WHERE vendor_org_id = :org_id AND other_type = :other_type"
    " AND other_id = :id";

constexpr std::size_t kMaxCompany = 200;
constexpr std::size_t kMaxWebsite = 300;
constexpr std::size_t kMaxRegion = 100;
constexpr std::size_t kMaxOwner = 200;
constexpr std::size_t kMaxExternalId = 100;
constexpr std::size_t kMaxNotes = 5000;

// The columns an import may name, in the order the messages list them.
const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> kColumns = {
      "company",        "website", "country",     "region", "amount", "currency",
      "expected_close", "owner",   "external_id", "status", "notes"};
  return kColumns;
}

// `pattern` with its %s replaced by `condition`.
std::string WithCondition(const char* pattern, const std::string& condition) {
  std::string query = pattern;
  query.replace(query.find("%s"), 2, condition);
  return query;
}

// Characters, not bytes: the text is valid UTF-8 (the JSON and CSV readers make sure).
std::size_t CharacterCount(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

bool HasControlCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
}

std::string AsciiUpper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string AsciiLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A real calendar date written YYYY-MM-DD.
bool IsDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto number = [&](std::size_t at, std::size_t length, int& value) {
    const char* end = text.data() + at + length;
    const auto [stop, error] = std::from_chars(text.data() + at, end, value);
    return error == std::errc() && stop == end;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return false;
  return std::chrono::year_month_day{std::chrono::year{year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

core::Error NotFound() { return core::Error::NotFound("no such direct opportunity"); }

core::Error Forbidden(std::string message) {
  return core::Error{core::Errc::kForbidden, std::move(message), {}};
}

core::Error NotAVendor() {
  return Forbidden("only a vendor's members keep a direct-sales pipeline");
}

core::Error ExternalIdTaken() {
  return core::Error{core::Errc::kConflict,
                     "another opportunity already has this external_id",
                     {{"external_id", "is already used by another opportunity"}}};
}

// Whether the actor's organisation is a vendor.
bool IsVendor(soci::session& sql, const access::Actor& actor) {
  bool vendor = false;
  db::ForEachRow(sql, kSelectOrgKinds, db::Parameters().Text("org_id", actor.org_id()),
                 [&](const soci::row& row) {
                   const auto kinds = core::SplitList(row.get<std::string>(0), ',');
                   vendor = std::find(kinds.begin(), kinds.end(), "vendor") != kinds.end();
                 });
  return vendor;
}

// A scoped member works only inside its scopes: the vendor scopes must hold its own
// organisation (the pipeline's vendor), and the region scopes the row's region.
bool ScopesHoldOwnPipeline(const access::Actor& actor) {
  const auto& vendors = actor.scopes().vendors;
  return vendors.empty() ||
         std::find(vendors.begin(), vendors.end(), actor.org_id()) != vendors.end();
}

bool ScopesHoldRegion(const access::Actor& actor, const std::string& region) {
  const auto& regions = actor.scopes().regions;
  return regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
}

std::string OutsideRegions(const access::Actor& actor) {
  return "must be one of your regions: " + core::JoinList(actor.scopes().regions, ", ");
}

// Writes need a member of a vendor whose scopes hold its own pipeline.
core::Status MayWrite(soci::session& sql, const access::Actor& actor) {
  if (!IsVendor(sql, actor)) return NotAVendor();
  if (!actor.HasRole(access::Role::kMember)) {
    return Forbidden("viewers cannot change the direct-sales pipeline");
  }
  if (!ScopesHoldOwnPipeline(actor)) {
    return Forbidden("your scopes leave out your organisation's direct-sales pipeline");
  }
  return core::Ok();
}

DirectOpportunity FromRow(const soci::row& row) {
  DirectOpportunity opportunity;
  opportunity.id = row.get<std::string>(0);
  DirectOpportunityFields& fields = opportunity.fields;
  fields.company = row.get<std::string>(1);
  fields.website = row.get<std::string>(2);
  fields.country = row.get<std::string>(3);
  fields.region = row.get<std::string>(4);
  if (row.get_indicator(5) != soci::i_null) {
    fields.amount = DirectAmount{db::RowInteger(row, 5), db::RowOptionalText(row, 6).value_or("")};
  }
  fields.expected_close = row.get<std::string>(7);
  fields.owner = row.get<std::string>(8);
  fields.external_id = db::RowOptionalText(row, 9);
  fields.status = ParseDirectStatus(row.get<std::string>(10)).value_or(DirectStatus::kOpen);
  fields.notes = row.get<std::string>(11);
  opportunity.created_at = core::Timestamp(db::RowInteger(row, 12));
  opportunity.updated_at = core::Timestamp(db::RowInteger(row, 13));
  return opportunity;
}

// The opportunities the actor may see that also meet `condition`, newest first.
std::vector<DirectOpportunity> LoadVisible(soci::session& sql, const access::Actor& actor,
                                           const std::string& condition, db::Parameters parameters,
                                           int limit) {
  const access::SqlFilter filter =
      access::OwnedVisibility(actor, "o.org_id", "o.org_id", "o.region");
  parameters.AddAll(filter.parameters).Integer("limit", limit);
  std::vector<DirectOpportunity> found;
  db::ForEachRow(sql,
                 WithCondition(kSelectOpportunities,
                               filter.condition + (condition.empty() ? "" : " AND " + condition)),
                 parameters, [&](const soci::row& row) { found.push_back(FromRow(row)); });
  return found;
}

std::optional<DirectOpportunity> LoadOne(soci::session& sql, const access::Actor& actor,
                                         const std::string& id) {
  auto found = LoadVisible(sql, actor, "o.id = :id", db::Parameters().Text("id", id), 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

// The id of the vendor's opportunity holding `external_id`, if any.
std::optional<std::string> HolderOf(soci::session& sql, const std::string& org_id,
                                    const std::string& external_id) {
  std::optional<std::string> holder;
  db::ForEachRow(sql, kSelectByExternalId,
                 db::Parameters().Text("org_id", org_id).Text("external_id", external_id),
                 [&](const soci::row& row) { holder = row.get<std::string>(0); });
  return holder;
}

// Writes opportunities through statements prepared once, so that an import of many rows does
// not prepare the same SQL again for each (SQLite's fast path, and one round trip less per row
// on PostgreSQL).
class Writer {
 public:
  // How the company index is kept: at each write, or for many writes at once by Flush.
  enum class Indexing { kEachWrite, kBatched };

  Writer(soci::session& sql, std::string org_id, Indexing indexing = Indexing::kEachWrite)
      : sql_(sql), org_id_(std::move(org_id)), indexing_(indexing) {}
  // The prepared statements hold the addresses of the members.
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Insert(const DirectOpportunity& opportunity) {
    Load(opportunity);
    if (!insert_) {
      insert_.emplace(
          (sql_.prepare << kInsertOpportunity, soci::use(id_, "id"), soci::use(org_id_, "org_id"),
           soci::use(company_, "company"), soci::use(website_, "website"),
           soci::use(country_, "country"), soci::use(region_, "region"),
           soci::use(amount_, amount_indicator_, "amount_minor"),
           soci::use(currency_, currency_indicator_, "currency"),
           soci::use(expected_close_, "expected_close"), soci::use(owner_, "owner_name"),
           soci::use(external_id_, external_id_indicator_, "external_id"),
           soci::use(status_, "status"), soci::use(notes_, "notes"),
           soci::use(created_at_, "created_at"), soci::use(updated_at_, "updated_at")));
    }
    insert_->execute(true);
    Index(opportunity);
  }

  // `before` is what was stored: the index is only touched when what it holds changes.
  // Keeps a new opportunity for Flush, which inserts many with one statement.
  void Queue(DirectOpportunity opportunity) { queued_.push_back(std::move(opportunity)); }

  // Inserts the queued opportunities, then indexes the open ones written since the last flush.
  void Flush() {
    for (std::size_t at = 0; at < queued_.size(); at += kInsertsPerStatement) {
      db::BulkStatement insert(sql_, kInsertOpportunities);
      const std::size_t end = std::min(queued_.size(), at + kInsertsPerStatement);
      for (std::size_t i = at; i < end; ++i) {
        const DirectOpportunity& opportunity = queued_[i];
        const DirectOpportunityFields& fields = opportunity.fields;
        insert.Add(
            i == at ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {opportunity.id, org_id_, fields.company, fields.website, fields.country, fields.region,
             fields.amount ? std::optional(std::to_string(fields.amount->minor)) : std::nullopt,
             fields.amount ? std::optional(fields.amount->currency) : std::nullopt,
             fields.expected_close, fields.owner, fields.external_id,
             DirectStatusName(fields.status), fields.notes,
             std::to_string(opportunity.created_at.micros()),
             std::to_string(opportunity.updated_at.micros())});
      }
      insert.Execute();
    }
    for (const auto& opportunity : queued_) Index(opportunity);
    queued_.clear();
    matching::CompanyIndex::PutMany(sql_, org_id_, kRecordType, batch_);
    batch_.clear();
  }

  void Update(const DirectOpportunity& opportunity, const DirectOpportunityFields& before) {
    Load(opportunity);
    if (!update_) {
      update_.emplace(
          (sql_.prepare << kUpdateOpportunity, soci::use(company_, "company"),
           soci::use(website_, "website"), soci::use(country_, "country"),
           soci::use(region_, "region"), soci::use(amount_, amount_indicator_, "amount_minor"),
           soci::use(currency_, currency_indicator_, "currency"),
           soci::use(expected_close_, "expected_close"), soci::use(owner_, "owner_name"),
           soci::use(external_id_, external_id_indicator_, "external_id"),
           soci::use(status_, "status"), soci::use(notes_, "notes"),
           soci::use(updated_at_, "updated_at"), soci::use(id_, "id"),
           soci::use(org_id_, "org_id")));
    }
    update_->execute(true);
    const DirectOpportunityFields& after = opportunity.fields;
    if (after.status != before.status || after.company != before.company ||
        after.website != before.website || after.country != before.country) {
      Index(opportunity);
    }
  }

 private:
  void Load(const DirectOpportunity& opportunity) {
    const DirectOpportunityFields& fields = opportunity.fields;
    id_ = opportunity.id;
    company_ = fields.company;
    website_ = fields.website;
    country_ = fields.country;
    region_ = fields.region;
    amount_ = fields.amount ? fields.amount->minor : 0;
    amount_indicator_ = fields.amount ? soci::i_ok : soci::i_null;
    currency_ = fields.amount ? fields.amount->currency : "";
    currency_indicator_ = fields.amount ? soci::i_ok : soci::i_null;
    expected_close_ = fields.expected_close;
    owner_ = fields.owner;
    external_id_ = fields.external_id.value_or("");
    external_id_indicator_ = fields.external_id ? soci::i_ok : soci::i_null;
    status_ = DirectStatusName(fields.status);
    notes_ = fields.notes;
    created_at_ = opportunity.created_at.micros();
    updated_at_ = opportunity.updated_at.micros();
  }

  // Only open opportunities are compared with registrations.
  void Index(const DirectOpportunity& opportunity) {
    const DirectOpportunityFields& fields = opportunity.fields;
    if (fields.status == DirectStatus::kOpen) {
      matching::Company company =
          matching::Describe(fields.company, fields.website, fields.country);
      if (indexing_ == Indexing::kBatched) {
        batch_.emplace_back(opportunity.id, std::move(company));
      } else {
        matching::CompanyIndex::Put(sql_, org_id_, kRecordType, opportunity.id, company);
      }
    } else {
      matching::CompanyIndex::Remove(sql_, org_id_, kRecordType, opportunity.id);
    }
  }

  soci::session& sql_;
  std::string org_id_;
  Indexing indexing_;
  std::vector<DirectOpportunity> queued_;
  std::vector<std::pair<std::string, matching::Company>> batch_;
  std::string id_, company_, website_, country_, region_, currency_, expected_close_, owner_,
      external_id_, status_, notes_;
  long long amount_ = 0;
  long long created_at_ = 0;
  long long updated_at_ = 0;
  soci::indicator amount_indicator_ = soci::i_null;
  soci::indicator currency_indicator_ = soci::i_null;
  soci::indicator external_id_indicator_ = soci::i_null;
  std::optional<soci::statement> insert_;
  std::optional<soci::statement> update_;
};

// The names of the fields a change gives, for the audit trail.
json::array ChangedFields(const DirectOpportunityChanges& changes) {
  json::array names;
  const auto add = [&](bool given, const char* name) {
    if (given) names.emplace_back(name);
  };
  add(changes.company.has_value(), "company");
  add(changes.website.has_value(), "website");
  add(changes.country.has_value(), "country");
  add(changes.region.has_value(), "region");
  add(changes.amount.has_value(), "amount");
  add(changes.expected_close.has_value(), "expected_close");
  add(changes.owner.has_value(), "owner");
  add(changes.external_id.has_value(), "external_id");
  add(changes.status.has_value(), "status");
  add(changes.notes.has_value(), "notes");
  return names;
}

// The scopes' say on a new or changed opportunity's region, as a field problem.
void CheckRegion(const access::Actor& actor, const DirectOpportunityFields& fields,
                 std::vector<core::FieldError>& problems) {
  if (!ScopesHoldRegion(actor, fields.region)) {
    problems.push_back({"region", OutsideRegions(actor)});
  }
}

// ---- Import --------------------------------------------------------------------------------

// The CSV column a field problem belongs to.
std::string ColumnOf(const std::string& field) {
  if (field == "amount.minor") return "amount";
  if (field == "amount.currency") return "currency";
  return field;
}

// One data row of an import: the changes its cells make, and what they make of it.
struct ImportRow {
  std::size_t line = 0;
  DirectOpportunityChanges changes;
  std::optional<std::string> external_id;  // Trimmed.
};

// The header: column index -> field name; problems for names it does not know.
std::vector<std::string> ReadHeader(const core::CsvRecord& header,
                                    std::vector<ImportProblem>& problems) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string given = core::Trim(header.fields[i]);
    const std::string name = AsciiLower(given);
    const auto& known = ImportColumns();
    if (name.empty()) {
      problems.push_back(
          {header.line, "", "column " + std::to_string(i + 1) + " of the header has no name"});
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      problems.push_back(
          {header.line, given,
           "is not a column of the direct pipeline: use " + core::JoinList(known, ", ")});
    } else if (!seen.insert(name).second) {
      problems.push_back({header.line, given, "is named twice"});
    }
    columns.push_back(name);
  }
  if (!seen.contains("company")) {
    problems.push_back({header.line, "company", "the header must name a company column"});
  }
  if (seen.contains("amount") != seen.contains("currency")) {
    problems.push_back({header.line, seen.contains("amount") ? "currency" : "amount",
                        "amount and currency come together: name both columns or neither"});
  }
  return columns;
}

// The changes one data row makes: every column the file has, an empty cell clearing its field,
// except status (an empty cell leaves it as it is, open for a new opportunity) and
// external_id (none).
ImportRow ReadRow(const core::CsvRecord& record, const std::vector<std::string>& columns,
                  std::vector<ImportProblem>& problems) {
  ImportRow row;
  row.line = record.line;
  std::string amount_text;
  std::string currency_text;
  bool amount_given = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string& cell = record.fields[i];
    const std::string& column = columns[i];
    if (column == "company") row.changes.company = cell;
    if (column == "website") row.changes.website = cell;
    if (column == "country") row.changes.country = cell;
    if (column == "region") row.changes.region = cell;
    if (column == "expected_close") row.changes.expected_close = core::Trim(cell);
    if (column == "owner") row.changes.owner = cell;
    if (column == "notes") row.changes.notes = cell;
    if (column == "amount") {
      amount_given = true;
      amount_text = core::Trim(cell);
    }
    if (column == "currency") currency_text = AsciiUpper(core::Trim(cell));
    if (column == "external_id") {
      const std::string trimmed = core::Trim(cell);
      if (!trimmed.empty()) {
        row.external_id = trimmed;
        row.changes.external_id = row.external_id;
      }
    }
    if (column == "status") {
      const std::string status = AsciiLower(core::Trim(cell));
      if (status.empty()) continue;
      if (auto parsed = ParseDirectStatus(status)) {
        row.changes.status = *parsed;
      } else {
        problems.push_back({record.line, "status", "must be open, won or lost"});
      }
    }
  }
  if (amount_given) {
    if (amount_text.empty()) {
      row.changes.amount = std::optional<DirectAmount>();
    } else if (currency_text.empty()) {
      problems.push_back({record.line, "currency", "is required with an amount"});
    } else if (const auto currency = core::Currency::Parse(currency_text); !currency) {
      problems.push_back(
          {record.line, "currency", "must be an ISO 4217 currency code such as EUR"});
    } else if (auto money = core::Money::Parse(amount_text, *currency); !money) {
      problems.push_back({record.line, "amount",
                          "must be a decimal amount such as 12500.50, with at most " +
                              std::to_string(currency->minor_digits()) + " decimals in " +
                              currency->code()});
    } else {
      row.changes.amount = DirectAmount{money->minor_units(), currency->code()};
    }
  }
  return row;
}

bool AllCellsEmpty(const core::CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& cell) { return core::Trim(cell).empty(); });
}

// The line a CSV reader's error names (its one field error is keyed by the line number).
std::size_t LineOf(const core::Error& error) {
  std::size_t line = 1;
  if (!error.fields.empty()) {
    const std::string& key = error.fields.front().field;
    std::from_chars(key.data(), key.data() + key.size(), line);
  }
  return line;
}

}  // namespace

const char* DirectStatusName(DirectStatus status) {
  switch (status) {
    case DirectStatus::kOpen:
      return "open";
    case DirectStatus::kWon:
      return "won";
    case DirectStatus::kLost:
      return "lost";
  }
  return "open";
}

std::optional<DirectStatus> ParseDirectStatus(std::string_view text) {
  for (DirectStatus status : {DirectStatus::kOpen, DirectStatus::kWon, DirectStatus::kLost}) {
    if (text == DirectStatusName(status)) return status;
  }
  return std::nullopt;
}

void ApplyChanges(const DirectOpportunityChanges& changes, DirectOpportunityFields& fields) {
  if (changes.company) fields.company = *changes.company;
  if (changes.website) fields.website = *changes.website;
  if (changes.country) fields.country = *changes.country;
  if (changes.region) fields.region = *changes.region;
  if (changes.amount) fields.amount = *changes.amount;
  if (changes.expected_close) fields.expected_close = *changes.expected_close;
  if (changes.owner) fields.owner = *changes.owner;
  if (changes.external_id) fields.external_id = *changes.external_id;
  if (changes.status) fields.status = *changes.status;
  if (changes.notes) fields.notes = *changes.notes;
}

std::vector<core::FieldError> NormaliseDirectOpportunity(DirectOpportunityFields& fields) {
  std::vector<core::FieldError> problems;
  const auto text = [&](const char* field, std::string& value, std::size_t most, bool trim) {
    if (trim) value = core::Trim(value);
    if (HasControlCharacter(value)) {
      problems.push_back({field, "must not contain control characters"});
    } else if (CharacterCount(value) > most) {
      problems.push_back({field, "must be at most " + std::to_string(most) + " characters"});
    }
  };
  text("company", fields.company, kMaxCompany, true);
  if (fields.company.empty()) problems.push_back({"company", "is required"});
  text("website", fields.website, kMaxWebsite, true);
  if (fields.website.find_first_of(" \t\r\n") != std::string::npos) {
    problems.push_back({"website", "must not contain spaces"});
  }
  fields.country = AsciiUpper(core::Trim(fields.country));
  if (!fields.country.empty() &&
      (fields.country.size() != 2 || !std::isupper(static_cast<unsigned char>(fields.country[0])) ||
       !std::isupper(static_cast<unsigned char>(fields.country[1])))) {
    problems.push_back({"country", "must be a two-letter country code such as DE"});
  }
  text("region", fields.region, kMaxRegion, true);
  if (fields.amount) {
    fields.amount->currency = AsciiUpper(core::Trim(fields.amount->currency));
    if (fields.amount->minor < 0) problems.push_back({"amount.minor", "must not be negative"});
    if (!core::Currency::Parse(fields.amount->currency)) {
      problems.push_back({"amount.currency", "must be an ISO 4217 currency code such as EUR"});
    }
  }
  fields.expected_close = core::Trim(fields.expected_close);
  if (!fields.expected_close.empty() && !IsDate(fields.expected_close)) {
    problems.push_back({"expected_close", "must be a date written YYYY-MM-DD"});
  }
  text("owner", fields.owner, kMaxOwner, true);
  if (fields.external_id) {
    text("external_id", *fields.external_id, kMaxExternalId, true);
    if (fields.external_id->empty()) {
      problems.push_back({"external_id", "must not be empty: leave it out instead"});
    }
  }
  text("notes", fields.notes, kMaxNotes, false);
  return problems;
}

core::Result<DirectOpportunity> DirectPipeline::Create(const access::Actor& actor,
                                                       DirectOpportunityFields fields) {
  if (actor.is_system()) return NotAVendor();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DirectOpportunity> {
    db::Transaction transaction(sql, database_.dialect());
    if (auto allowed = MayWrite(sql, actor); !allowed) return allowed.error();
    auto problems = NormaliseDirectOpportunity(fields);
    CheckRegion(actor, fields, problems);
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
    if (fields.external_id && HolderOf(sql, actor.org_id(), *fields.external_id)) {
      return ExternalIdTaken();
    }
    const core::Timestamp now = core::Timestamp::Now();
    DirectOpportunity opportunity{core::Uuid::NewV7().ToString(), std::move(fields), now, now};
    Writer(sql, actor.org_id()).Insert(opportunity);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "direct_opportunity.created",
                        .target_type = kRecordType,
                        .target_id = opportunity.id,
                        .detail = {{"company", opportunity.fields.company},
                                   {"status", DirectStatusName(opportunity.fields.status)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return opportunity;
  });
}

core::Result<DirectOpportunity> DirectPipeline::Get(const access::Actor& actor,
                                                    const std::string& id) {
  if (actor.is_system()) return NotFound();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DirectOpportunity> {
    // Nobody outside the vendor learns that the pipeline exists.
    if (!IsVendor(sql, actor)) return NotFound();
    auto opportunity = LoadOne(sql, actor, id);
    if (!opportunity) return NotFound();
    return std::move(*opportunity);
  });
}

core::Result<DirectPage> DirectPipeline::List(const access::Actor& actor,
                                              const DirectQuery& query) {
  if (actor.is_system()) return NotAVendor();
  const int limit = std::clamp(query.limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DirectPage> {
    if (!IsVendor(sql, actor)) return NotAVendor();
    std::vector<std::string> conditions;
    db::Parameters parameters;
    if (query.status) {
      conditions.emplace_back("o.status = :status");
      parameters.Text("status", DirectStatusName(*query.status));
    }
    if (!query.text.empty()) {
      // LOWER on both sides folds case the same way, whichever the engine.
      conditions.emplace_back("LOWER(o.company) LIKE LOWER(:pattern) ESCAPE '\\'");
      parameters.Text("pattern", "%" + db::EscapeLike(query.text) + "%");
    }
    if (query.cursor) {
      conditions.emplace_back("o.id < :cursor");
      parameters.Text("cursor", *query.cursor);
    }
    DirectPage page;
    // One row more than asked tells whether another page follows.
    page.items = LoadVisible(sql, actor, core::JoinList(conditions, " AND "), std::move(parameters),
                             limit + 1);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_cursor = page.items.back().id;
    }
    return page;
  });
}

core::Result<DirectOpportunity> DirectPipeline::Update(const access::Actor& actor,
                                                       const std::string& id,
                                                       const DirectOpportunityChanges& changes) {
  if (actor.is_system()) return NotAVendor();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<DirectOpportunity> {
    db::Transaction transaction(sql, database_.dialect());
    if (auto allowed = MayWrite(sql, actor); !allowed) return allowed.error();
    auto stored = LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    DirectOpportunity opportunity = *stored;
    ApplyChanges(changes, opportunity.fields);
    auto problems = NormaliseDirectOpportunity(opportunity.fields);
    CheckRegion(actor, opportunity.fields, problems);
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
    if (opportunity.fields.external_id) {
      const auto holder = HolderOf(sql, actor.org_id(), *opportunity.fields.external_id);
      if (holder && *holder != id) return ExternalIdTaken();
    }
    opportunity.updated_at = core::Timestamp::Now();
    Writer(sql, actor.org_id()).Update(opportunity, stored->fields);
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "direct_opportunity.updated",
                        .target_type = kRecordType,
                        .target_id = id,
                        .detail = {{"fields", ChangedFields(changes)}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return opportunity;
  });
}

core::Status DirectPipeline::Delete(const access::Actor& actor, const std::string& id) {
  if (actor.is_system()) return NotAVendor();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    if (auto allowed = MayWrite(sql, actor); !allowed) return allowed.error();
    auto stored = LoadOne(sql, actor, id);
    if (!stored) return NotFound();
    const auto parameters = db::Parameters()
                                .Text("id", id)
                                .Text("org_id", actor.org_id())
                                .Text("other_type", kRecordType);
    db::Execute(sql, kDeleteConflicts, parameters);
    matching::CompanyIndex::Remove(sql, actor.org_id(), kRecordType, id);
    db::Execute(sql, kDeleteOpportunity,
                db::Parameters().Text("id", id).Text("org_id", actor.org_id()));
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "direct_opportunity.deleted",
                        .target_type = kRecordType,
                        .target_id = id,
                        .detail = {{"company", stored->fields.company}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<ImportOutcome> DirectPipeline::Import(const access::Actor& actor,
                                                   std::string_view csv_text) {
  if (actor.is_system()) return NotAVendor();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ImportOutcome> {
    if (auto allowed = MayWrite(sql, actor); !allowed) return allowed.error();
    ImportOutcome outcome;
    auto& problems = outcome.rejected;

    // The file itself: CSV, a header naming known columns, rows as wide as the header.
    auto records = core::ReadCsv(csv_text);
    if (!records) {
      const core::Error& error = records.error();
      problems.push_back(
          {LineOf(error), "", error.fields.empty() ? error.message : error.fields.front().message});
      return outcome;
    }
    if (records->empty()) {
      problems.push_back({1, "", "the file is empty: its first line must name the columns"});
      return outcome;
    }
    const std::vector<std::string> columns = ReadHeader(records->front(), problems);
    if (!problems.empty()) return outcome;
    std::vector<ImportRow> rows;
    for (std::size_t i = 1; i < records->size(); ++i) {
      const core::CsvRecord& record = (*records)[i];
      // Spreadsheets pad files with rows of empty cells.
      if (AllCellsEmpty(record)) continue;
      if (rows.size() == kMaxImportRows) {
        problems.clear();
        problems.push_back(
            {record.line, "", "the file has more than 50,000 rows: import it in parts"});
        return outcome;
      }
      if (record.fields.size() != columns.size()) {
        problems.push_back({record.line, "",
                            "has " + std::to_string(record.fields.size()) +
                                " cells where the header names " + std::to_string(columns.size()) +
                                " columns"});
        continue;
      }
      rows.push_back(ReadRow(record, columns, problems));
    }

    // All or nothing: every row is checked against what is stored, then all are written in one
    // transaction, which also keeps the external ids from changing in between.
    db::Transaction transaction(sql, database_.dialect());
    std::map<std::string, DirectOpportunity> by_external_id;
    db::ForEachRow(sql, kSelectWithExternalIds, db::Parameters().Text("org_id", actor.org_id()),
                   [&](const soci::row& row) {
                     DirectOpportunity stored = FromRow(row);
                     std::string key = *stored.fields.external_id;
                     by_external_id.emplace(std::move(key), std::move(stored));
                   });
    std::map<std::string, std::size_t> first_line;  // External id -> the line that has it.
    // Each opportunity to write, with what is stored of it when it is an update.
    std::vector<std::pair<DirectOpportunity, const DirectOpportunity*>> writes;
    writes.reserve(rows.size());
    const core::Timestamp now = core::Timestamp::Now();
    for (const ImportRow& row : rows) {
      const auto report = [&](const std::string& field, const std::string& message) {
        problems.push_back({row.line, field, message});
      };
      DirectOpportunity opportunity{"", {}, now, now};
      const DirectOpportunity* update = nullptr;
      if (row.external_id) {
        const auto [earlier, first] = first_line.emplace(*row.external_id, row.line);
        if (!first) {
          report("external_id", "is also on line " + std::to_string(earlier->second));
          continue;
        }
        if (auto stored = by_external_id.find(*row.external_id); stored != by_external_id.end()) {
          if (!ScopesHoldRegion(actor, stored->second.fields.region)) {
            report("external_id", "belongs to an opportunity outside your regions");
            continue;
          }
          opportunity = stored->second;
          opportunity.updated_at = now;
          update = &stored->second;
        }
      }
      ApplyChanges(row.changes, opportunity.fields);
      auto field_problems = NormaliseDirectOpportunity(opportunity.fields);
      CheckRegion(actor, opportunity.fields, field_problems);
      for (const auto& problem : field_problems) report(ColumnOf(problem.field), problem.message);
      if (field_problems.empty()) writes.emplace_back(std::move(opportunity), update);
    }
    if (!problems.empty()) {
      std::stable_sort(
          problems.begin(), problems.end(),
          [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
      return outcome;
    }

    Writer writer(sql, actor.org_id(), Writer::Indexing::kBatched);
    for (auto& [opportunity, update] : writes) {
      if (update != nullptr) {
        writer.Update(opportunity, update->fields);
        ++outcome.updated;
      } else {
        opportunity.id = core::Uuid::NewV7().ToString();
        writer.Queue(std::move(opportunity));
        ++outcome.created;
      }
    }
    writer.Flush();
    audit::Record(sql, {.org_id = actor.org_id(),
                        .actor_user_id = actor.user_id(),
                        .action = "direct_opportunity.imported",
                        .target_type = "org",
                        .target_id = actor.org_id(),
                        .detail = {{"created", outcome.created}, {"updated", outcome.updated}},
                        .context = audit::ContextOf(actor)});
    transaction.Commit();
    return outcome;
  });
}

}  // namespace strata::deals
