#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "contacts/contacts.h"
#include "core/time.h"
#include "db/database.h"

namespace soci {
class session;
}

// The SQL of the contacts module. Reads take the actor and filter by what it may see; writes
// trust the service to have checked the actor.
namespace strata::contacts::store {

// A contact as stored, with the keyed hash of its address.
struct StoredContact {
  Contact contact;
  std::string email_hash;
  std::optional<std::string> import_id{};
};

void InsertContact(soci::session& sql, const std::string& org_id, const StoredContact& stored);
// A new contact's values in the order of the contacts table's columns: id, org_id, email,
// email_hash, first_name, last_name, company, title, phone, country, region, attributes,
// search_text, source, import_id, created_at, updated_at (for db::BulkInsert).
std::vector<std::optional<std::string>> ContactRow(const std::string& org_id, const std::string& id,
                                                   const ContactFields& fields,
                                                   const std::string& email_hash, Source source,
                                                   const std::string& import_id,
                                                   core::Timestamp now);
void UpdateContact(soci::session& sql, const StoredContact& stored);
void DeleteContact(soci::session& sql, const std::string& id);

std::optional<Contact> LoadContact(soci::session& sql, const access::Actor& actor,
                                   const std::string& id, core::Timestamp now);
// The contact of the organisation holding this address, whoever may see it.
std::optional<std::string> ContactIdByEmail(soci::session& sql, const std::string& org_id,
                                            const std::string& email);
// The contacts the actor may see that pass every filter, newest first.
ContactPage ListContacts(soci::session& sql, db::Dialect dialect, const access::Actor& actor,
                         const std::vector<ContactFilter>& filters, int limit,
                         const std::optional<std::string>& cursor, core::Timestamp now);
// Of these ids, those the actor may see.
std::vector<std::string> VisibleIds(soci::session& sql, const access::Actor& actor,
                                    const std::vector<std::string>& ids);

// The consent text's id for this wording, stored as the purpose's next version when new.
std::string ConsentTextId(soci::session& sql, const std::string& org_id, const std::string& purpose,
                          const std::string& text, core::Timestamp now);
void InsertConsent(soci::session& sql, const std::string& org_id,
                   const std::optional<std::string>& contact_id, const std::string& subject_hash,
                   const ConsentEntry& entry, const std::optional<std::string>& text_id);
std::vector<ConsentEntry> ConsentsOfContact(soci::session& sql, const std::string& contact_id);
std::vector<ConsentEntry> ConsentsOfSubject(soci::session& sql, const std::string& org_id,
                                            const std::string& subject_hash);
// Takes the contact and the identifying evidence off a subject's ledger rows.
void AnonymiseConsents(soci::session& sql, const std::string& org_id,
                       const std::string& subject_hash);
// The email_marketing state of the address's newest ledger row.
ConsentState MarketingConsent(soci::session& sql, const std::string& org_id,
                              const std::string& subject_hash, core::Timestamp now);

void InsertList(soci::session& sql, const std::string& org_id, const std::string& created_by,
                const ContactList& list);
void UpdateList(soci::session& sql, const ContactList& list);
void DeleteList(soci::session& sql, const std::string& id);
std::vector<ContactList> LoadLists(soci::session& sql, const access::Actor& actor,
                                   const std::optional<std::string>& id);
std::vector<ContactList> ListsOfContact(soci::session& sql, const std::string& contact_id);
bool ListNameTaken(soci::session& sql, const std::string& org_id, const std::string& name,
                   const std::string& except_id);
// Answers how many memberships were added or removed.
std::int64_t AddMembers(soci::session& sql, const std::string& org_id, const std::string& list_id,
                        const std::vector<std::string>& contact_ids, core::Timestamp now);
std::int64_t RemoveMembers(soci::session& sql, const std::string& list_id,
                           const std::vector<std::string>& contact_ids);

std::optional<Suppression> SuppressionInForce(soci::session& sql, const std::string& org_id,
                                              const std::string& email_hash);
void InsertSuppression(soci::session& sql, const std::string& org_id, const std::string& email_hash,
                       const std::string& created_by, const Suppression& suppression);
std::optional<Suppression> LoadSuppression(soci::session& sql, const std::string& org_id,
                                           const std::string& id);
SuppressionPage ListSuppressions(soci::session& sql, const std::string& org_id,
                                 const std::string& text, int limit,
                                 const std::optional<std::string>& cursor);
std::vector<Suppression> SuppressionsOf(soci::session& sql, const std::string& org_id,
                                        const std::string& email_hash);
void LiftSuppression(soci::session& sql, const std::string& id, const std::string& lifted_by,
                     const std::string& reason, core::Timestamp at);
void ForgetSuppressedAddress(soci::session& sql, const std::string& org_id,
                             const std::string& email_hash);

std::optional<FrequencyCap> LoadCap(soci::session& sql, const std::string& org_id);
void SaveCap(soci::session& sql, const std::string& org_id, const std::optional<FrequencyCap>& cap,
             const std::string& updated_by, core::Timestamp now);
std::int64_t SendsSince(soci::session& sql, const std::string& org_id,
                        const std::string& email_hash, core::Timestamp since);
void InsertSend(soci::session& sql, const std::string& org_id, const std::string& email_hash,
                const std::optional<std::string>& vendor_org_id,
                const std::optional<std::string>& campaign_id, core::Timestamp at);

void InsertPrivacyRequest(soci::session& sql, const std::string& org_id,
                          const std::string& email_hash, const PrivacyRequest& request);
std::vector<PrivacyRequest> LoadPrivacyRequests(soci::session& sql, const std::string& org_id);

}  // namespace strata::contacts::store
