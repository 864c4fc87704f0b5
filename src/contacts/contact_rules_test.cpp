#include "contacts/contact_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::contacts {
namespace {

bool HasProblem(const std::vector<core::FieldError>& problems, const std::string& field) {
  return std::ranges::any_of(
      problems, [&](const core::FieldError& problem) { return problem.field == field; });
}

TEST(NormaliseContact, TrimsAndNormalisesEveryField) {
  ContactFields fields{.email = "  Anna.Berg@Example.COM ",
                       .first_name = " Anna ",
                       .last_name = "Berg",
                       .company = " Nordwind GmbH ",
                       .phone = "030 12345678",
                       .country = "de",
                       .attributes = {{"industry", " Retail "}}};
  EXPECT_TRUE(NormaliseContact(fields).empty());
  EXPECT_EQ(fields.email, "anna.berg@example.com");
  EXPECT_EQ(fields.first_name, "Anna");
  EXPECT_EQ(fields.company, "Nordwind GmbH");
  EXPECT_EQ(fields.phone, "+493012345678");
  EXPECT_EQ(fields.country, "DE");
  EXPECT_EQ(fields.attributes.at("industry"), "Retail");
}

TEST(NormaliseContact, ReadsAnInternationalNumberWithoutACountry) {
  ContactFields fields{.email = "sam@example.com", .phone = "+1 (415) 555-0100"};
  EXPECT_TRUE(NormaliseContact(fields).empty());
  EXPECT_EQ(fields.phone, "+14155550100");
}

TEST(NormaliseContact, NamesEveryProblem) {
  ContactFields fields{.email = "not an address",
                       .first_name = std::string(201, 'a'),
                       .phone = "12",
                       .country = "XX",
                       .attributes = {{"Bad Key", "x"}, {"ok", "line\nbreak"}}};
  const auto problems = NormaliseContact(fields);
  EXPECT_TRUE(HasProblem(problems, "email"));
  EXPECT_TRUE(HasProblem(problems, "first_name"));
  EXPECT_TRUE(HasProblem(problems, "phone"));
  EXPECT_TRUE(HasProblem(problems, "country"));
  EXPECT_TRUE(HasProblem(problems, "attributes"));
  EXPECT_TRUE(HasProblem(problems, "attributes.ok"));
}

TEST(NormaliseContact, SaysTextIsNotAPhoneNumber) {
  for (const char* text : {"call me", "n/a", "12"}) {
    ContactFields fields{.email = "sam@example.com", .phone = text};
    const auto problems = NormaliseContact(fields);
    ASSERT_EQ(problems.size(), 1U) << text;
    EXPECT_EQ(problems[0].message, "is not a phone number") << text;
  }
}

TEST(NormaliseContact, AsksForTheCountryOfANationalNumber) {
  ContactFields fields{.email = "sam@example.com", .phone = "0301234567"};
  const auto problems = NormaliseContact(fields);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].field, "phone");
  EXPECT_NE(problems[0].message.find("country"), std::string::npos);
}

TEST(CheckConsent, NeedsTheWordingOfAConsent) {
  const core::Timestamp now = core::Timestamp::Now();
  ConsentInput input{.purpose = "email_marketing"};
  EXPECT_TRUE(HasProblem(CheckConsent(input, now), "text"));
  input.text = "Yes, send me news from Nordwind and its vendors.";
  EXPECT_TRUE(CheckConsent(input, now).empty());
  EXPECT_EQ(input.given_at, now);
  ConsentInput interest{.purpose = "email_marketing", .basis = Basis::kLegitimateInterests};
  EXPECT_TRUE(CheckConsent(interest, now).empty()) << "no wording is shown for an interest";
}

TEST(CheckConsent, RefusesBadEvidence) {
  const core::Timestamp now = core::Timestamp::Now();
  ConsentInput input{.purpose = "Email Marketing",
                     .text = "yes",
                     .given_at = now + 3600 * core::kMicrosPerSecond,
                     .ip = "300.1.1.1",
                     .expires_at = now};
  const auto problems = CheckConsent(input, now);
  EXPECT_TRUE(HasProblem(problems, "purpose"));
  EXPECT_TRUE(HasProblem(problems, "given_at"));
  EXPECT_TRUE(HasProblem(problems, "ip"));
  EXPECT_TRUE(HasProblem(problems, "expires_at"));
  ConsentInput v6{.purpose = "email_marketing", .text = "yes", .ip = "2001:db8::1"};
  EXPECT_TRUE(CheckConsent(v6, now).empty());
}

TEST(Filter, RoundTripsThroughJson) {
  ContactFilter filter{.text = "berg",
                       .countries = {"DE", "AT"},
                       .consent = ConsentState::kGranted,
                       .suppressed = false,
                       .created_after = core::Timestamp::FromSeconds(1'700'000'000),
                       .attributes = {{"industry", "retail"}}};
  auto parsed = ParseFilter(FilterJson(filter), "");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->text, "berg");
  EXPECT_EQ(parsed->countries, (std::vector<std::string>{"DE", "AT"}));
  EXPECT_EQ(parsed->consent, ConsentState::kGranted);
  EXPECT_EQ(parsed->suppressed, false);
  EXPECT_EQ(parsed->created_after, filter.created_after);
  EXPECT_EQ(parsed->attributes, filter.attributes);
  EXPECT_TRUE(ContactFilter{}.empty());
  EXPECT_FALSE(parsed->empty());
}

TEST(Filter, NamesTheBadCondition) {
  auto parsed = ParseFilter(json::object{{"countries", json::array{"Germany"}},
                                         {"consent", "maybe"},
                                         {"created_after", "yesterday"}},
                            "filter.");
  ASSERT_FALSE(parsed);
  const auto& problems = parsed.error().fields;
  EXPECT_TRUE(HasProblem(problems, "filter.countries"));
  EXPECT_TRUE(HasProblem(problems, "filter.consent"));
  EXPECT_TRUE(HasProblem(problems, "filter.created_after"));
}

TEST(MaskEmail, KeepsTheFirstLetterAndTheDomain) {
  EXPECT_EQ(MaskEmail("anna.berg@example.com"), "a***@example.com");
  EXPECT_EQ(MaskEmail("broken"), "***");
}

}  // namespace
}  // namespace strata::contacts
