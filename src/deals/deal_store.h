#pragma once

// The deals tables, for deal_service.cpp only: every read goes through the actor's visibility
// filter; writes take ids the service has already loaded through it.

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "db/query.h"
#include "deals/deal.h"
#include "matching/company_index.h"

namespace strata::deals::store {

// A deal with what the service needs besides the viewer's fields.
struct Stored {
  Deal deal;          // As the actor's side may see it.
  DealFields fields;  // Everything, private notes included: the service decides what to show.
  std::optional<core::Timestamp> reached_vendor_at;
  std::string created_by;
};

// Deals the actor may see, with `condition` ANDed to the filter; `order` is an ORDER BY clause.
std::vector<Stored> Load(soci::session& sql, const access::Actor& actor,
                         const std::string& condition, db::Parameters parameters,
                         const std::string& order, int limit);
std::optional<Stored> LoadOne(soci::session& sql, const access::Actor& actor,
                              const std::string& id);

void Insert(soci::session& sql, const std::string& id, const access::Actor& actor,
            const DealFields& fields, core::Timestamp now);
void SaveFields(soci::session& sql, const std::string& id, const DealFields& fields,
                core::Timestamp now);
void Remove(soci::session& sql, const std::string& id);

// The vendor's next registration number and a registration time strictly after the previous
// one's, taken under the vendor's row lock so that no two registrations tie.
struct Slot {
  std::int64_t sequence = 0;
  core::Timestamp registered_at;
};
Slot NextSlot(soci::session& sql, const std::string& vendor_id, core::Timestamp now);

// The state columns a transition changes; unset ones keep their value.
struct State {
  Status status = Status::kDraft;
  Reviewer review_by = Reviewer::kNone;
  std::optional<Slot> slot;
  bool reached_vendor = false;  // Sets reached_vendor_at the first time.
  std::optional<std::optional<std::string>> decision_reason;
  std::optional<std::optional<core::Timestamp>> protected_until;
  std::optional<std::string> extension_status;  // "" clears the extension.
  std::optional<std::string> extension_reason;
};
void SetState(soci::session& sql, const std::string& id, const State& state, core::Timestamp now);
void SetExpiryReminded(soci::session& sql, const std::string& id, core::Timestamp now);

// Conflicts found for `deal_id` at registration replace those stored for it.
void ReplaceConflicts(soci::session& sql, const std::string& deal_id, const std::string& vendor_id,
                      const std::vector<matching::Candidate>& candidates, core::Timestamp now);
// The owners and states of indexed deals, to tell other partners' live registrations apart.
struct IndexedDeal {
  std::string org_id;
  Status status = Status::kDraft;
  std::optional<core::Timestamp> protected_until;
};
std::optional<IndexedDeal> FindIndexedDeal(soci::session& sql, const std::string& vendor_id,
                                           const std::string& deal_id);
// The vendor's view of a deal's conflicts, both those found at its registration and later
// registrations that found it.
std::vector<Conflict> LoadConflicts(soci::session& sql, const access::Actor& actor,
                                    const Stored& deal);

void AddEvent(soci::session& sql, const std::string& deal_id, const std::string& org_id,
              const std::string& side, const std::optional<std::string>& user_id,
              const std::string& kind, const std::string& note, bool shared, core::Timestamp at);
std::vector<Event> LoadEvents(soci::session& sql, const access::Actor& actor, const Stored& deal);

std::optional<Rules> LoadRules(soci::session& sql, const std::string& vendor_id);
void SaveRules(soci::session& sql, const std::string& vendor_id, const Rules& rules,
               core::Timestamp now);

// The organisation's kinds ("vendor", "reseller", …) and name.
std::optional<network::OrgRef> LoadOrg(soci::session& sql, const std::string& id);

// Blind pre-checks the partner ran against the vendor since `since`; and one more.
std::int64_t CountPrechecks(soci::session& sql, const std::string& org_id,
                            const std::string& vendor_id, core::Timestamp since);
void AddPrecheck(soci::session& sql, const std::string& org_id, const std::string& vendor_id,
                 core::Timestamp at);

// Ids of approved deals whose protection ends before `before` (and, for reminders, that were not
// reminded yet).
std::vector<std::string> ApprovedEndingBefore(soci::session& sql, core::Timestamp before,
                                              bool unreminded_only);

}  // namespace strata::deals::store
