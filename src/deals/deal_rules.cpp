#include "deals/deal_rules.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/email.h"
#include "core/money.h"
#include "identity/identity.h"

namespace strata::deals {
namespace {

// Characters, not bytes: limits are what a person typed.
std::size_t Length(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void Limit(std::vector<core::FieldError>& problems, const std::string& field,
           const std::string& text, std::size_t most) {
  if (Length(text) > most) {
    problems.push_back({field, "must be at most " + std::to_string(most) + " characters"});
  }
}

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

constexpr std::int64_t kMostMinor = 1'000'000'000'000'000;  // 10^15 minor units.

}  // namespace

bool IsDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(text.substr(0, 4))),
                                        std::chrono::month(std::stoul(text.substr(5, 2))),
                                        std::chrono::day(std::stoul(text.substr(8, 2)))};
  return day.ok();
}

std::vector<core::FieldError> CheckFields(DealFields& fields) {
  std::vector<core::FieldError> problems;
  Customer& customer = fields.customer;
  Limit(problems, "customer.company", customer.company, 200);
  Limit(problems, "customer.website", customer.website, 300);
  if (std::any_of(customer.website.begin(), customer.website.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
    problems.push_back({"customer.website", "must be a web address without spaces"});
  }
  if (!customer.country.empty()) {
    if (customer.country.size() != 2 ||
        !std::all_of(customer.country.begin(), customer.country.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
      problems.push_back({"customer.country", "must be a two-letter country code such as DE"});
    } else {
      std::transform(
          customer.country.begin(), customer.country.end(), customer.country.begin(),
          [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    }
  }
  Limit(problems, "customer.region", customer.region, 100);
  Limit(problems, "customer.address", customer.address, 500);
  Limit(problems, "contact.name", fields.contact.name, 200);
  if (!fields.contact.email.empty()) {
    if (auto email = core::NormaliseEmail(fields.contact.email)) {
      fields.contact.email = *email;
    } else {
      problems.push_back({"contact.email", "is not an email address"});
    }
  }
  Limit(problems, "contact.phone", fields.contact.phone, 50);
  if (!std::all_of(fields.contact.phone.begin(), fields.contact.phone.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '+' ||
               c == '(' || c == ')' || c == '-' || c == '.' || c == '/';
      })) {
    problems.push_back({"contact.phone", "may hold digits, spaces and + ( ) - . / only"});
  }
  const bool has_currency = !fields.currency.empty();
  if (has_currency && !core::Currency::Parse(fields.currency)) {
    problems.push_back({"amount.currency", "is not an ISO 4217 currency code such as EUR"});
  }
  if (fields.amount_minor) {
    if (*fields.amount_minor < 0 || *fields.amount_minor > kMostMinor) {
      problems.push_back({"amount.minor", "must be from 0 to 10^15"});
    }
    if (!has_currency) problems.push_back({"amount.currency", "is required with an amount"});
  }
  if (!fields.expected_close.empty() && !IsDate(fields.expected_close)) {
    problems.push_back({"expected_close", "must be a date such as 2027-03-31"});
  }
  if (fields.lines.size() > 200) problems.push_back({"lines", "may hold at most 200 lines"});
  for (std::size_t i = 0; i < fields.lines.size() && i < 200; ++i) {
    const Line& line = fields.lines[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (IsBlank(line.sku)) problems.push_back({at + ".sku", "is required"});
    Limit(problems, at + ".sku", line.sku, 100);
    Limit(problems, at + ".description", line.description, 500);
    if (line.quantity < 1 || line.quantity > 1'000'000'000) {
      problems.push_back({at + ".quantity", "must be from 1 to 1,000,000,000"});
    }
    if (line.amount_minor < 0 || line.amount_minor > kMostMinor) {
      problems.push_back({at + ".amount.minor", "must be from 0 to 10^15"});
    }
    if (!has_currency) problems.push_back({at + ".amount.currency", "needs the deal's currency"});
  }
  Limit(problems, "shared_notes", fields.shared_notes, 5000);
  Limit(problems, "private_notes", fields.private_notes, 5000);
  return problems;
}

std::vector<core::FieldError> CheckRegistration(const DealFields& fields, const Rules& rules) {
  std::vector<core::FieldError> problems;
  if (IsBlank(fields.customer.company)) {
    problems.push_back({"customer.company", "is required to register"});
  }
  if (!fields.amount_minor) problems.push_back({"amount", "is required to register"});
  const auto missing = [&](const std::string& field) {
    const Customer& customer = fields.customer;
    const Contact& contact = fields.contact;
    if (field == "customer.website") return IsBlank(customer.website);
    if (field == "customer.country") return customer.country.empty();
    if (field == "customer.region") return IsBlank(customer.region);
    if (field == "customer.address") return IsBlank(customer.address);
    if (field == "contact.name") return IsBlank(contact.name);
    if (field == "contact.email") return contact.email.empty();
    if (field == "contact.phone") return IsBlank(contact.phone);
    if (field == "expected_close") return fields.expected_close.empty();
    if (field == "lines") return fields.lines.empty();
    if (field == "shared_notes") return IsBlank(fields.shared_notes);
    return false;
  };
  for (const auto& field : rules.required_fields) {
    if (missing(field)) problems.push_back({field, "is required by the vendor"});
  }
  if (rules.minimum_amount_minor && fields.amount_minor &&
      fields.currency == rules.minimum_currency &&
      *fields.amount_minor < *rules.minimum_amount_minor) {
    std::string minimum = std::to_string(*rules.minimum_amount_minor) + " minor units";
    if (auto currency = core::Currency::Parse(rules.minimum_currency)) {
      minimum = core::Money(*rules.minimum_amount_minor, *currency).ToDecimalString();
    }
    problems.push_back({"amount", "is below the vendor's minimum deal size of " + minimum + " " +
                                      rules.minimum_currency});
  }
  return problems;
}

std::vector<core::FieldError> CheckRules(const Rules& rules) {
  std::vector<core::FieldError> problems;
  if (rules.protection_days < 1 || rules.protection_days > 730) {
    problems.push_back({"protection_days", "must be from 1 to 730"});
  }
  if (!(rules.auto_approve_max_score >= 0 && rules.auto_approve_max_score <= 1)) {
    problems.push_back({"auto_approve_max_score", "must be from 0 to 1"});
  }
  const auto& known = RequirableFields();
  for (const auto& field : rules.required_fields) {
    if (std::find(known.begin(), known.end(), field) == known.end()) {
      problems.push_back({"required_fields", "names an unknown field: " + field});
    }
  }
  if (rules.minimum_amount_minor) {
    if (*rules.minimum_amount_minor < 0 || *rules.minimum_amount_minor > kMostMinor) {
      problems.push_back({"minimum_amount.minor", "must be from 0 to 10^15"});
    }
    if (!core::Currency::Parse(rules.minimum_currency)) {
      problems.push_back({"minimum_amount.currency", "is not an ISO 4217 currency code"});
    }
  }
  if (rules.precheck_per_hour < 1 || rules.precheck_per_hour > 1000) {
    problems.push_back({"precheck_per_hour", "must be from 1 to 1000"});
  }
  return problems;
}

Transition Decide(Reviewer reviewer, Decision decision) {
  switch (decision) {
    case Decision::kApprove:
      if (reviewer == Reviewer::kDistributor) return {Status::kSubmitted, Reviewer::kVendor, true};
      return {Status::kApproved, Reviewer::kNone, false};
    case Decision::kReject:
      return {Status::kRejected, Reviewer::kNone, false};
    case Decision::kRequestInfo:
      return {Status::kInfoRequested, reviewer, false};
  }
  return {Status::kRejected, Reviewer::kNone, false};
}

}  // namespace strata::deals
