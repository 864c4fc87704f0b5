#pragma once

#include <string>
#include <vector>

#include "contacts/contacts.h"
#include "core/error.h"
#include "core/json.h"

namespace strata::contacts {

// Trims and normalises a contact (the address in lower case, the phone in E.164, the country in
// upper case) and answers every problem, per field: "email", "first_name", "last_name",
// "company", "title", "phone", "country", "region", "attributes" (or "attributes.KEY").
std::vector<core::FieldError> NormaliseContact(ContactFields& fields);

// A phone number as typed ("030 1234567", "+1 (415) 555-0100") in E.164, read in the country's
// numbering plan when it has no + prefix; nullopt when it is not a possible number.
std::optional<std::string> NormalisePhone(const std::string& phone, const std::string& country);

// Whether `code` is an ISO 3166-1 alpha-2 code in upper case that has a numbering plan.
bool IsCountryCode(const std::string& code);

// Puts each field the changes give into `fields`.
void ApplyChanges(const ContactChanges& changes, ContactFields& fields);

// Checks a consent row before it is recorded: a known purpose slug, a text for a consent, an
// expiry after the time it was given, an IP address that is one. Per-field problems.
std::vector<core::FieldError> CheckConsent(ConsentInput& input, core::Timestamp now);

// A filter as stored in a segment and sent over the API, and back.
json::object FilterJson(const ContactFilter& filter);
core::Result<ContactFilter> ParseFilter(const json::object& object, const std::string& prefix);

// "a***@example.com": enough to recognise an address in a log without keeping it.
std::string MaskEmail(const std::string& email);

}  // namespace strata::contacts
