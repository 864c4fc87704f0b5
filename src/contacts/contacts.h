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

namespace strata::identity {
class TokenHasher;
}
namespace strata::network {
class NetworkService;
}

namespace strata::contacts {

// What an organisation knows about a person it markets to.
struct ContactFields {
  std::string email{};
  std::string first_name{};
  std::string last_name{};
  std::string company{};
  std::string title{};
  std::string phone{};    // Kept in E.164 (+4930123456).
  std::string country{};  // ISO 3166-1 alpha-2 in upper case, or "".
  std::string region{};   // The sales region scoped members are limited to, or "".
  std::map<std::string, std::string> attributes{};
};

// A partial edit: each field given replaces the stored one.
struct ContactChanges {
  std::optional<std::string> email{};
  std::optional<std::string> first_name{};
  std::optional<std::string> last_name{};
  std::optional<std::string> company{};
  std::optional<std::string> title{};
  std::optional<std::string> phone{};
  std::optional<std::string> country{};
  std::optional<std::string> region{};
  std::optional<std::map<std::string, std::string>> attributes{};
};

// Where a contact or a consent came from.
enum class Source { kManual, kImport, kApi, kForm };
const char* SourceName(Source source);
std::optional<Source> ParseSource(std::string_view text);

// A consent's state for one purpose, from the newest ledger row: none, granted (and not expired),
// expired or withdrawn.
enum class ConsentState { kNone, kGranted, kExpired, kWithdrawn };
const char* ConsentStateName(ConsentState state);
std::optional<ConsentState> ParseConsentState(std::string_view text);

// The purpose every marketing email is checked against.
inline constexpr std::string_view kEmailMarketing = "email_marketing";

struct Contact {
  std::string id{};
  ContactFields fields{};
  Source source = Source::kManual;
  std::optional<core::Timestamp> last_activity_at{};
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
  ConsentState email_marketing = ConsentState::kNone;
  std::optional<std::string> suppression{};  // The reason of the suppression in force, if any.
};

// Which contacts a list or a segment holds; every condition given must hold.
struct ContactFilter {
  std::string text{};  // Part of the address, a name or the company.
  std::vector<std::string> countries{};
  std::string company{};  // Part of the company name.
  std::optional<std::string> list_id{};
  std::optional<ConsentState> consent{};  // The email_marketing state.
  std::optional<bool> suppressed{};
  std::optional<core::Timestamp> created_after{};
  std::optional<core::Timestamp> created_before{};
  std::optional<core::Timestamp> active_since{};    // Last activity at or after.
  std::optional<core::Timestamp> inactive_since{};  // No activity at or after (or none ever).
  std::map<std::string, std::string> attributes{};  // Attribute equals value.
  bool empty() const;
};

struct ContactQuery {
  ContactFilter filter{};
  int limit = 50;
  std::optional<std::string> cursor{};
};

struct ContactPage {
  std::vector<Contact> items{};
  std::optional<std::string> next_cursor{};
  std::int64_t total = 0;  // Every contact the filter matches, on any page.
};

// The legal ground for processing (GDPR art. 6(1)).
enum class Basis {
  kConsent,
  kContract,
  kLegalObligation,
  kVitalInterests,
  kPublicTask,
  kLegitimateInterests
};
const char* BasisName(Basis basis);
std::optional<Basis> ParseBasis(std::string_view text);

enum class ConsentAction { kGranted, kWithdrawn, kErased };
const char* ConsentActionName(ConsentAction action);

// What a person agreed to or withdrew, with the evidence.
struct ConsentInput {
  std::string purpose{};
  ConsentAction action = ConsentAction::kGranted;
  Basis basis = Basis::kConsent;
  Source source = Source::kManual;
  std::string text{};                         // The exact wording shown; required for a consent.
  std::vector<std::string> controllers{};     // Organisation ids named in the text.
  std::optional<core::Timestamp> given_at{};  // When the person acted; now when absent.
  std::string ip{};
  std::string form{};
  std::optional<core::Timestamp> expires_at{};
};

// One row of the ledger as its organisation reads it.
struct ConsentEntry {
  std::string id{};
  std::optional<std::string> contact_id{};  // Gone once the person was erased.
  std::string purpose{};
  ConsentAction action = ConsentAction::kGranted;
  Basis basis = Basis::kConsent;
  Source source = Source::kManual;
  std::optional<std::string> text{};  // The wording, when one was shown.
  std::optional<int> text_version{};
  std::vector<std::string> controllers{};
  core::Timestamp given_at{};
  std::string ip{};
  std::string form{};
  std::optional<core::Timestamp> expires_at{};
  std::string recorded_by{};
  core::Timestamp recorded_at{};
};

// A named set of contacts: a list holds members, a segment a filter run when it is read.
enum class ListKind { kList, kSegment };
struct ContactList {
  std::string id{};
  std::string name{};
  ListKind kind = ListKind::kList;
  ContactFilter filter{};
  std::int64_t size = 0;
  core::Timestamp created_at{};
  core::Timestamp updated_at{};
};

struct ContactDetail {
  Contact contact{};
  std::vector<ConsentEntry> consents{};  // Newest first.
  std::vector<ContactList> lists{};      // The static lists it belongs to.
};

// What one bulk action applies to the contacts with these ids.
enum class BulkAction { kAddToList, kRemoveFromList, kSuppress, kDelete };
struct BulkRequest {
  BulkAction action = BulkAction::kAddToList;
  std::vector<std::string> ids{};
  std::optional<std::string> list_id{};
};

enum class SuppressionReason { kUnsubscribed, kBounced, kComplained, kManual, kErased };
const char* SuppressionReasonName(SuppressionReason reason);
std::optional<SuppressionReason> ParseSuppressionReason(std::string_view text);

struct Suppression {
  std::string id{};
  std::optional<std::string> email{};  // Gone once the person was erased.
  SuppressionReason reason = SuppressionReason::kManual;
  std::optional<std::string> vendor_org_id{};
  std::string note{};
  core::Timestamp created_at{};
  std::optional<core::Timestamp> lifted_at{};
  std::string lift_reason{};
};

struct SuppressionInput {
  std::string email{};
  SuppressionReason reason = SuppressionReason::kManual;
  std::optional<std::string> vendor_org_id{};
  std::string note{};
};

struct SuppressionPage {
  std::vector<Suppression> items{};
  std::optional<std::string> next_cursor{};
};

// At most max_emails marketing emails per contact within period_days, across every vendor.
struct FrequencyCap {
  int max_emails = 0;
  int period_days = 0;
};

// Whether a marketing email may go to an address now, and if not, why.
enum class Verdict { kAllowed, kSuppressed, kNoConsent, kCapped };
const char* VerdictName(Verdict verdict);

// Everything an organisation holds on one address (a data-subject access request).
struct PersonalData {
  std::string email{};
  std::vector<ContactDetail> contacts{};
  std::vector<ConsentEntry> consents{};  // Also those left from an earlier erasure.
  std::vector<Suppression> suppressions{};
  std::int64_t marketing_emails = 0;  // How many marketing emails went to the address.
};

enum class PrivacyRequestKind { kExport, kErase };
struct PrivacyRequest {
  std::string id{};
  PrivacyRequestKind kind = PrivacyRequestKind::kExport;
  std::string email_masked{};  // "a***@example.com"
  std::int64_t contacts = 0;
  std::int64_t consents = 0;
  std::int64_t suppressions = 0;
  std::string requested_by{};
  core::Timestamp requested_at{};
};

// The marketing database an organisation owns: its contacts, lists and segments, the consent
// ledger, the suppression list, the frequency cap and data-subject requests. Only the owning
// organisation's members see any of it; a member scoped to regions sees only contacts of those
// regions and cannot read the suppression list or answer data-subject requests. Writes need the
// member role (kForbidden for viewers); the cap and data-subject requests need an admin. A row
// the actor may not see answers kNotFound, exactly like one that does not exist. Every write is
// audited in its transaction, naming ids, never addresses.
class ContactService {
 public:
  ContactService(db::Database& database, network::NetworkService& network,
                 const identity::TokenHasher& hasher)
      : database_(database), network_(network), hasher_(hasher) {}

  // kInvalidArgument with per-field messages; kConflict when the address is taken.
  core::Result<Contact> Create(const access::Actor& actor, ContactFields fields,
                               Source source = Source::kManual);
  core::Result<ContactDetail> Get(const access::Actor& actor, const std::string& id);
  core::Result<ContactPage> List(const access::Actor& actor, const ContactQuery& query);
  core::Result<Contact> Update(const access::Actor& actor, const std::string& id,
                               const ContactChanges& changes);
  // The contact goes with its list memberships; its consent rows stay as history.
  core::Status Delete(const access::Actor& actor, const std::string& id);
  // Applies one action to up to kMaxBulkIds contacts; ids the actor may not see are skipped.
  // Answers how many contacts it changed.
  core::Result<std::int64_t> Bulk(const access::Actor& actor, const BulkRequest& request);

  // Appends to a contact's ledger. A consent to email marketing given by the person (through a
  // form, or recorded manually on the person's request) lifts an unsubscription in force.
  core::Result<ConsentEntry> RecordConsent(const access::Actor& actor,
                                           const std::string& contact_id, ConsentInput input);

  core::Result<ContactList> CreateList(const access::Actor& actor, std::string name, ListKind kind,
                                       const ContactFilter& filter);
  core::Result<std::vector<ContactList>> Lists(const access::Actor& actor);
  core::Result<ContactList> GetList(const access::Actor& actor, const std::string& id);
  core::Result<ContactList> UpdateList(const access::Actor& actor, const std::string& id,
                                       std::optional<std::string> name,
                                       std::optional<ContactFilter> filter);
  core::Status DeleteList(const access::Actor& actor, const std::string& id);

  // Adds an address to the suppression list (kConflict when one is in force for it).
  core::Result<Suppression> Suppress(const access::Actor& actor, const SuppressionInput& input);
  core::Result<SuppressionPage> Suppressions(const access::Actor& actor, const std::string& text,
                                             int limit, const std::optional<std::string>& cursor);
  // Lifts a manual suppression, or an unsubscription the person asked to undo; bounces,
  // complaints and erasures stay (kConflict).
  core::Result<Suppression> Lift(const access::Actor& actor, const std::string& id,
                                 const std::string& reason);

  core::Result<std::optional<FrequencyCap>> Cap(const access::Actor& actor);
  // nullopt removes the cap.
  core::Result<std::optional<FrequencyCap>> SetCap(const access::Actor& actor,
                                                   std::optional<FrequencyCap> cap);

  // Data-subject requests, for admins: everything held on an address, and its erasure (the
  // contact and its personal data go; the suppression list keeps the address's keyed hash, and
  // the ledger keeps its rows without the evidence that names the person, closed by an 'erased'
  // row). Both are recorded.
  core::Result<PersonalData> Export(const access::Actor& actor, const std::string& email);
  core::Result<PersonalData> Erase(const access::Actor& actor, const std::string& email);
  core::Result<std::vector<PrivacyRequest>> PrivacyRequests(const access::Actor& actor);

  static constexpr std::size_t kMaxBulkIds = 1000;

 private:
  friend class MarketingGate;
  friend class ContactImporter;
  std::string AddressHash(const std::string& org_id, const std::string& email) const;

  db::Database& database_;
  network::NetworkService& network_;
  const identity::TokenHasher& hasher_;
};

// What the campaign engine asks before it sends a marketing email on an organisation's behalf,
// and tells after: the suppression list, the email_marketing consent and the frequency cap,
// across every vendor's campaigns. Runs as the system; never exposes the organisation's data.
class MarketingGate {
 public:
  explicit MarketingGate(ContactService& contacts) : contacts_(contacts) {}

  core::Result<Verdict> Check(const std::string& org_id, const std::string& email,
                              core::Timestamp now);
  core::Status RecordSend(const std::string& org_id, const std::string& email,
                          const std::optional<std::string>& vendor_org_id,
                          const std::optional<std::string>& campaign_id, core::Timestamp at);

 private:
  ContactService& contacts_;
};

}  // namespace strata::contacts
