#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "leads/lead_routing.h"

namespace strata::deals {
class DealService;
}
namespace strata::identity {
class TeamService;
}
namespace strata::network {
class NetworkService;
}

namespace strata::leads {

// new: the owner's, not passed on; offered: waiting for a partner's answer; unrouted: the routing
// rules found no partner; accepted … lost: as the owner, or the partner working it, reports.
enum class Status { kNew, kOffered, kUnrouted, kAccepted, kContacted, kQualified, kWon, kLost };
const char* StatusName(Status status);
std::optional<Status> ParseStatus(const std::string& text);

enum class OfferState { kOffered, kAccepted, kDeclined, kLapsed, kRecalled };
const char* OfferStateName(OfferState state);

struct LeadContact {
  std::string name{};
  std::string email{};
  std::string phone{};
};

// What the owner fills in; the partner a lead is offered to reads all of it.
struct LeadFields {
  std::string company{};
  LeadContact contact{};
  std::string country{};  // ISO 3166-1 alpha-2.
  std::string region{};
  std::string product{};
  std::string notes{};
};

// A partial edit: what is set replaces the stored value.
struct LeadChanges {
  std::optional<std::string> company{};
  std::optional<LeadContact> contact{};
  std::optional<std::string> country{};
  std::optional<std::string> region{};
  std::optional<std::string> product{};
  std::optional<std::string> notes{};
  std::optional<Status> status{};
  std::optional<std::string> lost_reason{};
  // A member of the actor's organisation, or "" for nobody.
  std::optional<std::string> assigned_user_id{};
};

struct OrgName {
  std::string id{};
  std::string name{};
};

// One passing of a lead to a partner, as its sender sees it.
struct Offer {
  std::string id{};
  OrgName partner{};
  OfferState state = OfferState::kOffered;
  std::string routed_by{};  // manual, region, country, subregion or continent.
  core::Timestamp offered_at{};
  core::Timestamp answer_due_at{};
  std::optional<core::Timestamp> answered_at{};
  std::string decline_reason{};
};

// A note, call, email or change, kept by the organisation that wrote it.
struct Activity {
  std::string id{};
  std::string kind{};  // note, call, email, status, offer, assigned, converted.
  std::string body{};
  std::optional<std::string> user_id{};
  core::Timestamp created_at{};
};

// A possible duplicate among the leads the viewer's organisation holds.
struct Duplicate {
  std::string lead_id{};
  std::string company{};
  double score = 0;
  std::vector<std::string> reasons{};
};

// A lead as the asking organisation sees it: its owner sees everything it wrote and the offers
// it made; a partner it was offered to sees the lead's fields, who sent it (origin) and its own
// offer, assignment, activities and registration, and nothing of the sender's activities.
struct Lead {
  std::string id{};
  std::optional<OrgName> origin{};  // The sender, for a partner's view of a lead offered to it.
  LeadFields fields{};
  Status status = Status::kNew;
  std::string lost_reason{};
  std::optional<std::string> assigned_user_id{};  // The viewer's side's.
  std::optional<OrgName> partner{};  // For the owner: the partner holding the lead now.
  std::vector<Offer> offers{};       // For the owner: every offer, newest first.
  // For the partner: its offer's state and when the answer is due.
  std::optional<OfferState> offer_state{};
  std::optional<core::Timestamp> answer_due_at{};
  std::optional<std::string> deal_id{};  // The registration it became, when the viewer may see it.
  std::vector<Activity> activities{};
  std::vector<Duplicate> duplicates{};
  std::string source{};  // manual, import or api.
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
};

struct LeadQuery {
  std::optional<Status> status{};
  std::optional<std::string> origin_id{};  // Leads from this sender; "" for the viewer's own.
  std::string text{};                      // In the company or the contact.
  bool waiting_only = false;               // Offered to the viewer and not answered yet.
  int limit = 50;
  std::optional<std::string> cursor{};
};

struct LeadPage {
  std::vector<Lead> items{};
  std::optional<std::string> next_cursor{};
};

// A partner as its sender routes leads to it.
struct RoutingPartner {
  OrgName partner{};
  std::string tier{};
  std::vector<std::string> countries{};
  std::vector<std::string> regions{};
  std::vector<std::string> products{};
  int capacity = 0;
  bool active = false;  // false: set up but left out of routing, or not set up yet.
  int open_leads = 0;
};

struct RoutingSettings {
  TierWeights tier_weights{};
  int default_sla_hours = 48;
  std::vector<RoutingPartner> partners{};  // Every active partner, set up or not.
};

// How one partner has answered and worked a sender's leads.
struct PartnerStats {
  OrgName partner{};
  std::int64_t offered = 0;
  std::int64_t accepted = 0;
  std::int64_t declined = 0;
  std::int64_t lapsed = 0;
  std::int64_t won = 0;
  std::int64_t lost = 0;
  std::int64_t converted = 0;  // Turned into a registration with the sender.
};

struct Conversion {
  std::string vendor_id{};
  std::optional<std::string> distributor_id{};
  bool submit = false;
  bool share_contact = true;   // The contact goes into the registration.
  std::string shared_notes{};  // What the vendor reads; the lead's activities stay.
  std::optional<std::int64_t> amount_minor{};
  std::string currency{};
  std::string expected_close{};
};

// Which column each lead field is read from: "company", "contact.name", "contact.email",
// "contact.phone", "country", "region", "product" or "notes", to a header of the file.
using ImportMapping = std::map<std::string, std::string>;

// A file's first lines, for choosing the mapping.
struct ImportPreview {
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};
  ImportMapping mapping{};  // As suggested by the header.
  char delimiter = ',';
  std::string encoding{};
};

// What is wrong with one row of an imported file.
struct ImportProblem {
  std::size_t line = 0;
  std::string field{};  // The lead field, or "" for the row as a whole.
  std::string message{};
};

// A row that may be a lead already held, or another row of the file: imported, and flagged.
struct ImportDuplicate {
  std::size_t line = 0;
  std::optional<std::string> lead_id{};       // The lead held already,
  std::optional<std::size_t> same_as_line{};  // or the earlier row.
  std::string reason{};
};

struct ImportOutcome {
  int created = 0;
  std::vector<ImportProblem> rejected{};  // When any, nothing was stored.
  std::vector<ImportDuplicate> duplicates{};
};

// Leads: an organisation's own, private to its members (a member scoped to regions sees those of
// its regions), and those an upstream organisation passes to a partner. The sender chooses the
// partner or lets its routing rules choose, and sets the time the partner has to answer; a
// declined or lapsed lead is routed again, skipping partners that had it. The sender sees the
// status the partner reports, never the partner's activities, assignment or other leads.
// Writes need the member role; routing settings the admin role. A lead the actor may not see
// answers kNotFound, exactly like one that does not exist.
class LeadService {
 public:
  // Mail links to the lead under `public_url`.
  LeadService(db::Database& database, network::NetworkService& network, identity::TeamService& team,
              deals::DealService& deals, std::string public_url = "");

  core::Result<Lead> Create(const access::Actor& actor, LeadFields fields,
                            const std::string& source = "manual");
  // A CSV file of leads (UTF-8 with or without a byte-order mark, UTF-16 or Windows-1252; comma,
  // semicolon, tab or bar between fields): its header, first rows and the mapping its header
  // suggests. Stores nothing.
  core::Result<ImportPreview> PreviewImport(const access::Actor& actor, std::string_view file);
  // Imports every row of the file as a lead the actor's organisation owns, the columns mapped as
  // the header suggests but for the fields `mapping` names ("" leaves one out), all or nothing: any
  // rejected row (named with its line and reason) stores nothing. Rows that may be leads held
  // already, or that repeat an earlier row, are imported and flagged. At most kMaxImportRows.
  core::Result<ImportOutcome> Import(const access::Actor& actor, std::string_view file,
                                     const ImportMapping& mapping);
  static constexpr std::size_t kMaxImportRows = 50'000;

  core::Result<Lead> Get(const access::Actor& actor, const std::string& id);
  core::Result<LeadPage> List(const access::Actor& actor, const LeadQuery& query);
  core::Result<Lead> Update(const access::Actor& actor, const std::string& id,
                            const LeadChanges& changes);
  core::Result<Lead> AddActivity(const access::Actor& actor, const std::string& id,
                                 const std::string& kind, const std::string& body);

  // The owner passes the lead on: to `partner_id`, or where its routing rules say. The partner
  // has `sla_hours` (the sender's default when unset) to accept or decline.
  core::Result<Lead> Distribute(const access::Actor& actor, const std::string& id,
                                const std::optional<std::string>& partner_id,
                                std::optional<int> sla_hours);
  core::Result<Lead> Accept(const access::Actor& actor, const std::string& id);
  core::Result<Lead> Decline(const access::Actor& actor, const std::string& id,
                             const std::string& reason);
  // The owner takes back a lead it passed on.
  core::Result<Lead> Recall(const access::Actor& actor, const std::string& id);

  // The partner working a lead, or the owner of its own, turns it into a deal registration with
  // one of its vendors; answers the registration's id.
  core::Result<std::string> Convert(const access::Actor& actor, const std::string& id,
                                    const Conversion& conversion);

  core::Result<RoutingSettings> Routing(const access::Actor& actor);
  core::Result<RoutingSettings> SetRouting(const access::Actor& actor, const TierWeights& weights,
                                           int default_sla_hours);
  core::Result<RoutingSettings> SetRoutingPartner(const access::Actor& actor,
                                                  const RoutingPartner& partner);
  core::Result<std::vector<PartnerStats>> Stats(const access::Actor& actor);

  // The job's work, as the system: offers whose answer is overdue lapse and their leads are
  // routed again; partners whose answer is due within the reminder window are told once.
  // Answers how many offers lapsed.
  core::Result<int> LapseDue(const access::Actor& actor, core::Timestamp now);

  static constexpr int kMaxSlaHours = 24 * 30;

 private:
  db::Database& database_;
  network::NetworkService& network_;
  identity::TeamService& team_;
  deals::DealService& deals_;
  std::string public_url_;
};

// The job kind that sends one plain-text mail: {"to":…,"subject":…,"text":…}. Leads queue it for
// a new lead, an answer nearly due and a lead taken away; the application sends it through its
// outbox.
inline constexpr const char* kMailJobKind = "mail.send";

}  // namespace strata::leads
