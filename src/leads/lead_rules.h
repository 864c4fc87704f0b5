#pragma once

// The checks every way of writing a lead shares (the service, the import): for lead_service.cpp
// and lead_import.cpp only.

#include <set>
#include <string>
#include <vector>

#include "access/actor.h"
#include "core/error.h"
#include "leads/leads.h"

namespace soci {
class session;
}

namespace strata::leads {

// Members write leads; viewers read them; the system has no organisation to hold any.
core::Status MayWrite(const access::Actor& actor);
core::Status MayRead(const access::Actor& actor);

// Trims and normalises the fields (the address in lower case, the phone in E.164, the country in
// upper case); names every problem by its field ("contact.email").
std::vector<core::FieldError> CheckFields(LeadFields& fields);

// A member scoped to regions keeps leads in them: the problem when `fields` is outside.
std::optional<core::FieldError> CheckRegion(const access::Actor& actor, const LeadFields& fields);

// The keys an organisation holding a lead finds its possible duplicates by (the company's
// matching keys and the contact's address), and those to look duplicates up with.
std::set<std::string> IndexKeysOf(const LeadFields& fields);
std::set<std::string> LookupKeysOf(const LeadFields& fields);

namespace store {
struct Stored;
}

// Sends a lead's change to the systems of the organisations that hold it (webhooks), inside the
// caller's transaction, each with its own view: the owner gets `kind`; the partner holding it
// `kind` too, or "lead.offered" when it has just `arrived`; a partner the lead has just left
// "lead.withdrawn" with its id only.
void PublishChange(soci::session& sql, const store::Stored& lead, const std::string& kind,
                   const std::optional<std::string>& left_partner = std::nullopt,
                   bool arrived = false);

}  // namespace strata::leads
