// Deal registration over HTTP: the API shape, each side's view, errors and exports.
#include <gtest/gtest.h>

#include <set>

#include "test_app.h"

namespace strata::api_testing {
namespace {

// The fields a problem names.
std::set<std::string> ErrorFields(const RawResponse& response) {
  const json::value problem = response.Json();
  std::set<std::string> fields;
  for (const auto& error : problem.at("errors").as_object()) fields.emplace(error.key());
  return fields;
}

class DealsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vendor_ = app_.SignUp("vera@initech.test", {"vendor"}, "Initech");
    alpha_ = app_.SignUp("alma@alpha.test", {"reseller"}, "Alpha Systems");
    beta_ = app_.SignUp("ben@beta.test", {"reseller"}, "Beta Networks");
    stranger_ = app_.SignUp("sam@stranger.test", {"reseller"}, "Stranger Ltd");
    vendor_id_ = Id(vendor_.body.at("org"));
    Connect(alpha_);
    Connect(beta_);
  }

  static std::string Id(const json::value& object) {
    return std::string(object.at("id").as_string());
  }

  void Connect(const SignedIn& reseller) {
    auto invited = app_.Call(vendor_, "POST", "/api/v1/relationships",
                             json::serialize(json::object{{"org_id", Id(reseller.body.at("org"))},
                                                          {"kind", "reseller"}}));
    ASSERT_EQ(invited.status, 201) << invited.body;
    auto accepted = app_.Call(reseller, "POST",
                              "/api/v1/relationships/" + Id(invited.Json()) + "/accept", "{}");
    ASSERT_EQ(accepted.status, 200) << accepted.body;
  }

  std::string DealBody(const std::string& company, bool submit) const {
    return json::serialize(json::object{
        {"vendor_id", vendor_id_},
        {"customer", json::object{{"company", company},
                                  {"website", "https://globex.com"},
                                  {"country", "us"},
                                  {"region", "AMER"}}},
        {"contact", json::object{{"name", "Hank Scorpio"}, {"email", "hank@globex.com"}}},
        {"amount", json::object{{"minor", 4200000}, {"currency", "USD"}}},
        {"expected_close", "2027-06-30"},
        {"lines", json::array{json::object{
                      {"sku", "RTR-9000"},
                      {"description", "Core router"},
                      {"quantity", 2},
                      {"amount", json::object{{"minor", 4200000}, {"currency", "USD"}}}}}},
        {"shared_notes", "Two data centres"},
        {"private_notes", "PRIVATE margin 22%"},
        {"submit", submit}});
  }

  TestApp app_;
  SignedIn vendor_;
  SignedIn alpha_;
  SignedIn beta_;
  SignedIn stranger_;
  std::string vendor_id_;
};

TEST_F(DealsApiTest, TwoPartnersRegisterTheSameCustomerAndEachSideSeesItsOwnView) {
  auto first = app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("Globex Corporation", true));
  ASSERT_EQ(first.status, 201) << first.body;
  const json::value a = first.Json();
  EXPECT_EQ(a.at("status").as_string(), "submitted");
  EXPECT_EQ(a.at("side").as_string(), "partner");
  EXPECT_EQ(a.at("conflict_status").as_string(), "none");
  EXPECT_EQ(a.at("private_notes").as_string(), "PRIVATE margin 22%");
  EXPECT_EQ(a.at("customer").at("country").as_string(), "US");
  EXPECT_FALSE(a.as_object().contains("sequence"));
  EXPECT_FALSE(a.as_object().contains("conflicts"));

  auto second = app_.Call(beta_, "POST", "/api/v1/deals", DealBody("GLOBEX Corp.", true));
  ASSERT_EQ(second.status, 201) << second.body;
  const json::value b = second.Json();
  EXPECT_EQ(b.at("conflict_status").as_string(), "under_review");
  // Nothing about the other party reaches the second partner.
  auto partner_view = app_.Call(beta_, "GET", "/api/v1/deals/" + Id(b));
  ASSERT_EQ(partner_view.status, 200);
  EXPECT_EQ(partner_view.body.find(Id(a)), std::string::npos);
  EXPECT_EQ(partner_view.body.find("Alpha"), std::string::npos);
  EXPECT_EQ(partner_view.body.find("score"), std::string::npos);

  auto vendor_view = app_.Call(vendor_, "GET", "/api/v1/deals/" + Id(b));
  ASSERT_EQ(vendor_view.status, 200) << vendor_view.body;
  const json::value v = vendor_view.Json();
  EXPECT_EQ(v.at("side").as_string(), "vendor");
  EXPECT_EQ(v.at("sequence").as_int64(), 2);
  EXPECT_FALSE(v.as_object().contains("private_notes"));
  EXPECT_EQ(vendor_view.body.find("PRIVATE"), std::string::npos);
  ASSERT_EQ(v.at("conflicts").as_array().size(), 1U);
  const json::value& conflict = v.at("conflicts").at(0);
  EXPECT_EQ(conflict.at("deal_id").as_string(), Id(a));
  EXPECT_GE(conflict.at("score").to_number<double>(), 0.8);
  EXPECT_FALSE(conflict.at("reasons").as_array().empty());
  EXPECT_TRUE(conflict.at("earlier").as_bool());
  EXPECT_EQ(conflict.at("partner").at("name").as_string(), "Alpha Systems");
  // registered_at carries microseconds.
  EXPECT_EQ(v.at("registered_at").as_string().size(), 27U);

  // The queue is in registration order; the vendor approves the first.
  auto queue = app_.Call(vendor_, "GET", "/api/v1/deals?side=vendor&status=submitted");
  ASSERT_EQ(queue.status, 200);
  const json::value queued = queue.Json();
  const auto& items = queued.at("items").as_array();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].at("sequence").as_int64(), 1);
  EXPECT_EQ(items[1].at("sequence").as_int64(), 2);
  auto approved = app_.Call(vendor_, "POST", "/api/v1/deals/" + Id(a) + "/decision",
                            R"({"decision":"approve"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Json().at("status").as_string(), "approved");
  EXPECT_FALSE(approved.Json().at("protected_until").is_null());
  // The second partner still sees only the neutral status.
  EXPECT_EQ(
      app_.Call(beta_, "GET", "/api/v1/deals/" + Id(b)).Json().at("conflict_status").as_string(),
      "under_review");
  // Nobody else sees either deal.
  EXPECT_EQ(app_.Call(stranger_, "GET", "/api/v1/deals/" + Id(a)).status, 404);
  EXPECT_EQ(app_.Call(beta_, "GET", "/api/v1/deals/" + Id(a)).status, 404);
  EXPECT_TRUE(app_.Call(stranger_, "GET", "/api/v1/deals").Json().at("items").as_array().empty());
}

TEST_F(DealsApiTest, BadInputNamesEveryFieldAndStoresNothing) {
  auto bad = app_.Call(alpha_, "POST", "/api/v1/deals",
                       R"({"vendor_id":")" + vendor_id_ +
                           R"(","customer":{"company":"Globex","country":"USA"},)"
                           R"("amount":{"minor":"lots","currency":"USD"},)"
                           R"("expected_close":"tomorrow","lines":[{"sku":""}],"submit":true})");
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields = ErrorFields(bad);
  EXPECT_TRUE(fields.contains("amount.minor")) << bad.body;
  EXPECT_TRUE(fields.contains("lines[0].quantity")) << bad.body;
  EXPECT_TRUE(fields.contains("lines[0].amount")) << bad.body;

  auto wrong = app_.Call(alpha_, "POST", "/api/v1/deals",
                         R"({"vendor_id":")" + vendor_id_ +
                             R"(","customer":{"company":"Globex","country":"USA"},)"
                             R"("expected_close":"tomorrow","submit":true})");
  ASSERT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(ErrorFields(wrong), (std::set<std::string>{"customer.country", "expected_close"}));

  auto missing = app_.Call(alpha_, "POST", "/api/v1/deals", R"({"customer":{"company":"X"}})");
  ASSERT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.Json().at("errors").as_object().contains("vendor_id"));
  // Registering without a total is refused, and leaves no draft behind.
  auto no_total = app_.Call(
      alpha_, "POST", "/api/v1/deals",
      R"({"vendor_id":")" + vendor_id_ + R"(","customer":{"company":"Globex"},"submit":true})");
  ASSERT_EQ(no_total.status, 400) << no_total.body;
  EXPECT_TRUE(no_total.Json().at("errors").as_object().contains("amount"));
  // A vendor the partner does not sell for.
  auto foreign = app_.Call(stranger_, "POST", "/api/v1/deals", DealBody("Globex", false));
  ASSERT_EQ(foreign.status, 400);
  EXPECT_TRUE(foreign.Json().at("errors").as_object().contains("vendor_id"));
  EXPECT_TRUE(app_.Call(alpha_, "GET", "/api/v1/deals").Json().at("items").as_array().empty());
}

TEST_F(DealsApiTest, DraftsEditSubmitAndDecisionsNeedTheRightSide) {
  auto draft = app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("Umbrella Corp", false));
  ASSERT_EQ(draft.status, 201) << draft.body;
  const std::string id = Id(draft.Json());
  EXPECT_EQ(draft.Json().at("status").as_string(), "draft");
  EXPECT_EQ(app_.Call(vendor_, "GET", "/api/v1/deals/" + id).status, 404);
  auto edited = app_.Call(alpha_, "PATCH", "/api/v1/deals/" + id,
                          R"({"customer":{"company":"Umbrella Corporation","region":"EMEA"}})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.Json().at("customer").at("company").as_string(), "Umbrella Corporation");
  auto submitted = app_.Call(alpha_, "POST", "/api/v1/deals/" + id + "/submit", "");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(app_.Call(alpha_, "POST", "/api/v1/deals/" + id + "/submit", "").status, 409);
  EXPECT_EQ(app_.Call(alpha_, "PATCH", "/api/v1/deals/" + id, "{}").status, 409);
  EXPECT_EQ(app_.Call(alpha_, "DELETE", "/api/v1/deals/" + id).status, 409);

  const std::string decide = "/api/v1/deals/" + id + "/decision";
  EXPECT_EQ(app_.Call(alpha_, "POST", decide, R"({"decision":"approve"})").status, 403);
  EXPECT_EQ(app_.Call(stranger_, "POST", decide, R"({"decision":"approve"})").status, 404);
  auto no_reason = app_.Call(vendor_, "POST", decide, R"({"decision":"reject"})");
  ASSERT_EQ(no_reason.status, 400);
  EXPECT_TRUE(no_reason.Json().at("errors").as_object().contains("reason"));
  EXPECT_EQ(app_.Call(vendor_, "POST", decide, R"({"decision":"maybe"})").status, 400);
  auto asked =
      app_.Call(vendor_, "POST", decide, R"({"decision":"request_info","reason":"Which sites?"})");
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.Json().at("status").as_string(), "info_requested");
  ASSERT_EQ(
      app_.Call(alpha_, "PATCH", "/api/v1/deals/" + id, R"({"shared_notes":"All sites"})").status,
      200);
  auto again = app_.Call(alpha_, "POST", "/api/v1/deals/" + id + "/submit", "");
  ASSERT_EQ(again.status, 200);
  const json::value timeline =
      app_.Call(alpha_, "GET", "/api/v1/deals/" + id).Json().at("timeline");
  std::vector<std::string> kinds;
  for (const auto& event : timeline.as_array()) kinds.emplace_back(event.at("kind").as_string());
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"created", "registered", "info_requested", "resubmitted"}));
  // The vendor's timeline leaves out what happened while it was the partner's draft.
  const json::value vendor_timeline =
      app_.Call(vendor_, "GET", "/api/v1/deals/" + id).Json().at("timeline");
  EXPECT_EQ(vendor_timeline.at(0).at("kind").as_string(), "registered");

  // Draft deletion.
  auto other = app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("Initrode", false));
  EXPECT_EQ(app_.Call(alpha_, "DELETE", "/api/v1/deals/" + Id(other.Json())).status, 204);
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/deals/" + Id(other.Json())).status, 404);
}

TEST_F(DealsApiTest, ExportsCarryEachSidesColumnsAndNeutraliseFormulas) {
  ASSERT_EQ(app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("=HYPERLINK(\"x\")", true)).status,
            201);
  auto partner = app_.Call(alpha_, "GET", "/api/v1/deals/export");
  ASSERT_EQ(partner.status, 200);
  EXPECT_EQ(partner.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(partner.body.find("PRIVATE margin 22%"), std::string::npos);
  EXPECT_NE(partner.body.find("'=HYPERLINK"), std::string::npos);
  auto vendor = app_.Call(vendor_, "GET", "/api/v1/deals/export?side=vendor");
  ASSERT_EQ(vendor.status, 200);
  EXPECT_EQ(vendor.body.find("PRIVATE"), std::string::npos);
  EXPECT_NE(vendor.body.find("42000.00"), std::string::npos);
  EXPECT_EQ(app_.Call(stranger_, "GET", "/api/v1/deals/export").body.find("HYPERLINK"),
            std::string::npos);
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/deals/export?status=bogus").status, 400);
}

TEST_F(DealsApiTest, RulesAndTheBlindPrecheck) {
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/deal-rules").status, 403);
  auto defaults = app_.Call(vendor_, "GET", "/api/v1/deal-rules");
  ASSERT_EQ(defaults.status, 200);
  EXPECT_EQ(defaults.Json().at("protection_days").as_int64(), 90);
  const std::string precheck =
      R"({"vendor_id":")" + vendor_id_ + R"(","customer":{"company":"Globex Corp"}})";
  EXPECT_EQ(app_.Call(beta_, "POST", "/api/v1/deals/precheck", precheck).status, 403);

  auto bad_rules =
      app_.Call(vendor_, "PUT", "/api/v1/deal-rules",
                R"({"protection_days":0,"auto_approve":false,)"
                R"("required_fields":["customer.shoe_size"],"precheck_enabled":true})");
  ASSERT_EQ(bad_rules.status, 400);
  EXPECT_EQ(bad_rules.Json().at("errors").as_object().size(), 2U);
  auto rules =
      app_.Call(vendor_, "PUT", "/api/v1/deal-rules",
                R"({"protection_days":60,"auto_approve":false,)"
                R"("required_fields":["expected_close"],"precheck_enabled":true,)"
                R"("precheck_per_hour":2,"minimum_amount":{"minor":100000,"currency":"USD"}})");
  ASSERT_EQ(rules.status, 200) << rules.body;
  auto seen = app_.Call(alpha_, "GET", "/api/v1/vendors/" + vendor_id_ + "/deal-rules");
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.Json().at("protection_days").as_int64(), 60);
  EXPECT_EQ(seen.Json().at("required_fields").at(0).as_string(), "expected_close");
  EXPECT_EQ(app_.Call(stranger_, "GET", "/api/v1/vendors/" + vendor_id_ + "/deal-rules").status,
            404);

  auto deal = app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("Globex Corporation", true));
  ASSERT_EQ(deal.status, 201);
  ASSERT_EQ(app_.Call(vendor_, "POST", "/api/v1/deals/" + Id(deal.Json()) + "/decision",
                      R"({"decision":"approve"})")
                .status,
            200);
  auto yes = app_.Call(beta_, "POST", "/api/v1/deals/precheck", precheck);
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.body, R"({"protected":true})");
  auto no =
      app_.Call(beta_, "POST", "/api/v1/deals/precheck",
                R"({"vendor_id":")" + vendor_id_ + R"(","customer":{"company":"Acme Labs"}})");
  EXPECT_EQ(no.body, R"({"protected":false})");
  auto throttled = app_.Call(beta_, "POST", "/api/v1/deals/precheck", precheck);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.Header("retry-after").empty());
}

TEST_F(DealsApiTest, TheReviewerIsToldInThePortal) {
  auto deal = app_.Call(alpha_, "POST", "/api/v1/deals", DealBody("Globex Corporation", true));
  ASSERT_EQ(deal.status, 201);
  auto told = app_.Call(vendor_, "GET", "/api/v1/notifications");
  ASSERT_EQ(told.status, 200) << told.body;
  const json::value body = told.Json();
  EXPECT_EQ(body.at("unread").as_int64(), 1);
  EXPECT_EQ(body.at("items").at(0).at("deal_id").as_string(), Id(deal.Json()));
  EXPECT_EQ(body.at("items").at(0).at("kind").as_string(), "deal.registered");
  // The partner is told of the decision; nobody else hears anything.
  ASSERT_EQ(app_.Call(vendor_, "POST", "/api/v1/deals/" + Id(deal.Json()) + "/decision",
                      R"({"decision":"reject","reason":"Direct account"})")
                .status,
            200);
  EXPECT_EQ(app_.Call(alpha_, "GET", "/api/v1/notifications").Json().at("unread").as_int64(), 1);
  EXPECT_EQ(app_.Call(beta_, "GET", "/api/v1/notifications").Json().at("unread").as_int64(), 0);
}

}  // namespace
}  // namespace strata::api_testing
