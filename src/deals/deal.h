#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "network/network.h"

namespace strata::deals {

// draft (the partner's alone) → submitted (under review) → approved (protected) → won, lost or
// expired; or rejected, info_requested (edited and resubmitted, keeping its place), withdrawn.
enum class Status {
  kDraft,
  kSubmitted,
  kInfoRequested,
  kApproved,
  kRejected,
  kWon,
  kLost,
  kExpired,
  kWithdrawn
};
const char* StatusName(Status status);
std::optional<Status> ParseStatus(const std::string& text);

// How the asking organisation stands to a deal.
enum class Side { kPartner, kVendor, kDistributor };
const char* SideName(Side side);

// Whose review a submitted deal awaits.
enum class Reviewer { kNone, kDistributor, kVendor };

struct Customer {
  std::string company{};
  std::string website{};
  std::string country{};  // ISO 3166-1 alpha-2, upper case, or "".
  std::string region{};
  std::string address{};
};

struct Contact {
  std::string name{};
  std::string email{};
  std::string phone{};
};

// A product line; its amount is the line's total in the deal's currency.
struct Line {
  std::string sku;
  std::string description;
  std::int64_t quantity = 1;
  std::int64_t amount_minor = 0;
};

// What a partner fills in.
struct DealFields {
  std::string vendor_id;
  std::optional<std::string> distributor_id;  // Two-tier: registered through this distributor.
  Customer customer;
  Contact contact;
  std::optional<std::int64_t> amount_minor;  // Absent only on a draft.
  std::string currency;
  std::string expected_close;  // YYYY-MM-DD or "".
  std::vector<Line> lines;
  std::string shared_notes;
  std::string private_notes;  // Never leaves the partner.
};

// A partial edit: what is set replaces the stored value.
struct DealChanges {
  std::optional<std::string> vendor_id;
  std::optional<std::optional<std::string>> distributor_id;
  std::optional<Customer> customer;
  std::optional<Contact> contact;
  std::optional<std::optional<std::int64_t>> amount_minor;
  std::optional<std::string> currency;
  std::optional<std::string> expected_close;
  std::optional<std::vector<Line>> lines;
  std::optional<std::string> shared_notes;
  std::optional<std::string> private_notes;
};

// Another registration with the vendor, or one of its direct opportunities, that may be the same
// customer. Only the vendor sees these.
struct Conflict {
  std::string other_type;  // "deal" or "direct_opportunity".
  std::string other_id;
  double score = 0;
  std::vector<std::string> reasons;
  std::string company;
  std::string website;
  std::string country;
  std::string status;
  std::optional<network::OrgRef> partner;        // Deals only.
  std::optional<std::int64_t> sequence;          // Deals only.
  std::optional<core::Timestamp> registered_at;  // Deals only.
  bool earlier = false;                          // The other one came first.
  std::string owner;                             // Direct opportunities: the vendor's sales rep.
};

struct Event {
  core::Timestamp at;
  std::string kind;
  std::string side;
  std::string note;
  std::optional<std::string> by;  // The member's name, for the viewer's own organisation.
};

struct Extension {
  std::string status;  // requested, granted or refused.
  std::string reason;
  core::Timestamp requested_at;
};

// A deal as one side may see it: fields the side may not see are left empty.
struct Deal {
  std::string id;
  Side side = Side::kPartner;
  Status status = Status::kDraft;
  Reviewer review_by = Reviewer::kNone;
  network::OrgRef partner;
  network::OrgRef vendor;
  std::optional<network::OrgRef> distributor;
  DealFields fields;                     // private_notes only for the partner.
  std::optional<std::int64_t> sequence;  // The vendor's view only.
  std::optional<core::Timestamp> registered_at;
  std::optional<core::Timestamp> protected_until;
  std::optional<std::string> decision_reason;
  std::optional<Extension> extension;
  bool conflict_under_review = false;  // The partner's and distributor's view.
  std::vector<Conflict> conflicts;     // The vendor's view only.
  std::vector<Event> timeline;         // Filled by Get.
  core::Timestamp created_at;
  core::Timestamp updated_at;
};

// Field names a vendor may require of a registration (the company and total always are).
const std::vector<std::string>& RequirableFields();

struct Rules {
  int protection_days = 90;
  bool auto_approve = false;
  double auto_approve_max_score = 0.8;
  std::vector<std::string> required_fields;
  std::optional<std::int64_t> minimum_amount_minor;
  std::string minimum_currency;
  bool precheck_enabled = false;
  int precheck_per_hour = 20;
  std::optional<core::Timestamp> updated_at;
};

// The list's filters. With a side of vendor or distributor the list is that side's review
// queue, in registration order; otherwise newest first.
struct Query {
  std::optional<Side> side;
  std::vector<Status> statuses;
  std::optional<std::string> vendor_id;
  std::optional<Reviewer> review_by;  // Submitted deals awaiting this reviewer.
  std::string text;                   // Part of the customer's company name.
  int limit = 50;
  std::optional<std::string> cursor;
};

struct DealPage {
  std::vector<Deal> items;
  std::optional<std::string> next_cursor;
};

enum class Decision { kApprove, kReject, kRequestInfo };
enum class Outcome { kWon, kLost };

// Deal registration. Every function takes the actor; a deal the actor's organisation may not see
// answers kNotFound, exactly like one that does not exist. The partner writes with the member
// role or above; reviewers decide with the manager role or above; rules need an admin.
class DealService {
 public:
  DealService(db::Database& database, network::NetworkService& network);

  // A partner prepares a deal with one of its vendors, as a draft or registered at once.
  core::Result<Deal> Create(const access::Actor& actor, const DealFields& input, bool submit);
  // The partner edits a draft, or a deal the reviewer asked more information about.
  core::Result<Deal> Update(const access::Actor& actor, const std::string& id,
                            const DealChanges& changes);
  core::Status Delete(const access::Actor& actor, const std::string& id);
  // Registers a draft (registration time and the vendor's next sequence number in one
  // transaction, then the conflict check), or resubmits after a request for information.
  core::Result<Deal> Submit(const access::Actor& actor, const std::string& id);
  core::Result<Deal> Decide(const access::Actor& actor, const std::string& id, Decision decision,
                            const std::string& reason);
  core::Result<Deal> Withdraw(const access::Actor& actor, const std::string& id);
  core::Result<Deal> Close(const access::Actor& actor, const std::string& id, Outcome outcome,
                           const std::string& note);
  core::Result<Deal> RequestExtension(const access::Actor& actor, const std::string& id,
                                      const std::string& reason);
  core::Result<Deal> AnswerExtension(const access::Actor& actor, const std::string& id, bool grant,
                                     int days, const std::string& reason);
  core::Result<Deal> Get(const access::Actor& actor, const std::string& id);
  core::Result<DealPage> List(const access::Actor& actor, const Query& query);
  // Blind: is a company like this one protected with the vendor by another partner? Throttled
  // per partner and vendor, audited on both sides; kForbidden unless the vendor allows it.
  core::Result<bool> Precheck(const access::Actor& actor, const std::string& vendor_id,
                              const Customer& customer);

  // The actor's own rules (a vendor's), and what a partner must meet for one of its vendors.
  core::Result<Rules> GetRules(const access::Actor& actor);
  core::Result<Rules> SetRules(const access::Actor& actor, const Rules& rules);
  core::Result<Rules> RulesForPartner(const access::Actor& actor, const std::string& vendor_id);

  // Jobs, for the system actor: approved deals whose protection ended become expired; those
  // ending within `warn_days` get one reminder. Each returns how many deals it changed.
  core::Result<int> ExpireDue(const access::Actor& actor, core::Timestamp now);
  core::Result<int> RemindDue(const access::Actor& actor, core::Timestamp now, int warn_days);

 private:
  db::Database& database_;
  network::NetworkService& network_;
};

}  // namespace strata::deals
