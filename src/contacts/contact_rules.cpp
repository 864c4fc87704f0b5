#include "contacts/contact_rules.h"

#include <arpa/inet.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <set>

#include "core/email.h"
#include "core/text.h"

namespace strata::contacts {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxAttributes = 50;
constexpr std::size_t kMaxAttributeKey = 40;
constexpr std::size_t kMaxAttributeValue = 1000;

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// A key of lower-case letters, digits and underscores, starting with a letter.
bool IsSlug(const std::string& text, std::size_t max_size) {
  if (text.empty() || text.size() > max_size || !(text[0] >= 'a' && text[0] <= 'z')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void CheckText(std::string& value, const char* field, std::size_t max_size,
               std::vector<core::FieldError>& problems) {
  value = core::Trim(value);
  if (value.size() > max_size) {
    problems.push_back({field, "must be at most " + std::to_string(max_size) + " characters"});
  } else if (value.find_first_of(std::string("\0\r\n", 3)) != std::string::npos) {
    problems.push_back({field, "must be one line of text"});
  }
}

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::optional<core::Timestamp> TimeMember(const json::object& object, const char* key,
                                          const std::string& prefix,
                                          std::vector<core::FieldError>& problems) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) {
    if (auto time = core::Timestamp::ParseIso8601(value->as_string())) return time;
  }
  problems.push_back({prefix + key, "must be a date and time such as 2026-01-31T00:00:00Z"});
  return std::nullopt;
}

}  // namespace

bool IsCountryCode(const std::string& code) {
  static const std::set<std::string> regions = [] {
    std::set<std::string> all;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&all);
    return all;
  }();
  return regions.contains(code);
}

std::optional<std::string> NormalisePhone(const std::string& phone, const std::string& country) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const std::string region = country.empty() ? "ZZ" : country;
  if (util.Parse(phone, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsPossibleNumber(number)) {
    return std::nullopt;
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

std::vector<core::FieldError> NormaliseContact(ContactFields& fields) {
  std::vector<core::FieldError> problems;
  if (core::Trim(fields.email).empty()) {
    problems.push_back({"email", "is required"});
  } else if (auto email = core::NormaliseEmail(fields.email)) {
    fields.email = *email;
  } else {
    problems.push_back({"email", "is not an email address"});
  }
  CheckText(fields.first_name, "first_name", kMaxName, problems);
  CheckText(fields.last_name, "last_name", kMaxName, problems);
  CheckText(fields.company, "company", kMaxName, problems);
  CheckText(fields.title, "title", kMaxName, problems);
  CheckText(fields.region, "region", 100, problems);
  fields.country = Upper(core::Trim(fields.country));
  if (!fields.country.empty() && !IsCountryCode(fields.country)) {
    problems.push_back({"country", "must be a two-letter country code such as DE"});
  }
  fields.phone = core::Trim(fields.phone);
  if (!fields.phone.empty()) {
    const bool country_ok = fields.country.empty() || IsCountryCode(fields.country);
    if (auto phone = NormalisePhone(fields.phone, country_ok ? fields.country : "")) {
      fields.phone = *phone;
    } else if (fields.phone.size() > 50 ||
               std::count_if(fields.phone.begin(), fields.phone.end(),
                             [](unsigned char c) { return std::isdigit(c) != 0; }) < 3) {
      // Text such as "call me" or "n/a": asking for a country code would suggest the wrong fix.
      problems.push_back({"phone", "is not a phone number"});
    } else {
      problems.push_back(
          {"phone", fields.phone.starts_with('+') || !fields.country.empty()
                        ? "is not a phone number"
                        : "needs the country code (+49 …) or the contact's country"});
    }
  }
  if (fields.attributes.size() > kMaxAttributes) {
    problems.push_back(
        {"attributes", "may hold at most " + std::to_string(kMaxAttributes) + " attributes"});
  }
  for (auto& [key, value] : fields.attributes) {
    if (!IsSlug(key, kMaxAttributeKey)) {
      problems.push_back({"attributes",
                          "names must be lower-case letters, digits and _ (at most 40), starting "
                          "with a letter: " +
                              key.substr(0, 60)});
      continue;
    }
    CheckText(value, ("attributes." + key).c_str(), kMaxAttributeValue, problems);
  }
  return problems;
}

void ApplyChanges(const ContactChanges& changes, ContactFields& fields) {
  if (changes.email) fields.email = *changes.email;
  if (changes.first_name) fields.first_name = *changes.first_name;
  if (changes.last_name) fields.last_name = *changes.last_name;
  if (changes.company) fields.company = *changes.company;
  if (changes.title) fields.title = *changes.title;
  if (changes.phone) fields.phone = *changes.phone;
  if (changes.country) fields.country = *changes.country;
  if (changes.region) fields.region = *changes.region;
  if (changes.attributes) fields.attributes = *changes.attributes;
}

std::vector<core::FieldError> CheckConsent(ConsentInput& input, core::Timestamp now) {
  std::vector<core::FieldError> problems;
  input.purpose = core::Trim(input.purpose);
  if (!IsSlug(input.purpose, 60)) {
    problems.push_back({"purpose",
                        "must be a name of lower-case letters, digits and _ such as "
                        "email_marketing"});
  }
  if (input.action == ConsentAction::kErased) {
    problems.push_back({"action", "must be granted or withdrawn"});
  }
  input.text = core::Trim(input.text);
  if (input.text.size() > 10000) problems.push_back({"text", "must be at most 10,000 characters"});
  if (input.action == ConsentAction::kGranted && input.basis == Basis::kConsent &&
      input.text.empty()) {
    problems.push_back({"text", "is required for a consent: the exact wording the person saw"});
  }
  input.ip = core::Trim(input.ip);
  if (!input.ip.empty() && !IsIpAddress(input.ip)) {
    problems.push_back({"ip", "must be an IPv4 or IPv6 address"});
  }
  CheckText(input.form, "form", 500, problems);
  if (!input.given_at) input.given_at = now;
  if (*input.given_at > now + std::int64_t{5} * 60 * core::kMicrosPerSecond) {
    problems.push_back({"given_at", "must not be in the future"});
  }
  if (input.expires_at && *input.expires_at <= *input.given_at) {
    problems.push_back({"expires_at", "must be after the consent was given"});
  }
  if (input.expires_at && input.action == ConsentAction::kWithdrawn) {
    problems.push_back({"expires_at", "applies to a consent given, not to a withdrawal"});
  }
  std::sort(input.controllers.begin(), input.controllers.end());
  input.controllers.erase(std::unique(input.controllers.begin(), input.controllers.end()),
                          input.controllers.end());
  if (input.controllers.size() > 50) {
    problems.push_back({"controllers", "may name at most 50 organisations"});
  }
  return problems;
}

bool ContactFilter::empty() const {
  return text.empty() && countries.empty() && company.empty() && !list_id && !consent &&
         !suppressed && !created_after && !created_before && !active_since && !inactive_since &&
         attributes.empty();
}

json::object FilterJson(const ContactFilter& filter) {
  json::object object;
  if (!filter.text.empty()) object["q"] = filter.text;
  if (!filter.countries.empty()) {
    json::array countries;
    for (const auto& country : filter.countries) countries.emplace_back(country);
    object["countries"] = std::move(countries);
  }
  if (!filter.company.empty()) object["company"] = filter.company;
  if (filter.list_id) object["list_id"] = *filter.list_id;
  if (filter.consent) object["consent"] = ConsentStateName(*filter.consent);
  if (filter.suppressed) object["suppressed"] = *filter.suppressed;
  const auto time = [&](const char* key, const std::optional<core::Timestamp>& value) {
    if (value) object[key] = value->ToIso8601();
  };
  time("created_after", filter.created_after);
  time("created_before", filter.created_before);
  time("active_since", filter.active_since);
  time("inactive_since", filter.inactive_since);
  if (!filter.attributes.empty()) {
    json::object attributes;
    for (const auto& [key, value] : filter.attributes) attributes[key] = value;
    object["attributes"] = std::move(attributes);
  }
  return object;
}

core::Result<ContactFilter> ParseFilter(const json::object& object, const std::string& prefix) {
  std::vector<core::FieldError> problems;
  ContactFilter filter;
  const auto text = [&](const char* key, std::string& into) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return;
    if (!value->is_string() || value->as_string().size() > 200) {
      problems.push_back({prefix + key, "must be a string of at most 200 characters"});
      return;
    }
    into = core::Trim(std::string(value->as_string()));
  };
  text("q", filter.text);
  text("company", filter.company);
  if (const json::value* countries = object.if_contains("countries");
      countries != nullptr && !countries->is_null()) {
    if (!countries->is_array()) {
      problems.push_back({prefix + "countries", "must be a list of country codes"});
    } else {
      for (const auto& country : countries->as_array()) {
        const std::string code = country.is_string() ? Upper(std::string(country.as_string())) : "";
        if (!IsCountryCode(code)) {
          problems.push_back({prefix + "countries", "must be two-letter country codes such as DE"});
          break;
        }
        filter.countries.push_back(code);
      }
    }
  }
  if (const json::value* list = object.if_contains("list_id");
      list != nullptr && !list->is_null()) {
    if (list->is_string()) {
      filter.list_id = std::string(list->as_string());
    } else {
      problems.push_back({prefix + "list_id", "must be a list's id"});
    }
  }
  if (const json::value* consent = object.if_contains("consent");
      consent != nullptr && !consent->is_null()) {
    if (consent->is_string()) filter.consent = ParseConsentState(consent->as_string());
    if (!filter.consent) {
      problems.push_back({prefix + "consent", "must be none, granted, expired or withdrawn"});
    }
  }
  if (const json::value* suppressed = object.if_contains("suppressed");
      suppressed != nullptr && !suppressed->is_null()) {
    if (suppressed->is_bool()) {
      filter.suppressed = suppressed->as_bool();
    } else {
      problems.push_back({prefix + "suppressed", "must be true or false"});
    }
  }
  filter.created_after = TimeMember(object, "created_after", prefix, problems);
  filter.created_before = TimeMember(object, "created_before", prefix, problems);
  filter.active_since = TimeMember(object, "active_since", prefix, problems);
  filter.inactive_since = TimeMember(object, "inactive_since", prefix, problems);
  if (const json::value* attributes = object.if_contains("attributes");
      attributes != nullptr && !attributes->is_null()) {
    const json::object* pairs = attributes->if_object();
    if (pairs == nullptr || pairs->size() > 10) {
      problems.push_back(
          {prefix + "attributes", "must be an object of at most 10 names and values"});
    } else {
      for (const auto& [key, value] : *pairs) {
        if (!IsSlug(std::string(key), kMaxAttributeKey) || !value.is_string()) {
          problems.push_back({prefix + "attributes", "must map attribute names to strings"});
          break;
        }
        filter.attributes[std::string(key)] = std::string(value.as_string());
      }
    }
  }
  if (!problems.empty()) return core::Error::Invalid("check the filter", std::move(problems));
  return filter;
}

std::string MaskEmail(const std::string& email) {
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0) return "***";
  return email.substr(0, 1) + "***" + email.substr(at);
}

}  // namespace strata::contacts
