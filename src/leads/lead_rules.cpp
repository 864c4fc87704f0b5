#include "leads/lead_rules.h"

#include <algorithm>

#include "contacts/contact_rules.h"
#include "core/email.h"
#include "core/text.h"
#include "matching/matching.h"

namespace strata::leads {

core::Status MayWrite(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) {
    return core::Error::Invalid("leads belong to an organisation");
  }
  if (!actor.HasRole(access::Role::kMember))
    return core::Error{core::Errc::kForbidden, "viewers cannot change leads", {}};
  return core::Ok();
}

core::Status MayRead(const access::Actor& actor) {
  if (actor.is_system() || actor.org_id().empty()) {
    return core::Error::Invalid("leads belong to an organisation");
  }
  return core::Ok();
}

namespace {

constexpr std::size_t kMaxText = 200;
constexpr std::size_t kMaxNotes = 5000;

void CheckText(std::string& value, const std::string& field, std::size_t max_size,
               std::vector<core::FieldError>& problems) {
  value = core::Trim(value);
  if (value.size() > max_size) {
    problems.push_back({field, "must be at most " + std::to_string(max_size) + " characters"});
  }
}

}  // namespace

std::vector<core::FieldError> CheckFields(LeadFields& fields) {
  std::vector<core::FieldError> problems;
  CheckText(fields.company, "company", kMaxText, problems);
  if (fields.company.empty()) problems.push_back({"company", "is required"});
  CheckText(fields.contact.name, "contact.name", kMaxText, problems);
  fields.contact.email = core::Trim(fields.contact.email);
  if (!fields.contact.email.empty()) {
    if (auto email = core::NormaliseEmail(fields.contact.email)) {
      fields.contact.email = *email;
    } else {
      problems.push_back({"contact.email", "is not an email address"});
    }
  }
  if (fields.contact.name.empty() && fields.contact.email.empty()) {
    problems.push_back({"contact.name", "give the contact's name or email address"});
  }
  fields.country = core::Trim(fields.country);
  std::transform(fields.country.begin(), fields.country.end(), fields.country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (fields.country.empty()) {
    problems.push_back({"country", "is required: a two-letter country code such as DE"});
  } else if (!contacts::IsCountryCode(fields.country)) {
    problems.push_back({"country", "must be a two-letter country code such as DE"});
  }
  fields.contact.phone = core::Trim(fields.contact.phone);
  if (!fields.contact.phone.empty()) {
    const bool country_ok = contacts::IsCountryCode(fields.country);
    if (auto phone =
            contacts::NormalisePhone(fields.contact.phone, country_ok ? fields.country : "")) {
      fields.contact.phone = *phone;
    } else {
      problems.push_back({"contact.phone", "is not a phone number"});
    }
  }
  CheckText(fields.region, "region", 100, problems);
  CheckText(fields.product, "product", 100, problems);
  CheckText(fields.notes, "notes", kMaxNotes, problems);
  return problems;
}

std::set<std::string> IndexKeysOf(const LeadFields& fields) {
  std::set<std::string> keys;
  for (auto& key : matching::IndexKeys(matching::Describe(fields.company, "", fields.country))) {
    keys.insert("c:" + key);
  }
  if (!fields.contact.email.empty()) keys.insert("e:" + fields.contact.email);
  return keys;
}

std::set<std::string> LookupKeysOf(const LeadFields& fields) {
  std::set<std::string> keys;
  for (auto& key : matching::LookupKeys(matching::Describe(fields.company, "", fields.country))) {
    keys.insert("c:" + key);
  }
  if (!fields.contact.email.empty()) keys.insert("e:" + fields.contact.email);
  return keys;
}

std::optional<core::FieldError> CheckRegion(const access::Actor& actor, const LeadFields& fields) {
  const auto& regions = actor.scopes().regions;
  if (regions.empty() ||
      std::find(regions.begin(), regions.end(), fields.region) != regions.end()) {
    return std::nullopt;
  }
  return core::FieldError{"region",
                          "must be one of your regions: " + core::JoinList(regions, ", ")};
}

}  // namespace strata::leads
