#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "audit/audit.h"
#include "contacts/contact_rules.h"
#include "contacts/contact_store.h"
#include "contacts/contacts.h"
#include "core/email.h"
#include "core/ids.h"
#include "core/text.h"
#include "db/database.h"
#include "identity/token_hash.h"
#include "network/network.h"

namespace strata::contacts {
namespace {

constexpr std::int64_t kMicrosPerDay = std::int64_t{86'400} * core::kMicrosPerSecond;

template <typename Enum, std::size_t N>
struct Names {
  std::array<std::pair<Enum, const char*>, N> pairs;
  const char* Name(Enum value) const {
    for (const auto& [candidate, name] : pairs) {
      if (candidate == value) return name;
    }
    return pairs.front().second;
  }
  std::optional<Enum> Parse(std::string_view text) const {
    for (const auto& [candidate, name] : pairs) {
      if (text == name) return candidate;
    }
    return std::nullopt;
  }
};

constexpr Names<Source, 4> kSources{{{{Source::kManual, "manual"},
                                      {Source::kImport, "import"},
                                      {Source::kApi, "api"},
                                      {Source::kForm, "form"}}}};
constexpr Names<ConsentState, 4> kStates{{{{ConsentState::kNone, "none"},
                                           {ConsentState::kGranted, "granted"},
                                           {ConsentState::kExpired, "expired"},
                                           {ConsentState::kWithdrawn, "withdrawn"}}}};
constexpr Names<Basis, 6> kBases{{{{Basis::kConsent, "consent"},
                                   {Basis::kContract, "contract"},
                                   {Basis::kLegalObligation, "legal_obligation"},
                                   {Basis::kVitalInterests, "vital_interests"},
                                   {Basis::kPublicTask, "public_task"},
                                   {Basis::kLegitimateInterests, "legitimate_interests"}}}};
constexpr Names<ConsentAction, 3> kActions{{{{ConsentAction::kGranted, "granted"},
                                             {ConsentAction::kWithdrawn, "withdrawn"},
                                             {ConsentAction::kErased, "erased"}}}};
constexpr Names<SuppressionReason, 5> kReasons{{{{SuppressionReason::kUnsubscribed, "unsubscribed"},
                                                 {SuppressionReason::kBounced, "bounced"},
                                                 {SuppressionReason::kComplained, "complained"},
                                                 {SuppressionReason::kManual, "manual"},
                                                 {SuppressionReason::kErased, "erased"}}}};
constexpr Names<Verdict, 4> kVerdicts{{{{Verdict::kAllowed, "allowed"},
                                        {Verdict::kSuppressed, "suppressed"},
                                        {Verdict::kNoConsent, "no_consent"},
                                        {Verdict::kCapped, "capped"}}}};

core::Error NoSuchContact() { return core::Error::NotFound("no such contact"); }
core::Error NoSuchList() { return core::Error::NotFound("no such list or segment"); }

core::Error Forbidden(std::string message) {
  return {core::Errc::kForbidden, std::move(message), {}};
}

core::Status MayRead(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) {
    return core::Error::Invalid("contacts belong to an organisation; act as one of its members");
  }
  return core::Ok();
}

core::Status MayWrite(const access::Actor& actor) {
  if (auto readable = MayRead(actor); !readable) return readable;
  if (!actor.HasRole(access::Role::kMember)) {
    return Forbidden("viewers cannot change the marketing database");
  }
  return core::Ok();
}

// The suppression list and data-subject requests span every region: only members without region
// scopes may use them.
core::Status MaySeeEveryRegion(const access::Actor& actor) {
  if (auto readable = MayRead(actor); !readable) return readable;
  if (!actor.scopes().regions.empty()) {
    return Forbidden("your region scopes leave out the organisation-wide lists");
  }
  return core::Ok();
}

core::Status MayAdminister(const access::Actor& actor, const char* what) {
  if (auto allowed = MaySeeEveryRegion(actor); !allowed) return allowed;
  if (!actor.HasRole(access::Role::kAdmin)) {
    return Forbidden(std::string("only owners and admins may ") + what);
  }
  return core::Ok();
}

// A region-scoped member keeps its contacts inside its regions.
void CheckRegion(const access::Actor& actor, const ContactFields& fields,
                 std::vector<core::FieldError>& problems) {
  const auto& regions = actor.scopes().regions;
  if (regions.empty() ||
      std::find(regions.begin(), regions.end(), fields.region) != regions.end()) {
    return;
  }
  problems.push_back({"region", "must be one of your regions: " + core::JoinList(regions, ", ")});
}

core::Error AddressTaken() {
  return {core::Errc::kConflict,
          "a contact with this address exists already",
          {{"email", "is already a contact"}}};
}

void Audit(soci::session& sql, const access::Actor& actor, const char* action,
           const char* target_type, const std::string& target_id, json::object detail = {}) {
  audit::Record(sql, {.org_id = actor.org_id(),
                      .actor_user_id = actor.user_id(),
                      .action = action,
                      .target_type = target_type,
                      .target_id = target_id,
                      .detail = std::move(detail),
                      .context = audit::ContextOf(actor)});
}

core::Result<std::string> NormalisedAddress(const std::string& email) {
  if (auto normalised = core::NormaliseEmail(email)) return *normalised;
  return core::Error::Invalid("check the address", {{"email", "is not an email address"}});
}

// The organisations a consent may name: the actor's own, and every vendor and distributor it
// works with.
core::Status CheckControllers(network::NetworkService& network, const access::Actor& actor,
                              const std::vector<std::string>& controllers) {
  std::set<std::string> known{actor.org_id()};
  if (std::any_of(controllers.begin(), controllers.end(),
                  [&](const std::string& id) { return !known.contains(id); })) {
    auto vendors = network.Vendors(actor);
    if (!vendors) return vendors.error();
    for (const auto& entry : *vendors) {
      known.insert(entry.vendor.id);
      for (const auto& route : entry.routes) {
        if (route.distributor) known.insert(route.distributor->id);
      }
    }
  }
  for (const auto& id : controllers) {
    if (!known.contains(id)) {
      return core::Error::Invalid(
          "a consent may name only your organisation and the vendors and distributors you work "
          "with",
          {{"controllers", "names an organisation you do not work with: " + id}});
    }
  }
  return core::Ok();
}

// Records a data-subject request with what it found, and audits it: the address only masked.
void RecordRequest(soci::session& sql, const access::Actor& actor, PrivacyRequestKind kind,
                   const std::string& address_hash, const PersonalData& data, core::Timestamp now) {
  const PrivacyRequest request{.id = core::Uuid::NewV7().ToString(),
                               .kind = kind,
                               .email_masked = MaskEmail(data.email),
                               .contacts = static_cast<std::int64_t>(data.contacts.size()),
                               .consents = static_cast<std::int64_t>(data.consents.size()),
                               .suppressions = static_cast<std::int64_t>(data.suppressions.size()),
                               .requested_by = actor.user_id(),
                               .requested_at = now};
  store::InsertPrivacyRequest(sql, actor.org_id(), address_hash, request);
  Audit(sql, actor, kind == PrivacyRequestKind::kErase ? "privacy.erased" : "privacy.exported",
        "privacy_request", request.id,
        {{"contacts", request.contacts}, {"consents", request.consents}});
}

}  // namespace

const char* SourceName(Source source) { return kSources.Name(source); }
std::optional<Source> ParseSource(std::string_view text) { return kSources.Parse(text); }
const char* ConsentStateName(ConsentState state) { return kStates.Name(state); }
std::optional<ConsentState> ParseConsentState(std::string_view text) { return kStates.Parse(text); }
const char* BasisName(Basis basis) { return kBases.Name(basis); }
std::optional<Basis> ParseBasis(std::string_view text) { return kBases.Parse(text); }
const char* ConsentActionName(ConsentAction action) { return kActions.Name(action); }
const char* SuppressionReasonName(SuppressionReason reason) { return kReasons.Name(reason); }
std::optional<SuppressionReason> ParseSuppressionReason(std::string_view text) {
  return kReasons.Parse(text);
}
const char* VerdictName(Verdict verdict) { return kVerdicts.Name(verdict); }

std::string ContactService::AddressHash(const std::string& org_id, const std::string& email) const {
  // Keyed per organisation: the same person's hashes in two organisations cannot be matched.
  return hasher_.Hash("contact-address:" + org_id + ":", email);
}

core::Result<Contact> ContactService::Create(const access::Actor& actor, ContactFields fields,
                                             Source source) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  auto problems = NormaliseContact(fields);
  CheckRegion(actor, fields, problems);
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Contact> {
    db::Transaction transaction(sql, database_.dialect());
    if (store::ContactIdByEmail(sql, actor.org_id(), fields.email)) return AddressTaken();
    const core::Timestamp now = core::Timestamp::Now();
    store::StoredContact stored{.contact = {.id = core::Uuid::NewV7().ToString(),
                                            .fields = std::move(fields),
                                            .source = source,
                                            .created_at = now,
                                            .updated_at = now},
                                .email_hash = ""};
    stored.email_hash = AddressHash(actor.org_id(), stored.contact.fields.email);
    store::InsertContact(sql, actor.org_id(), stored);
    Audit(sql, actor, "contact.created", "contact", stored.contact.id,
          {{"source", SourceName(source)}});
    auto created = store::LoadContact(sql, actor, stored.contact.id, now);
    transaction.Commit();
    return std::move(*created);
  });
}

core::Result<ContactDetail> ContactService::Get(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ContactDetail> {
    auto contact = store::LoadContact(sql, actor, id, core::Timestamp::Now());
    if (!contact) return NoSuchContact();
    ContactDetail detail{.contact = std::move(*contact),
                         .consents = store::ConsentsOfContact(sql, id),
                         .lists = store::ListsOfContact(sql, id)};
    return detail;
  });
}

core::Result<ContactPage> ContactService::List(const access::Actor& actor,
                                               const ContactQuery& query) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  const int limit = std::clamp(query.limit, 1, 200);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ContactPage> {
    std::vector<ContactFilter> filters{query.filter};
    if (query.filter.list_id) {
      auto lists = store::LoadLists(sql, actor, query.filter.list_id);
      if (lists.empty()) {
        return core::Error::Invalid("no such list or segment",
                                    {{"list_id", "is not one of your lists"}});
      }
      if (lists.front().kind == ListKind::kSegment) {
        // A segment is its filter, taken together with the query's own conditions.
        filters.front().list_id.reset();
        filters.push_back(lists.front().filter);
      }
    }
    return store::ListContacts(sql, database_.dialect(), actor, filters, limit, query.cursor,
                               core::Timestamp::Now());
  });
}

core::Result<Contact> ContactService::Update(const access::Actor& actor, const std::string& id,
                                             const ContactChanges& changes) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Contact> {
    db::Transaction transaction(sql, database_.dialect());
    const core::Timestamp now = core::Timestamp::Now();
    auto contact = store::LoadContact(sql, actor, id, now);
    if (!contact) return NoSuchContact();
    ApplyChanges(changes, contact->fields);
    auto problems = NormaliseContact(contact->fields);
    CheckRegion(actor, contact->fields, problems);
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
    const auto holder = store::ContactIdByEmail(sql, actor.org_id(), contact->fields.email);
    if (holder && *holder != id) return AddressTaken();
    contact->updated_at = now;
    const std::string hash = AddressHash(actor.org_id(), contact->fields.email);
    store::UpdateContact(sql, {.contact = *contact, .email_hash = hash});
    Audit(sql, actor, "contact.updated", "contact", id);
    auto updated = store::LoadContact(sql, actor, id, now);
    transaction.Commit();
    return std::move(*updated);
  });
}

core::Status ContactService::Delete(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed;
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    if (!store::LoadContact(sql, actor, id, core::Timestamp::Now())) return NoSuchContact();
    store::DeleteContact(sql, id);
    Audit(sql, actor, "contact.deleted", "contact", id);
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<std::int64_t> ContactService::Bulk(const access::Actor& actor,
                                                const BulkRequest& request) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (request.ids.empty() || request.ids.size() > kMaxBulkIds) {
    return core::Error::Invalid("choose from 1 to 1,000 contacts",
                                {{"ids", "must hold from 1 to 1,000 contact ids"}});
  }
  const bool needs_list =
      request.action == BulkAction::kAddToList || request.action == BulkAction::kRemoveFromList;
  if (needs_list && !request.list_id) {
    return core::Error::Invalid("choose the list", {{"list_id", "is required for this action"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<std::int64_t> {
    db::Transaction transaction(sql, database_.dialect());
    const core::Timestamp now = core::Timestamp::Now();
    const std::vector<std::string> ids = store::VisibleIds(sql, actor, request.ids);
    std::int64_t changed = 0;
    if (needs_list) {
      auto lists = store::LoadLists(sql, actor, request.list_id);
      if (lists.empty()) return NoSuchList();
      if (lists.front().kind != ListKind::kList) {
        return core::Error::Invalid("a segment's contacts follow from its filter",
                                    {{"list_id", "is a segment; choose a list"}});
      }
      changed = request.action == BulkAction::kAddToList
                    ? store::AddMembers(sql, actor.org_id(), *request.list_id, ids, now)
                    : store::RemoveMembers(sql, *request.list_id, ids);
      Audit(sql, actor,
            request.action == BulkAction::kAddToList ? "contact_list.members_added"
                                                     : "contact_list.members_removed",
            "contact_list", *request.list_id, {{"count", changed}});
    } else {
      for (const auto& id : ids) {
        auto contact = store::LoadContact(sql, actor, id, now);
        if (!contact) continue;
        if (request.action == BulkAction::kDelete) {
          store::DeleteContact(sql, id);
          Audit(sql, actor, "contact.deleted", "contact", id);
          ++changed;
          continue;
        }
        const std::string hash = AddressHash(actor.org_id(), contact->fields.email);
        if (store::SuppressionInForce(sql, actor.org_id(), hash)) continue;
        const Suppression suppression{.id = core::Uuid::NewV7().ToString(),
                                      .email = contact->fields.email,
                                      .reason = SuppressionReason::kManual,
                                      .note = "suppressed from the contacts table",
                                      .created_at = now};
        store::InsertSuppression(sql, actor.org_id(), hash, actor.user_id(), suppression);
        Audit(sql, actor, "suppression.added", "suppression", suppression.id,
              {{"reason", "manual"}, {"contact_id", id}});
        ++changed;
      }
    }
    transaction.Commit();
    return changed;
  });
}

core::Result<ConsentEntry> ContactService::RecordConsent(const access::Actor& actor,
                                                         const std::string& contact_id,
                                                         ConsentInput input) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  const core::Timestamp now = core::Timestamp::Now();
  auto problems = CheckConsent(input, now);
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  if (input.controllers.empty()) input.controllers.push_back(actor.org_id());
  if (auto known = CheckControllers(network_, actor, input.controllers); !known) {
    return known.error();
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ConsentEntry> {
    db::Transaction transaction(sql, database_.dialect());
    auto contact = store::LoadContact(sql, actor, contact_id, now);
    if (!contact) return NoSuchContact();
    const std::string hash = AddressHash(actor.org_id(), contact->fields.email);
    std::optional<std::string> text_id;
    if (!input.text.empty()) {
      text_id = store::ConsentTextId(sql, actor.org_id(), input.purpose, input.text, now);
    }
    ConsentEntry entry{.id = core::Uuid::NewV7().ToString(),
                       .contact_id = contact_id,
                       .purpose = input.purpose,
                       .action = input.action,
                       .basis = input.basis,
                       .source = input.source,
                       .controllers = input.controllers,
                       .given_at = *input.given_at,
                       .ip = input.ip,
                       .form = input.form,
                       .expires_at = input.expires_at,
                       .recorded_by = actor.user_id(),
                       .recorded_at = now};
    store::InsertConsent(sql, actor.org_id(), contact_id, hash, entry, text_id);
    Audit(sql, actor, "consent.recorded", "contact", contact_id,
          {{"purpose", entry.purpose}, {"action", ConsentActionName(entry.action)}});
    // Opting in again, in the person's own words, ends an unsubscription.
    const bool by_the_person = input.source == Source::kForm || input.source == Source::kManual;
    if (input.purpose == kEmailMarketing && input.action == ConsentAction::kGranted &&
        by_the_person) {
      auto suppression = store::SuppressionInForce(sql, actor.org_id(), hash);
      if (suppression && suppression->reason == SuppressionReason::kUnsubscribed) {
        store::LiftSuppression(sql, suppression->id, actor.user_id(), "opted in again", now);
        Audit(sql, actor, "suppression.lifted", "suppression", suppression->id,
              {{"reason", "opted in again"}});
      }
    }
    entry.text = input.text.empty() ? std::nullopt : std::optional<std::string>(input.text);
    transaction.Commit();
    auto recorded = store::ConsentsOfContact(sql, contact_id);
    for (auto& row : recorded) {
      if (row.id == entry.id) return std::move(row);
    }
    return entry;
  });
}

core::Result<ContactList> ContactService::CreateList(const access::Actor& actor, std::string name,
                                                     ListKind kind, const ContactFilter& filter) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  name = core::Trim(name);
  std::vector<core::FieldError> problems;
  if (name.empty() || name.size() > 100) {
    problems.push_back({"name", "must be from 1 to 100 characters"});
  }
  if (kind == ListKind::kSegment && filter.empty()) {
    problems.push_back({"filter", "a segment needs at least one condition"});
  }
  if (kind == ListKind::kList && !filter.empty()) {
    problems.push_back({"filter", "a list holds the contacts added to it; only a segment filters"});
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ContactList> {
    db::Transaction transaction(sql, database_.dialect());
    if (store::ListNameTaken(sql, actor.org_id(), name, "")) {
      return core::Error{core::Errc::kConflict,
                         "a list or segment with this name exists already",
                         {{"name", "is taken"}}};
    }
    if (filter.list_id) {
      auto inner = store::LoadLists(sql, actor, filter.list_id);
      if (inner.empty() || inner.front().kind != ListKind::kList) {
        return core::Error::Invalid("check the filter",
                                    {{"filter.list_id", "must be one of your lists"}});
      }
    }
    const core::Timestamp now = core::Timestamp::Now();
    ContactList list{.id = core::Uuid::NewV7().ToString(),
                     .name = name,
                     .kind = kind,
                     .filter = filter,
                     .created_at = now,
                     .updated_at = now};
    store::InsertList(sql, actor.org_id(), actor.user_id(), list);
    Audit(sql, actor,
          kind == ListKind::kSegment ? "contact_segment.created" : "contact_list.created",
          "contact_list", list.id);
    transaction.Commit();
    return list;
  });
}

core::Result<std::vector<ContactList>> ContactService::Lists(const access::Actor& actor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::vector<ContactList>> {
        auto lists = store::LoadLists(sql, actor, std::nullopt);
        const core::Timestamp now = core::Timestamp::Now();
        for (auto& list : lists) {
          // Members the actor may see: a scoped member counts its regions.
          const ContactFilter own =
              list.kind == ListKind::kSegment ? list.filter : ContactFilter{.list_id = list.id};
          list.size =
              store::ListContacts(sql, database_.dialect(), actor, {own}, 1, std::nullopt, now)
                  .total;
        }
        return lists;
      });
}

core::Result<ContactList> ContactService::GetList(const access::Actor& actor,
                                                  const std::string& id) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<ContactList> {
    auto lists = store::LoadLists(sql, actor, id);
    if (lists.empty()) return NoSuchList();
    ContactList list = std::move(lists.front());
    const ContactFilter own =
        list.kind == ListKind::kSegment ? list.filter : ContactFilter{.list_id = list.id};
    list.size = store::ListContacts(sql, database_.dialect(), actor, {own}, 1, std::nullopt,
                                    core::Timestamp::Now())
                    .total;
    return list;
  });
}

core::Result<ContactList> ContactService::UpdateList(const access::Actor& actor,
                                                     const std::string& id,
                                                     std::optional<std::string> name,
                                                     std::optional<ContactFilter> filter) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  auto updated = db::WithSession(database_, [&](soci::session& sql) -> core::Result<ContactList> {
    db::Transaction transaction(sql, database_.dialect());
    auto lists = store::LoadLists(sql, actor, id);
    if (lists.empty()) return NoSuchList();
    ContactList list = std::move(lists.front());
    std::vector<core::FieldError> problems;
    if (name) {
      list.name = core::Trim(*name);
      if (list.name.empty() || list.name.size() > 100) {
        problems.push_back({"name", "must be from 1 to 100 characters"});
      } else if (store::ListNameTaken(sql, actor.org_id(), list.name, id)) {
        return core::Error{core::Errc::kConflict,
                           "a list or segment with this name exists already",
                           {{"name", "is taken"}}};
      }
    }
    if (filter) {
      if (list.kind != ListKind::kSegment) {
        problems.push_back(
            {"filter", "a list holds the contacts added to it; only a segment filters"});
      } else if (filter->empty()) {
        problems.push_back({"filter", "a segment needs at least one condition"});
      } else if (filter->list_id) {
        auto inner = store::LoadLists(sql, actor, filter->list_id);
        if (inner.empty() || inner.front().kind != ListKind::kList) {
          problems.push_back({"filter.list_id", "must be one of your lists"});
        }
      }
      list.filter = *filter;
    }
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
    list.updated_at = core::Timestamp::Now();
    store::UpdateList(sql, list);
    Audit(sql, actor, "contact_list.updated", "contact_list", id);
    transaction.Commit();
    return list;
  });
  if (!updated) return updated;
  return GetList(actor, id);
}

core::Status ContactService::DeleteList(const access::Actor& actor, const std::string& id) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed;
  return db::WithSession(database_, [&](soci::session& sql) -> core::Status {
    db::Transaction transaction(sql, database_.dialect());
    if (store::LoadLists(sql, actor, id).empty()) return NoSuchList();
    store::DeleteList(sql, id);
    Audit(sql, actor, "contact_list.deleted", "contact_list", id);
    transaction.Commit();
    return core::Ok();
  });
}

core::Result<Suppression> ContactService::Suppress(const access::Actor& actor,
                                                   const SuppressionInput& input) {
  if (auto allowed = MayWrite(actor); !allowed) return allowed.error();
  if (auto allowed = MaySeeEveryRegion(actor); !allowed) return allowed.error();
  auto email = NormalisedAddress(input.email);
  if (!email) return email.error();
  if (input.reason == SuppressionReason::kErased) {
    return core::Error::Invalid(
        "erase a person through a data-subject request",
        {{"reason", "must be unsubscribed, bounced, complained or manual"}});
  }
  const std::string note = core::Trim(input.note);
  if (note.size() > 500) {
    return core::Error::Invalid("check the note", {{"note", "must be at most 500 characters"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Suppression> {
    db::Transaction transaction(sql, database_.dialect());
    const std::string hash = AddressHash(actor.org_id(), *email);
    if (store::SuppressionInForce(sql, actor.org_id(), hash)) {
      return core::Error{core::Errc::kConflict,
                         "this address is suppressed already",
                         {{"email", "is on the suppression list already"}}};
    }
    const Suppression suppression{.id = core::Uuid::NewV7().ToString(),
                                  .email = *email,
                                  .reason = input.reason,
                                  .vendor_org_id = input.vendor_org_id,
                                  .note = note,
                                  .created_at = core::Timestamp::Now()};
    store::InsertSuppression(sql, actor.org_id(), hash, actor.user_id(), suppression);
    Audit(sql, actor, "suppression.added", "suppression", suppression.id,
          {{"reason", SuppressionReasonName(input.reason)}});
    transaction.Commit();
    return suppression;
  });
}

core::Result<SuppressionPage> ContactService::Suppressions(
    const access::Actor& actor, const std::string& text, int limit,
    const std::optional<std::string>& cursor) {
  if (auto allowed = MaySeeEveryRegion(actor); !allowed) return allowed.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<SuppressionPage> {
    return store::ListSuppressions(sql, actor.org_id(), core::Trim(text), std::clamp(limit, 1, 200),
                                   cursor);
  });
}

core::Result<Suppression> ContactService::Lift(const access::Actor& actor, const std::string& id,
                                               const std::string& reason) {
  if (auto allowed = MaySeeEveryRegion(actor); !allowed) return allowed.error();
  if (!actor.HasRole(access::Role::kManager)) {
    return Forbidden("only managers, admins and owners may lift a suppression");
  }
  const std::string why = core::Trim(reason);
  if (why.empty() || why.size() > 500) {
    return core::Error::Invalid("say why the address may be mailed again",
                                {{"reason", "must be from 1 to 500 characters"}});
  }
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<Suppression> {
    db::Transaction transaction(sql, database_.dialect());
    auto suppression = store::LoadSuppression(sql, actor.org_id(), id);
    if (!suppression) return core::Error::NotFound("no such suppression");
    if (suppression->lifted_at) return core::Error::Conflict("this suppression was lifted already");
    if (suppression->reason != SuppressionReason::kManual &&
        suppression->reason != SuppressionReason::kBounced) {
      return core::Error::Conflict(
          suppression->reason == SuppressionReason::kUnsubscribed
              ? "an unsubscription ends only when the person opts in again: record their consent"
              : "complaints and erasures stay on the list for good");
    }
    const core::Timestamp now = core::Timestamp::Now();
    store::LiftSuppression(sql, id, actor.user_id(), why, now);
    Audit(sql, actor, "suppression.lifted", "suppression", id, {{"reason", why}});
    transaction.Commit();
    suppression->lifted_at = now;
    suppression->lift_reason = why;
    return std::move(*suppression);
  });
}

core::Result<std::optional<FrequencyCap>> ContactService::Cap(const access::Actor& actor) {
  if (auto allowed = MayRead(actor); !allowed) return allowed.error();
  return db::WithSession(database_,
                         [&](soci::session& sql) -> core::Result<std::optional<FrequencyCap>> {
                           return store::LoadCap(sql, actor.org_id());
                         });
}

core::Result<std::optional<FrequencyCap>> ContactService::SetCap(const access::Actor& actor,
                                                                 std::optional<FrequencyCap> cap) {
  if (auto allowed = MayAdminister(actor, "set the frequency cap"); !allowed) {
    return allowed.error();
  }
  if (cap) {
    std::vector<core::FieldError> problems;
    if (cap->max_emails < 1 || cap->max_emails > 100) {
      problems.push_back({"max_emails", "must be from 1 to 100"});
    }
    if (cap->period_days < 1 || cap->period_days > 365) {
      problems.push_back({"period_days", "must be from 1 to 365"});
    }
    if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  }
  return db::WithSession(
      database_, [&](soci::session& sql) -> core::Result<std::optional<FrequencyCap>> {
        db::Transaction transaction(sql, database_.dialect());
        store::SaveCap(sql, actor.org_id(), cap, actor.user_id(), core::Timestamp::Now());
        json::object detail;
        if (cap) {
          detail = {{"max_emails", cap->max_emails}, {"period_days", cap->period_days}};
        }
        Audit(sql, actor, cap ? "marketing_cap.set" : "marketing_cap.removed", "org",
              actor.org_id(), std::move(detail));
        transaction.Commit();
        return cap;
      });
}

core::Result<PersonalData> ContactService::Export(const access::Actor& actor,
                                                  const std::string& email) {
  if (auto allowed = MayAdminister(actor, "answer data-subject requests"); !allowed) {
    return allowed.error();
  }
  auto address = NormalisedAddress(email);
  if (!address) return address.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<PersonalData> {
    db::Transaction transaction(sql, database_.dialect());
    const std::string hash = AddressHash(actor.org_id(), *address);
    const core::Timestamp now = core::Timestamp::Now();
    PersonalData data{.email = *address};
    if (auto id = store::ContactIdByEmail(sql, actor.org_id(), *address)) {
      if (auto contact = store::LoadContact(sql, actor, *id, now)) {
        data.contacts.push_back({.contact = std::move(*contact),
                                 .consents = store::ConsentsOfContact(sql, *id),
                                 .lists = store::ListsOfContact(sql, *id)});
      }
    }
    data.consents = store::ConsentsOfSubject(sql, actor.org_id(), hash);
    data.suppressions = store::SuppressionsOf(sql, actor.org_id(), hash);
    data.marketing_emails = store::SendsSince(sql, actor.org_id(), hash, core::Timestamp(0));
    RecordRequest(sql, actor, PrivacyRequestKind::kExport, hash, data, now);
    transaction.Commit();
    return data;
  });
}

core::Result<PersonalData> ContactService::Erase(const access::Actor& actor,
                                                 const std::string& email) {
  if (auto allowed = MayAdminister(actor, "answer data-subject requests"); !allowed) {
    return allowed.error();
  }
  auto address = NormalisedAddress(email);
  if (!address) return address.error();
  return db::WithSession(database_, [&](soci::session& sql) -> core::Result<PersonalData> {
    db::Transaction transaction(sql, database_.dialect());
    const std::string hash = AddressHash(actor.org_id(), *address);
    const core::Timestamp now = core::Timestamp::Now();
    PersonalData erased{.email = *address};
    if (auto id = store::ContactIdByEmail(sql, actor.org_id(), *address)) {
      erased.contacts.push_back({.contact = {.id = *id, .fields = {.email = *address}}});
      store::DeleteContact(sql, *id);
    }
    erased.consents = store::ConsentsOfSubject(sql, actor.org_id(), hash);
    store::AnonymiseConsents(sql, actor.org_id(), hash);
    store::InsertConsent(sql, actor.org_id(), std::nullopt, hash,
                         {.id = core::Uuid::NewV7().ToString(),
                          .purpose = "all",
                          .action = ConsentAction::kErased,
                          .basis = Basis::kLegalObligation,
                          .source = Source::kManual,
                          .given_at = now,
                          .recorded_by = actor.user_id(),
                          .recorded_at = now},
                         std::nullopt);
    // The keyed hash stays suppressed, so the address is never mailed again.
    erased.suppressions = store::SuppressionsOf(sql, actor.org_id(), hash);
    auto in_force = store::SuppressionInForce(sql, actor.org_id(), hash);
    if (!in_force || in_force->reason != SuppressionReason::kErased) {
      if (in_force) store::LiftSuppression(sql, in_force->id, actor.user_id(), "erased", now);
      store::InsertSuppression(sql, actor.org_id(), hash, actor.user_id(),
                               {.id = core::Uuid::NewV7().ToString(),
                                .reason = SuppressionReason::kErased,
                                .created_at = now});
    }
    store::ForgetSuppressedAddress(sql, actor.org_id(), hash);
    RecordRequest(sql, actor, PrivacyRequestKind::kErase, hash, erased, now);
    transaction.Commit();
    return erased;
  });
}

core::Result<std::vector<PrivacyRequest>> ContactService::PrivacyRequests(
    const access::Actor& actor) {
  if (auto allowed = MayAdminister(actor, "read data-subject requests"); !allowed) {
    return allowed.error();
  }
  return db::WithSession(database_,
                         [&](soci::session& sql) -> core::Result<std::vector<PrivacyRequest>> {
                           return store::LoadPrivacyRequests(sql, actor.org_id());
                         });
}

core::Result<Verdict> MarketingGate::Check(const std::string& org_id, const std::string& email,
                                           core::Timestamp now) {
  auto address = NormalisedAddress(email);
  if (!address) return address.error();
  return db::WithSession(contacts_.database_, [&](soci::session& sql) -> core::Result<Verdict> {
    const std::string hash = contacts_.AddressHash(org_id, *address);
    if (store::SuppressionInForce(sql, org_id, hash)) return Verdict::kSuppressed;
    if (store::MarketingConsent(sql, org_id, hash, now) != ConsentState::kGranted) {
      return Verdict::kNoConsent;
    }
    if (auto cap = store::LoadCap(sql, org_id)) {
      const core::Timestamp since(now.micros() - cap->period_days * kMicrosPerDay);
      if (store::SendsSince(sql, org_id, hash, since) >= cap->max_emails) return Verdict::kCapped;
    }
    return Verdict::kAllowed;
  });
}

core::Status MarketingGate::RecordSend(const std::string& org_id, const std::string& email,
                                       const std::optional<std::string>& vendor_org_id,
                                       const std::optional<std::string>& campaign_id,
                                       core::Timestamp at) {
  auto address = NormalisedAddress(email);
  if (!address) return address.error();
  return db::WithSession(contacts_.database_, [&](soci::session& sql) -> core::Status {
    store::InsertSend(sql, org_id, contacts_.AddressHash(org_id, *address), vendor_org_id,
                      campaign_id, at);
    return core::Ok();
  });
}

}  // namespace strata::contacts
