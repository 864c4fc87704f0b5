#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace strata::deals {

// Where a direct opportunity stands. Only open ones are compared with registrations.
enum class DirectStatus { kOpen, kWon, kLost };
const char* DirectStatusName(DirectStatus status);
std::optional<DirectStatus> ParseDirectStatus(std::string_view text);

// An amount in minor units (cents) and its ISO 4217 currency.
struct DirectAmount {
  std::int64_t minor = 0;
  std::string currency;
};

// What the vendor's sales team records about an opportunity it works itself.
struct DirectOpportunityFields {
  std::string company;
  std::string website{};
  std::string country{};  // ISO 3166-1 alpha-2 in upper case, or "".
  std::string region{};
  std::optional<DirectAmount> amount{};
  std::string expected_close{};              // YYYY-MM-DD, or "".
  std::string owner{};                       // The sales rep who works it.
  std::optional<std::string> external_id{};  // Its id in the vendor's CRM; unique per vendor.
  DirectStatus status = DirectStatus::kOpen;
  std::string notes{};
};

// A partial edit: each field given replaces the stored one.
struct DirectOpportunityChanges {
  std::optional<std::string> company;
  std::optional<std::string> website;
  std::optional<std::string> country;
  std::optional<std::string> region;
  std::optional<std::optional<DirectAmount>> amount;
  std::optional<std::string> expected_close;
  std::optional<std::string> owner;
  std::optional<std::optional<std::string>> external_id;
  std::optional<DirectStatus> status;
  std::optional<std::string> notes;
};

struct DirectOpportunity {
  std::string id;
  DirectOpportunityFields fields;
  core::Timestamp created_at;
  core::Timestamp updated_at;
};

// A list's filters; newest first.
struct DirectQuery {
  std::optional<DirectStatus> status{};
  std::string text{};  // Part of the company name, in any case.
  int limit = 50;
  std::optional<std::string> cursor{};
};

struct DirectPage {
  std::vector<DirectOpportunity> items;
  std::optional<std::string> next_cursor;
};

// What is wrong with one row of an imported file: its line, the column ("" for the row or the
// file as a whole) and the reason.
struct ImportProblem {
  std::size_t line;
  std::string field;
  std::string message;
};

// An import's outcome: how many opportunities it created and updated, or, when `rejected` is
// not empty, every problem of every row, and nothing stored.
struct ImportOutcome {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::vector<ImportProblem> rejected;
};

// Puts each field the changes give into `fields`.
void ApplyChanges(const DirectOpportunityChanges& changes, DirectOpportunityFields& fields);

// Trims and normalises the fields (the country and currency in upper case) and answers every
// problem, per field: "company", "website", "country", "region", "amount.minor",
// "amount.currency", "expected_close", "owner", "external_id", "notes".
std::vector<core::FieldError> NormaliseDirectOpportunity(DirectOpportunityFields& fields);

// The vendor's own direct-sales pipeline, compared with partners' deal registrations and never
// shown to any partner. Only members of an organisation that is a vendor use it (kForbidden for
// any other organisation); writes need the member role or above (kForbidden for viewers). A
// scoped member sees and writes only opportunities inside its region scopes, and none when its
// vendor scopes leave out its own organisation. An opportunity the actor may not see answers
// kNotFound, exactly like one that does not exist. Every write keeps the company index of open
// opportunities in step and is audited, in the same transaction.
class DirectPipeline {
 public:
  explicit DirectPipeline(db::Database& database) : database_(database) {}

  // kInvalidArgument with per-field messages; kConflict when the external_id is taken.
  core::Result<DirectOpportunity> Create(const access::Actor& actor,
                                         DirectOpportunityFields fields);
  // kNotFound for any organisation but a vendor, and for an opportunity the actor may not see.
  core::Result<DirectOpportunity> Get(const access::Actor& actor, const std::string& id);
  core::Result<DirectPage> List(const access::Actor& actor, const DirectQuery& query);
  core::Result<DirectOpportunity> Update(const access::Actor& actor, const std::string& id,
                                         const DirectOpportunityChanges& changes);
  // Also forgets the registrations' conflicts with it.
  core::Status Delete(const access::Actor& actor, const std::string& id);
  // Imports a CSV file whose header row names the columns (company required; website, country,
  // region, amount as a decimal, currency, expected_close, owner, external_id, status, notes).
  // A row whose external_id is stored already updates that opportunity; any other row creates
  // one. All rows or none: when any row is wrong, the outcome lists every problem and nothing is
  // stored.
  core::Result<ImportOutcome> Import(const access::Actor& actor, std::string_view csv_text);

  static constexpr std::size_t kMaxImportRows = 50'000;

 private:
  db::Database& database_;
};

}  // namespace strata::deals
