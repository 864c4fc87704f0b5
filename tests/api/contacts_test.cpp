// The marketing database over HTTP: contacts, consents, suppressions and data-subject requests,
// each organisation's own.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "test_app.h"

namespace strata::api_testing {
namespace {

class ContactsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    partner_ = app_.SignUp("pat@partner.test", {"reseller"}, "Partner Ltd");
    other_ = app_.SignUp("oz@other.test", {"reseller"}, "Other Ltd");
    vendor_ = app_.SignUp("val@vendor.test", {"vendor"}, "Vendor Inc");
  }

  std::string Create(const std::string& body, const SignedIn* who = nullptr) {
    auto created = app_.Call(who ? *who : partner_, "POST", "/api/v1/contacts", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? std::string(created.Json().at("id").as_string()) : "";
  }

  TestApp app_;
  SignedIn partner_;
  SignedIn other_;
  SignedIn vendor_;
};

TEST_F(ContactsApiTest, CreatesReadsAndSearchesContacts) {
  auto created = app_.Call(partner_, "POST", "/api/v1/contacts",
                           R"({"email":" Anna.Berg@Example.com ","first_name":"Anna",)"
                           R"("last_name":"Berg","company":"Nordwind GmbH","country":"de",)"
                           R"("phone":"030 12345678","attributes":{"industry":"retail"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value contact = created.Json();
  EXPECT_EQ(contact.at("email").as_string(), "anna.berg@example.com");
  EXPECT_EQ(contact.at("phone").as_string(), "+493012345678");
  EXPECT_EQ(contact.at("country").as_string(), "DE");
  EXPECT_EQ(contact.at("email_marketing").as_string(), "none");
  const std::string id(contact.at("id").as_string());

  auto found = app_.Call(partner_, "GET", "/api/v1/contacts?q=nordwind&country=DE");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.Json().at("total").as_int64(), 1);
  auto none = app_.Call(partner_, "GET", "/api/v1/contacts?q=nobody");
  EXPECT_EQ(none.Json().at("items").as_array().size(), 0U);

  auto detail = app_.Call(partner_, "GET", "/api/v1/contacts/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_TRUE(detail.Json().at("consents").as_array().empty());

  auto patched = app_.Call(partner_, "PATCH", "/api/v1/contacts/" + id, R"({"title":"CTO"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("title").as_string(), "CTO");

  auto taken =
      app_.Call(partner_, "POST", "/api/v1/contacts", R"({"email":"ANNA.BERG@example.com"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
}

TEST_F(ContactsApiTest, BadInputNamesEveryFieldAndChangesNothing) {
  auto bad = app_.Call(partner_, "POST", "/api/v1/contacts",
                       R"({"email":"not-an-address","country":"Germany","phone":"12"})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields;
  const json::value problem = bad.Json();
  for (const auto& [field, message] : problem.at("errors").as_object()) fields.emplace(field);
  EXPECT_EQ(fields, (std::set<std::string>{"email", "country", "phone"}));
  auto listed = app_.Call(partner_, "GET", "/api/v1/contacts");
  EXPECT_EQ(listed.Json().at("total").as_int64(), 0);
  EXPECT_EQ(app_.Call(partner_, "GET", "/api/v1/contacts?consent=maybe").status, 400);
}

TEST_F(ContactsApiTest, NoOtherOrganisationReachesAnyOfIt) {
  const std::string id = Create(R"({"email":"anna@example.com"})");
  auto consent = app_.Call(partner_, "POST", "/api/v1/contacts/" + id + "/consents",
                           R"({"purpose":"email_marketing","text":"Yes, send me news.",)"
                           R"("source":"form","ip":"192.0.2.1"})");
  ASSERT_EQ(consent.status, 201) << consent.body;
  ASSERT_EQ(app_.Call(partner_, "POST", "/api/v1/suppressions",
                      R"({"email":"gone@example.com","reason":"bounced"})")
                .status,
            201);
  for (const SignedIn* stranger : {&other_, &vendor_}) {
    EXPECT_EQ(app_.Call(*stranger, "GET", "/api/v1/contacts/" + id).status, 404);
    EXPECT_EQ(app_.Call(*stranger, "GET", "/api/v1/contacts/" + id + "/consents").status, 404);
    EXPECT_EQ(app_.Call(*stranger, "PATCH", "/api/v1/contacts/" + id, R"({"title":"x"})").status,
              404);
    EXPECT_EQ(app_.Call(*stranger, "GET", "/api/v1/contacts").Json().at("total").as_int64(), 0);
    EXPECT_TRUE(
        app_.Call(*stranger, "GET", "/api/v1/suppressions").Json().at("items").as_array().empty());
    auto exported =
        app_.Call(*stranger, "POST", "/api/v1/privacy/export", R"({"email":"anna@example.com"})");
    ASSERT_EQ(exported.status, 200) << exported.body;
    EXPECT_TRUE(exported.Json().at("contacts").as_array().empty());
    EXPECT_TRUE(exported.Json().at("consents").as_array().empty());
  }
}

TEST_F(ContactsApiTest, ErasureLeavesTheAddressSuppressedAndNothingToExport) {
  const std::string id = Create(R"({"email":"anna@example.com","first_name":"Anna"})");
  auto list = app_.Call(partner_, "POST", "/api/v1/contact-lists", R"({"name":"Newsletter"})");
  ASSERT_EQ(list.status, 201) << list.body;
  const std::string list_id(list.Json().at("id").as_string());
  auto added =
      app_.Call(partner_, "POST", "/api/v1/contacts/bulk",
                R"({"action":"add_to_list","ids":[")" + id + R"("],"list_id":")" + list_id + "\"}");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.Json().at("changed").as_int64(), 1);

  auto csv = app_.Call(partner_, "POST", "/api/v1/privacy/export?format=csv",
                       R"({"email":"anna@example.com"})");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("anna@example.com"), std::string::npos);
  EXPECT_NE(csv.body.find("Newsletter"), std::string::npos);

  auto erased =
      app_.Call(partner_, "POST", "/api/v1/privacy/erase", R"({"email":"Anna@Example.com"})");
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.Json().at("contacts").as_int64(), 1);
  EXPECT_EQ(app_.Call(partner_, "GET", "/api/v1/contacts/" + id).status, 404);
  auto after =
      app_.Call(partner_, "POST", "/api/v1/privacy/export", R"({"email":"anna@example.com"})");
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(after.Json().at("contacts").as_array().empty());
  EXPECT_EQ(after.body.find("anna@"), after.body.rfind("anna@"))
      << "the address appears once, as the request's own";
  const json::value exported = after.Json();
  const auto& suppressions = exported.at("suppressions").as_array();
  ASSERT_EQ(suppressions.size(), 1U);
  EXPECT_EQ(suppressions[0].at("reason").as_string(), "erased");
  EXPECT_TRUE(suppressions[0].at("email").is_null());
  auto requests = app_.Call(partner_, "GET", "/api/v1/privacy/requests");
  ASSERT_EQ(requests.status, 200) << requests.body;
  EXPECT_EQ(requests.Json().at("items").as_array().size(), 3U);
}

// Polls an import until the job has finished it.
json::value Finished(const TestApp& app, const SignedIn& who, const std::string& id) {
  for (int i = 0; i < 200; ++i) {
    auto got = app.Call(who, "GET", "/api/v1/contact-imports/" + id);
    EXPECT_EQ(got.status, 200) << got.body;
    json::value import = got.Json();
    const auto status = import.at("status").as_string();
    if (status != "queued" && status != "running") return import;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "the import did not finish";
  return {};
}

TEST_F(ContactsApiTest, ImportsAFileAfterItsColumnsAreMapped) {
  const std::string csv =
      "E-Mail;Vorname;Telefon;Land\r\n"
      "anna@example.com;Anna;030 1234567;DE\r\n"
      "not-an-address;Bob;;DE\r\n"
      "carl@example.com;Carl;call me;DE\r\n";
  auto uploaded = app_.CallTyped(partner_, "POST", "/api/v1/contact-imports?file_name=list.csv",
                                 csv, "text/csv");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const json::value import = uploaded.Json();
  const std::string id(import.at("id").as_string());
  EXPECT_EQ(import.at("status").as_string(), "uploaded");
  EXPECT_EQ(import.at("delimiter").as_string(), ";");
  EXPECT_EQ(import.at("header").as_array().size(), 4U);
  EXPECT_EQ(import.at("preview").as_array().size(), 3U);
  EXPECT_EQ(import.at("mapping").at("email").as_string(), "E-Mail");

  auto bad_mapping = app_.Call(partner_, "POST", "/api/v1/contact-imports/" + id + "/start",
                               R"({"mapping":{"first_name":"Vorname"}})");
  EXPECT_EQ(bad_mapping.status, 400) << bad_mapping.body;

  auto started = app_.Call(partner_, "POST", "/api/v1/contact-imports/" + id + "/start",
                           R"({"mapping":{"email":"E-Mail","first_name":"Vorname",)"
                           R"("phone":"Telefon","country":"Land"}})");
  ASSERT_EQ(started.status, 202) << started.body;
  const json::value rejected = Finished(app_, partner_, id);
  EXPECT_EQ(rejected.at("status").as_string(), "rejected");
  EXPECT_EQ(rejected.at("rows_total").as_int64(), 3);
  const auto& problems = rejected.at("rejected").as_array();
  ASSERT_EQ(problems.size(), 2U) << json::serialize(rejected);
  EXPECT_EQ(problems[0].at("line").as_int64(), 3);
  EXPECT_EQ(problems[1].at("line").as_int64(), 4);
  EXPECT_EQ(app_.Call(partner_, "GET", "/api/v1/contacts").Json().at("total").as_int64(), 0);

  // Leaving the phone out, only the bad address stands in the way; the corrected file imports.
  auto corrected = app_.CallTyped(
      partner_, "POST", "/api/v1/contact-imports?map.email=E-Mail&map.first_name=Vorname",
      "E-Mail;Vorname\nanna@example.com;Anna\ncarl@example.com;Carl\n", "text/csv");
  ASSERT_EQ(corrected.status, 202) << corrected.body;
  const json::value done =
      Finished(app_, partner_, std::string(corrected.Json().at("id").as_string()));
  EXPECT_EQ(done.at("status").as_string(), "completed");
  EXPECT_EQ(done.at("rows_imported").as_int64(), 2);
  EXPECT_EQ(app_.Call(partner_, "GET", "/api/v1/contacts").Json().at("total").as_int64(), 2);

  EXPECT_EQ(app_.Call(other_, "GET", "/api/v1/contact-imports/" + id).status, 404);
  EXPECT_EQ(
      app_.CallTyped(partner_, "POST", "/api/v1/contact-imports", "{}", "application/json").status,
      415);
}

TEST_F(ContactsApiTest, TheFrequencyCapIsSetByAdmins) {
  auto none = app_.Call(partner_, "GET", "/api/v1/marketing-cap");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.Json().at("max_emails").is_null());
  auto set =
      app_.Call(partner_, "PUT", "/api/v1/marketing-cap", R"({"max_emails":4,"period_days":30})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json().at("max_emails").as_int64(), 4);
  auto bad =
      app_.Call(partner_, "PUT", "/api/v1/marketing-cap", R"({"max_emails":0,"period_days":400})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(app_.Call(other_, "GET", "/api/v1/marketing-cap").Json().at("max_emails"), nullptr);
}

}  // namespace
}  // namespace strata::api_testing
