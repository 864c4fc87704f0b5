#include "deals/deal_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::deals {
namespace {

bool Names(const std::vector<core::FieldError>& problems, const std::string& field) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const core::FieldError& problem) { return problem.field == field; });
}

DealFields Complete() {
  DealFields fields;
  fields.vendor_id = "v";
  fields.customer = {"Globex Corporation", "https://globex.com", "de", "EMEA", "Hauptstr. 1"};
  fields.contact = {"Hank Scorpio", "Hank@Globex.com", "+49 30 1234-5"};
  fields.amount_minor = 1'250'000;
  fields.currency = "EUR";
  fields.expected_close = "2027-03-31";
  fields.lines = {{"SKU-1", "Widget", 10, 1'250'000}};
  fields.shared_notes = "Budget approved";
  return fields;
}

TEST(CheckFieldsTest, AcceptsACompleteDealAndNormalisesCountryAndEmail) {
  DealFields fields = Complete();
  EXPECT_TRUE(CheckFields(fields).empty());
  EXPECT_EQ(fields.customer.country, "DE");
  EXPECT_EQ(fields.contact.email, "hank@globex.com");
}

TEST(CheckFieldsTest, NamesEveryWrongField) {
  DealFields fields = Complete();
  fields.customer.country = "Germany";
  fields.customer.website = "globex .com";
  fields.contact.email = "not an address";
  fields.contact.phone = "call me";
  fields.currency = "EURO";
  fields.expected_close = "2027-02-30";
  fields.lines = {{"", "", 0, -1}};
  fields.shared_notes = std::string(5001, 'x');
  const auto problems = CheckFields(fields);
  for (const char* field : {"customer.country", "customer.website", "contact.email",
                            "contact.phone", "amount.currency", "expected_close", "lines[0].sku",
                            "lines[0].quantity", "lines[0].amount.minor", "shared_notes"}) {
    EXPECT_TRUE(Names(problems, field)) << field;
  }
}

TEST(CheckFieldsTest, CountsCharactersNotBytes) {
  DealFields fields = Complete();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "株";  // 200 characters, 600 bytes.
  fields.customer.company = name;
  EXPECT_TRUE(CheckFields(fields).empty());
  fields.customer.company += "式";
  EXPECT_TRUE(Names(CheckFields(fields), "customer.company"));
}

TEST(CheckFieldsTest, AnAmountNeedsItsCurrency) {
  DealFields fields = Complete();
  fields.currency.clear();
  EXPECT_TRUE(Names(CheckFields(fields), "amount.currency"));
}

TEST(IsDateTest, OnlyRealDays) {
  EXPECT_TRUE(IsDate("2028-02-29"));
  EXPECT_FALSE(IsDate("2027-02-29"));
  EXPECT_FALSE(IsDate("2027-13-01"));
  EXPECT_FALSE(IsDate("27-01-01"));
  EXPECT_FALSE(IsDate("2027-1-01"));
  EXPECT_FALSE(IsDate("2027-01-0x"));
}

TEST(CheckRegistrationTest, CompanyAndTotalAlwaysThenTheVendorsRequiredFields) {
  DealFields draft;
  draft.customer.company = "  ";
  auto problems = CheckRegistration(draft, Rules{});
  EXPECT_TRUE(Names(problems, "customer.company"));
  EXPECT_TRUE(Names(problems, "amount"));

  Rules rules;
  rules.required_fields = RequirableFields();
  EXPECT_TRUE(CheckRegistration(Complete(), rules).empty());
  DealFields partial = Complete();
  partial.contact = {};
  partial.lines.clear();
  problems = CheckRegistration(partial, rules);
  EXPECT_TRUE(Names(problems, "contact.name"));
  EXPECT_TRUE(Names(problems, "contact.email"));
  EXPECT_TRUE(Names(problems, "lines"));
  EXPECT_FALSE(Names(problems, "customer.website"));
}

TEST(CheckRegistrationTest, MinimumDealSizeInItsOwnCurrency) {
  Rules rules;
  rules.minimum_amount_minor = 2'000'000;
  rules.minimum_currency = "EUR";
  const auto problems = CheckRegistration(Complete(), rules);
  ASSERT_TRUE(Names(problems, "amount"));
  EXPECT_NE(problems.front().message.find("20000.00 EUR"), std::string::npos)
      << problems.front().message;
  DealFields dollars = Complete();
  dollars.currency = "USD";  // No exchange rates: another currency is not compared.
  EXPECT_TRUE(CheckRegistration(dollars, rules).empty());
}

TEST(CheckRulesTest, Bounds) {
  EXPECT_TRUE(CheckRules(Rules{}).empty());
  Rules rules;
  rules.protection_days = 0;
  rules.auto_approve_max_score = 1.5;
  rules.required_fields = {"customer.shoe_size"};
  rules.minimum_amount_minor = 5;
  rules.minimum_currency = "XXQ";
  rules.precheck_per_hour = 0;
  const auto problems = CheckRules(rules);
  for (const char* field : {"protection_days", "auto_approve_max_score", "required_fields",
                            "minimum_amount.currency", "precheck_per_hour"}) {
    EXPECT_TRUE(Names(problems, field)) << field;
  }
}

TEST(DecideTest, TwoTierReviewThenProtection) {
  const auto forwarded = Decide(Reviewer::kDistributor, Decision::kApprove);
  EXPECT_EQ(forwarded.status, Status::kSubmitted);
  EXPECT_EQ(forwarded.review_by, Reviewer::kVendor);
  EXPECT_TRUE(forwarded.reaches_vendor);
  EXPECT_EQ(Decide(Reviewer::kVendor, Decision::kApprove).status, Status::kApproved);
  EXPECT_EQ(Decide(Reviewer::kVendor, Decision::kReject).status, Status::kRejected);
  const auto asked = Decide(Reviewer::kDistributor, Decision::kRequestInfo);
  EXPECT_EQ(asked.status, Status::kInfoRequested);
  EXPECT_EQ(asked.review_by, Reviewer::kDistributor);  // Comes back to the one that asked.
}

TEST(StatusTest, NamesRoundTrip) {
  for (Status status :
       {Status::kDraft, Status::kSubmitted, Status::kInfoRequested, Status::kApproved,
        Status::kRejected, Status::kWon, Status::kLost, Status::kExpired, Status::kWithdrawn}) {
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
  }
  EXPECT_FALSE(ParseStatus("pending"));
}

}  // namespace
}  // namespace strata::deals
