// Leads over HTTP: a vendor routes a lead by its rules, the partner accepts, works and converts
// it, and nobody else learns of it.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "test_app.h"

namespace strata::api_testing {
namespace {

class LeadsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = app_.SignUp("vera@initech.test", {"vendor"}, "Initech");
    other_vendor_ = app_.SignUp("uma@umbrella.test", {"vendor"}, "Umbrella");
    alpha_ = app_.SignUp("alma@alpha.test", {"reseller"}, "Alpha Systems");
    beta_ = app_.SignUp("ben@beta.test", {"reseller"}, "Beta Networks");
    vendor_id_ = Id(vendor_.body.at("org"));
    alpha_id_ = Id(alpha_.body.at("org"));
    beta_id_ = Id(beta_.body.at("org"));
    Connect(vendor_, alpha_);
    Connect(vendor_, beta_);
    Connect(other_vendor_, beta_);
  }

  static std::string Id(const json::value& object) {
    return std::string(object.at("id").as_string());
  }

  void Connect(const SignedIn& vendor, const SignedIn& reseller) {
    auto invited = app_.Call(vendor, "POST", "/api/v1/relationships",
                             json::serialize(json::object{{"org_id", Id(reseller.body.at("org"))},
                                                          {"kind", "reseller"}}));
    ASSERT_EQ(invited.status, 201) << invited.body;
    auto accepted = app_.Call(reseller, "POST",
                              "/api/v1/relationships/" + Id(invited.Json()) + "/accept", "{}");
    ASSERT_EQ(accepted.status, 200) << accepted.body;
  }

  std::string CreateLead(const SignedIn& who, const std::string& company,
                         const std::string& country) {
    auto created = app_.Call(
        who, "POST", "/api/v1/leads",
        json::serialize(json::object{{"company", company},
                                     {"contact", json::object{{"name", "Hank Scorpio"},
                                                              {"email", "hank@globex.example"},
                                                              {"phone", "+49 30 1234567"}}},
                                     {"country", country},
                                     {"notes", "Fifty seats"}}));
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? Id(created.Json()) : "";
  }

  TestApp app_;
  SignedIn vendor_;
  SignedIn other_vendor_;
  SignedIn alpha_;
  SignedIn beta_;
  std::string vendor_id_;
  std::string alpha_id_;
  std::string beta_id_;
};

TEST_F(LeadsApiTest, ALeadRoutedByCountryIsAcceptedWorkedAndRegisteredInOneFlow) {
  auto rule = app_.Call(vendor_, "PUT", "/api/v1/lead-routing/partners/" + alpha_id_,
                        R"({"countries":["DE","AT"],"products":[],"capacity":10})");
  ASSERT_EQ(rule.status, 200) << rule.body;
  auto other_rule = app_.Call(vendor_, "PUT", "/api/v1/lead-routing/partners/" + beta_id_,
                              R"({"countries":["FR"]})");
  ASSERT_EQ(other_rule.status, 200) << other_rule.body;
  const std::string lead = CreateLead(vendor_, "Globex GmbH", "DE");

  auto routed =
      app_.Call(vendor_, "POST", "/api/v1/leads/" + lead + "/distribute", R"({"sla_hours":24})");
  ASSERT_EQ(routed.status, 200) << routed.body;
  const json::value sent = routed.Json();
  EXPECT_EQ(sent.at("status").as_string(), "offered");
  EXPECT_EQ(Id(sent.at("partner")), alpha_id_);
  EXPECT_EQ(sent.at("offers").at(0).at("routed_by").as_string(), "country");

  auto inbox = app_.Call(alpha_, "GET", "/api/v1/leads");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  const json::value items = inbox.Json().at("items");
  ASSERT_EQ(items.as_array().size(), 1U);
  EXPECT_EQ(items.at(0).at("origin_org_id").as_string(), vendor_id_);
  EXPECT_EQ(items.at(0).at("offer_state").as_string(), "offered");
  EXPECT_EQ(app_.Call(beta_, "GET", "/api/v1/leads/" + lead).status, 404);
  // The partner's members hear of it by mail too, once the job queue sends it.
  std::string mail;
  for (int tries = 0; tries < 50 && mail.find("Globex GmbH") == std::string::npos; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mail = app_.LatestMailTo("alma@alpha.test");
  }
  EXPECT_NE(mail.find("New lead from Initech: Globex GmbH"), std::string::npos) << mail;
  EXPECT_NE(mail.find("/leads/" + lead), std::string::npos) << mail;
  EXPECT_EQ(app_.LatestMailTo("ben@beta.test").find("Globex"), std::string::npos);

  ASSERT_EQ(app_.Call(alpha_, "POST", "/api/v1/leads/" + lead + "/accept", "{}").status, 200);
  auto note = app_.Call(alpha_, "POST", "/api/v1/leads/" + lead + "/activities",
                        R"({"kind":"call","body":"Spoke to Hank; budget approved"})");
  ASSERT_EQ(note.status, 201) << note.body;
  auto qualified = app_.Call(alpha_, "PATCH", "/api/v1/leads/" + lead, R"({"status":"qualified"})");
  ASSERT_EQ(qualified.status, 200) << qualified.body;
  auto converted = app_.Call(alpha_, "POST", "/api/v1/leads/" + lead + "/convert",
                             json::serialize(json::object{
                                 {"vendor_id", vendor_id_},
                                 {"submit", true},
                                 {"amount", json::object{{"minor", 4200000}, {"currency", "EUR"}}},
                                 {"shared_notes", "Fifty seats, two sites"}}));
  ASSERT_EQ(converted.status, 201) << converted.body;
  const std::string deal_id(converted.Json().at("deal_id").as_string());

  auto seen = app_.Call(vendor_, "GET", "/api/v1/leads/" + lead);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const json::value at_vendor = seen.Json();
  EXPECT_EQ(at_vendor.at("status").as_string(), "qualified");
  EXPECT_EQ(at_vendor.at("deal_id").as_string(), deal_id);
  EXPECT_EQ(seen.body.find("budget approved"), std::string::npos)
      << "the partner's call stays its own";
  auto deal = app_.Call(vendor_, "GET", "/api/v1/deals/" + deal_id);
  ASSERT_EQ(deal.status, 200) << deal.body;

  // Nobody else learns of the lead or the registration.
  for (const SignedIn* stranger : {&beta_, &other_vendor_}) {
    EXPECT_EQ(app_.Call(*stranger, "GET", "/api/v1/leads/" + lead).status, 404);
    EXPECT_EQ(app_.Call(*stranger, "GET", "/api/v1/deals/" + deal_id).status, 404);
    EXPECT_TRUE(app_.Call(*stranger, "GET", "/api/v1/leads").Json().at("items").as_array().empty());
  }
  auto stats = app_.Call(vendor_, "GET", "/api/v1/lead-stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  const json::value rows = stats.Json().at("items");
  ASSERT_EQ(rows.as_array().size(), 1U);
  EXPECT_EQ(rows.at(0).at("accepted").as_int64(), 1);
  EXPECT_EQ(rows.at(0).at("converted").as_int64(), 1);
}

TEST_F(LeadsApiTest, BadInputNamesTheFieldsAndAnExportIsACsvOfTheInbox) {
  auto bad = app_.Call(alpha_, "POST", "/api/v1/leads",
                       R"({"company":"","contact":{"email":"nope"},"country":"Germany"})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields;
  const json::value problem = bad.Json();
  for (const auto& [field, message] : problem.at("errors").as_object()) fields.emplace(field);
  EXPECT_EQ(fields, (std::set<std::string>{"company", "contact.email", "country"}));
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/leads?status=maybe").status, 400);

  CreateLead(alpha_, "Acme, \"Rockets\" & Co", "DE");
  const std::string lead = CreateLead(vendor_, "=HYPERLINK(\"x\")", "DE");
  auto direct = app_.Call(vendor_, "POST", "/api/v1/leads/" + lead + "/distribute",
                          json::serialize(json::object{{"partner_id", alpha_id_}}));
  ASSERT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(direct.Json().at("offers").at(0).at("routed_by").as_string(), "manual");
  EXPECT_EQ(app_.Call(vendor_, "POST", "/api/v1/leads/" + lead + "/distribute",
                      json::serialize(json::object{{"partner_id", alpha_id_}}))
                .status,
            409)
      << "the lead is with the partner already";

  auto csv = app_.Call(alpha_, "GET", "/api/v1/leads?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("\"Acme, \"\"Rockets\"\" & Co\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("'=HYPERLINK"), std::string::npos) << "formulas are neutralised";
  EXPECT_NE(csv.body.find("Initech"), std::string::npos) << "who sent it";
}

TEST_F(LeadsApiTest, AnImportIsPreviewedMappedAndStoredAllOrNothing) {
  CreateLead(alpha_, "Globex GmbH", "DE");
  const std::string csv =
      "Firma;Ansprechpartner;E-Mail;Land;Interesse\r\n"
      "Initech AG;Bill Lumbergh;bill@initech.example;DE;Storage\r\n"
      "GLOBEX GmbH;Hank;hank2@globex.example;DE;Networking\r\n"
      "Initech AG;Peter;peter@initech.example;de;Storage\r\n";
  auto preview =
      app_.CallTyped(alpha_, "POST", "/api/v1/lead-imports?preview=true", csv, "text/csv");
  ASSERT_EQ(preview.status, 200) << preview.body;
  const json::value shown = preview.Json();
  EXPECT_EQ(shown.at("delimiter").as_string(), ";");
  EXPECT_EQ(shown.at("suggested_mapping").at("company").as_string(), "Firma");
  EXPECT_EQ(shown.at("suggested_mapping").at("contact.email").as_string(), "E-Mail");
  EXPECT_EQ(shown.at("preview").as_array().size(), 3U);
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/leads").Json().at("items").as_array().size(), 1U)
      << "a preview stores nothing";

  // A bad row anywhere stores nothing, and the report names the line and the column.
  auto bad = app_.CallTyped(alpha_, "POST", "/api/v1/lead-imports?map.product=Interesse",
                            csv + "Umbrella;Alice;not-an-address;Narnia;\r\n", "text/csv");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("\"line\":5"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("E-Mail is not an email address"), std::string::npos) << bad.body;
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/leads").Json().at("items").as_array().size(), 1U);
  auto unmapped =
      app_.CallTyped(alpha_, "POST", "/api/v1/lead-imports?map.company=Company", csv, "text/csv");
  EXPECT_EQ(unmapped.status, 400) << unmapped.body;

  auto imported = app_.CallTyped(alpha_, "POST", "/api/v1/lead-imports", csv, "text/csv");
  ASSERT_EQ(imported.status, 201) << imported.body;
  const json::value outcome = imported.Json();
  EXPECT_EQ(outcome.at("created").as_int64(), 3);
  const json::value& duplicates = outcome.at("duplicates");
  ASSERT_EQ(duplicates.as_array().size(), 2U) << imported.body;
  EXPECT_EQ(duplicates.at(0).at("line").as_int64(), 3) << "Globex is held already";
  EXPECT_FALSE(duplicates.at(0).at("lead_id").is_null());
  EXPECT_EQ(duplicates.at(1).at("same_as_line").as_int64(), 2) << "Initech twice in the file";
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/leads").Json().at("items").as_array().size(), 4U);
  EXPECT_TRUE(app_.Call(beta_, "GET", "/api/v1/leads").Json().at("items").as_array().empty());
}

}  // namespace
}  // namespace strata::api_testing
