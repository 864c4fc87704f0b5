// The hostile-input walk: every string field of every mutating route in docs/openapi.yaml, and
// every path parameter, receives attack strings (SQL injection, XSS, template injection, CRLF,
// path traversal, SSRF forms and the big list of naughty strings) from a user of the right role.
// Each must either be stored and read back exactly as sent (after the normalisation the API
// documents: trimmed names, lower-case emails) or be refused with a 4xx problem; never a 5xx,
// never a header the server does not send, never a change to an organisation not involved.
// The default run sends a rotating sample per field; STRATA_HOSTILE_FULL=1 sends every string.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "core/text.h"
#include "openapi.h"
#include "test_app.h"

namespace strata::api_testing {
namespace {

constexpr std::size_t kSamplePerField = 12;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every attack string: the lines of the .txt lists and the strings of blns.json.
std::vector<std::string> LoadPayloads() {
  std::vector<std::string> payloads;
  std::set<std::string> seen;
  const auto add = [&](std::string payload) {
    if (!payload.empty() && seen.insert(payload).second) payloads.push_back(std::move(payload));
  };
  const std::filesystem::path root = STRATA_ATTACK_PAYLOADS;
  std::vector<std::filesystem::path> lists;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".txt" && entry.path().filename() != "PROVENANCE.txt") {
      lists.push_back(entry.path());
    }
  }
  std::sort(lists.begin(), lists.end());
  for (const auto& list : lists) {
    std::istringstream lines(ReadFile(list));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      add(line);
    }
  }
  const json::value naughty = json::parse(ReadFile(root / "blns" / "blns.json"));
  for (const auto& item : naughty.as_array()) {
    add(std::string(item.as_string()));
  }
  return payloads;
}

// How a stored value is expected to come back.
enum class Stored { kExactly, kTrimmed, kLowerCase };

std::string Normalised(const std::string& text, Stored how) {
  switch (how) {
    case Stored::kExactly:
      return text;
    case Stored::kTrimmed:
      return core::Trim(text);
    case Stored::kLowerCase: {
      std::string lowered = text;
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return lowered;
    }
  }
  return text;
}

// A mutating operation as the walk drives it.
struct Operation {
  const SignedIn* actor = nullptr;            // Null: sent without a session.
  std::function<json::value(int)> body = {};  // A valid body; the argument makes it unique.
  std::map<std::string, std::string> path_params = {};
  std::map<std::string, Stored> stored = {};  // Field name ("org.name") -> how it reads back.
  std::string read_back = {};  // GET target that shows the stored fields; "" means the answer.
  // Runs after a 2xx, for operations that change what the next request must send.
  std::function<void(const RawResponse&, const json::value& body)> on_success = {};
};

// Where a field lives in a body, creating what is missing; "-" is the first item of an array.
json::value& Slot(json::value& root, const std::vector<std::string>& path) {
  json::value* at = &root;
  for (const auto& segment : path) {
    if (segment == "-") {
      if (!at->is_array()) *at = json::array{};
      if (at->as_array().empty()) at->as_array().emplace_back(nullptr);
      at = at->as_array().data();
    } else {
      if (!at->is_object()) *at = json::object{};
      at = &at->as_object()[segment];
    }
  }
  return *at;
}

void CollectStrings(const json::value& value, std::set<std::string>& out) {
  if (value.is_string()) out.insert(std::string(value.as_string()));
  if (value.is_array()) {
    for (const auto& item : value.as_array()) CollectStrings(item, out);
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.as_object()) CollectStrings(item, out);
  }
}

std::string PercentEncoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text.substr(0, 80)) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const std::set<std::string>& KnownHeaders() {
  static const std::set<std::string> known{"allow",
                                           "cache-control",
                                           "connection",
                                           "content-length",
                                           "content-security-policy",
                                           "content-type",
                                           "cross-origin-opener-policy",
                                           "date",
                                           "etag",
                                           "keep-alive",
                                           "location",
                                           "referrer-policy",
                                           "retry-after",
                                           "server",
                                           "set-cookie",
                                           "vary",
                                           "www-authenticate",
                                           "x-content-type-options",
                                           "x-frame-options",
                                           "x-request-id"};
  return known;
}

std::string Expand(std::string pattern, const std::map<std::string, std::string>& params) {
  for (const auto& [name, value] : params) {
    const std::string marker = "{" + name + "}";
    if (const auto at = pattern.find(marker); at != std::string::npos) {
      pattern.replace(at, marker.size(), value);
    }
  }
  return pattern;
}

std::string IdOf(const RawResponse& response) {
  const json::value body = response.Json();
  return std::string(body.at("id").as_string());
}

class HostileInputTest : public ::testing::Test {
 protected:
  TestApp app_;
  SignedIn vendor_, distributor_, reseller_, bystander_, bystander_reseller_, changer_;
  std::string changer_password_ = "correct horse battery";
  std::string vendor_id_, distributor_id_, reseller_id_;
  std::string vendor_reseller_, distributor_reseller_, member_user_id_, invitation_id_, token_id_;

  SignedIn Join(const SignedIn& owner, const std::string& email) {
    const auto invited = app_.Call(owner, "POST", "/api/v1/member-invitations",
                                   R"({"email":")" + email + R"(","role":"member"})");
    EXPECT_EQ(invited.status, 201) << invited.body;
    const std::string token = TokenAfter(app_.LatestMailTo(email), "/join/");
    const auto joined =
        app_.Post("/api/v1/auth/signup", R"({"email":")" + email +
                                             R"(","password":"correct horse battery","name":"Mo",)"
                                             R"("invitation":")" +
                                             token + "\"}");
    EXPECT_EQ(joined.status, 201) << joined.body;
    return SignedInFrom(joined);
  }

  // Upstream invites an existing organisation and it accepts; returns the relationship id.
  std::string Connect(const SignedIn& upstream, const SignedIn& downstream,
                      const std::string& downstream_id, const std::string& kind) {
    const auto invited =
        app_.Call(upstream, "POST", "/api/v1/relationships",
                  R"({"kind":")" + kind + R"(","org_id":")" + downstream_id + "\"}");
    EXPECT_EQ(invited.status, 201) << invited.body;
    std::string id = IdOf(invited);
    EXPECT_EQ(app_.Call(downstream, "POST", "/api/v1/relationships/" + id + "/accept").status, 200);
    return id;
  }

  static std::string OrgIdOf(const SignedIn& who) {
    return std::string(who.body.at("org").at("id").as_string());
  }

  void SetUp() override {
    vendor_ = app_.SignUp("vendor@walk.test", {"vendor"}, "Walk Vendor");
    distributor_ = app_.SignUp("distri@walk.test", {"distributor"}, "Walk Distri");
    reseller_ = app_.SignUp("reseller@walk.test", {"reseller"}, "Walk Reseller");
    app_.SignUp("login@walk.test", {"reseller"}, "Login Only");
    changer_ = app_.SignUp("changer@walk.test", {"reseller"}, "Changer");
    vendor_id_ = OrgIdOf(vendor_);
    distributor_id_ = OrgIdOf(distributor_);
    reseller_id_ = OrgIdOf(reseller_);
    Connect(vendor_, distributor_, distributor_id_, "distributor");
    distributor_reseller_ = Connect(distributor_, reseller_, reseller_id_, "reseller");
    vendor_reseller_ = Connect(vendor_, reseller_, reseller_id_, "reseller");
    const SignedIn member = Join(vendor_, "member@walk.test");
    member_user_id_ = std::string(member.body.at("user").at("id").as_string());
    invitation_id_ = IdOf(app_.Call(vendor_, "POST", "/api/v1/member-invitations",
                                    R"({"email":"later@walk.test","role":"viewer"})"));
    token_id_ = IdOf(
        app_.Call(vendor_, "POST", "/api/v1/api-tokens", R"({"name":"walk","role":"member"})"));

    // An organisation the walk never touches, with a partner, a team and a brand.
    bystander_ = app_.SignUp("owner@bystander.test", {"vendor"}, "Bystander");
    bystander_reseller_ = app_.SignUp("owner@byres.test", {"reseller"}, "Bystander Reseller");
    Connect(bystander_, bystander_reseller_, OrgIdOf(bystander_reseller_), "reseller");
    Join(bystander_, "member@bystander.test");
    ASSERT_EQ(app_.Call(bystander_, "PATCH", "/api/v1/org",
                        R"({"brand":{"sender_name":"By","website":"https://by.example"}})")
                  .status,
              200);
  }

  // What the bystanders see on every list they can read.
  std::string BystanderView() {
    std::string view;
    for (const auto* who : {&bystander_, &bystander_reseller_}) {
      for (const char* target :
           {"/api/v1/me", "/api/v1/org", "/api/v1/members", "/api/v1/member-invitations",
            "/api/v1/api-tokens", "/api/v1/relationships", "/api/v1/vendors",
            "/api/v1/audit-events?limit=200", "/api/v1/deals", "/api/v1/direct-opportunities",
            "/api/v1/notifications", "/api/v1/contacts", "/api/v1/contact-lists",
            "/api/v1/suppressions", "/api/v1/privacy/requests", "/api/v1/webhooks"}) {
        const auto response = app_.Call(*who, "GET", target);
        view += std::string(target) + " " + std::to_string(response.status) + " " + response.body +
                "\n";
      }
    }
    return view;
  }

  // A deal the walk's reseller registers directly with the walk's vendor; `submit` false keeps a
  // draft.
  json::value DealBody(int n, bool submit) const {
    return {
        {"vendor_id", vendor_id_},
        {"customer",
         {{"company", "Walk Customer " + std::to_string(n)},
          {"website", "https://customer" + std::to_string(n) + ".example.com"},
          {"country", "DE"},
          {"region", "EMEA"},
          {"address", "1 Walk Street"}}},
        {"contact", {{"name", "Wanda"}, {"email", "wanda@customer.example"}, {"phone", "+49 1"}}},
        {"amount", {{"minor", 100000}, {"currency", "EUR"}}},
        {"expected_close", "2027-06-30"},
        {"lines", json::array{{{"sku", "W-1"},
                               {"description", "Widget"},
                               {"quantity", 1},
                               {"amount", {{"minor", 100000}, {"currency", "EUR"}}}}}},
        {"shared_notes", "Shared"},
        {"private_notes", "Private"},
        {"submit", submit}};
  }

  // Registers a deal and takes it through the vendor's `decisions`; answers its id.
  std::string WalkDeal(bool submit, const std::vector<std::string>& decisions = {}) {
    static int next = 100000;
    const auto created =
        app_.Call(reseller_, "POST", "/api/v1/deals", json::serialize(DealBody(++next, submit)));
    EXPECT_EQ(created.status, 201) << created.body;
    std::string id = IdOf(created);
    for (const auto& decision : decisions) {
      EXPECT_EQ(app_.Call(vendor_, "POST", "/api/v1/deals/" + id + "/decision",
                          R"({"decision":")" + decision + R"(","reason":"walk"})")
                    .status,
                200);
    }
    return id;
  }

  void AddDealOperations(std::map<std::string, Operation>& operations) {
    // The pre-check is on, with room for the whole walk.
    EXPECT_EQ(app_.Call(vendor_, "PUT", "/api/v1/deal-rules",
                        R"({"protection_days":90,"auto_approve":false,"required_fields":[],)"
                        R"("precheck_enabled":true,"precheck_per_hour":1000})")
                  .status,
              200);
    const std::string draft = WalkDeal(false);
    const std::string approved = WalkDeal(true, {"approve"});
    const std::string extending = WalkDeal(true, {"approve"});
    EXPECT_EQ(app_.Call(reseller_, "POST", "/api/v1/deals/" + extending + "/extension-request",
                        R"({"reason":"Board meets in May"})")
                  .status,
              200);
    const auto text_body = [](const char* key, const char* value) {
      return [key, value](int) -> json::value { return {{key, value}}; };
    };
    operations["POST /api/v1/deals"] = {&reseller_,
                                        [this](int n) { return DealBody(n, false); },
                                        {},
                                        {{"customer.company", Stored::kExactly},
                                         {"customer.address", Stored::kExactly},
                                         {"shared_notes", Stored::kExactly},
                                         {"private_notes", Stored::kExactly}}};
    operations["POST /api/v1/deals/precheck"] = {
        &reseller_, [this](int n) -> json::value {
          return {{"vendor_id", vendor_id_},
                  {"customer",
                   {{"company", "Precheck " + std::to_string(n)},
                    {"website", "precheck.example.com"},
                    {"country", "DE"}}}};
        }};
    operations["PATCH /api/v1/deals/{id}"] = {
        &reseller_,
        [this](int n) -> json::value {
          json::value body = DealBody(n, false);
          body.as_object().erase("submit");
          return body;
        },
        {{"id", draft}},
        {{"customer.company", Stored::kExactly}, {"shared_notes", Stored::kExactly}}};
    operations["DELETE /api/v1/deals/{id}"] = {&reseller_, nullptr, {{"id", WalkDeal(false)}}};
    operations["POST /api/v1/deals/{id}/submit"] = {&reseller_, nullptr, {{"id", WalkDeal(false)}}};
    operations["POST /api/v1/deals/{id}/withdraw"] = {
        &reseller_, nullptr, {{"id", WalkDeal(true)}}};
    operations["POST /api/v1/deals/{id}/decision"] = {
        &vendor_,
        [](int) -> json::value {
          return {{"decision", "request_info"}, {"reason", "Which sites?"}};
        },
        {{"id", WalkDeal(true)}}};
    operations["POST /api/v1/deals/{id}/outcome"] = {
        &reseller_,
        [](int) -> json::value {
          return {{"outcome", "won"}, {"note", "PO 42"}};
        },
        {{"id", approved}}};
    operations["POST /api/v1/deals/{id}/extension-request"] = {
        &reseller_,
        text_body("reason", "Budget moved to Q3"),
        {{"id", WalkDeal(true, {"approve"})}}};
    operations["POST /api/v1/deals/{id}/extension"] = {
        &vendor_,
        [](int) -> json::value {
          return {{"decision", "refuse"}, {"reason", "No"}};
        },
        {{"id", extending}}};
    operations["PUT /api/v1/deal-rules"] = {
        &vendor_, [](int) -> json::value {
          return {{"protection_days", 90},
                  {"auto_approve", false},
                  {"required_fields", json::array{"expected_close"}},
                  {"minimum_amount", {{"minor", 100}, {"currency", "EUR"}}},
                  {"precheck_enabled", true},
                  {"precheck_per_hour", 1000}};
        }};
  }

  // The vendor's direct pipeline: its string fields read back as the API documents (trimmed but
  // for the notes); and the notifications its members mark read.
  void AddDirectPipelineOperations(std::map<std::string, Operation>& operations) {
    const auto create = [this](const std::string& company) {
      return IdOf(app_.Call(vendor_, "POST", "/api/v1/direct-opportunities",
                            json::serialize(json::object{{"company", company}})));
    };
    const auto body = [](int n) -> json::value {
      return {{"company", "Walk Co " + std::to_string(n)},
              {"website", "https://walk.example"},
              {"country", "de"},
              {"region", "EMEA"},
              {"amount", {{"minor", 125050}, {"currency", "EUR"}}},
              {"expected_close", "2026-12-31"},
              {"owner", "Walker"},
              {"external_id", "walk-" + std::to_string(n)},
              {"status", "open"},
              {"notes", "Walk notes"}};
    };
    const std::map<std::string, Stored> stored{
        {"company", Stored::kTrimmed},     {"website", Stored::kTrimmed},
        {"region", Stored::kTrimmed},      {"owner", Stored::kTrimmed},
        {"external_id", Stored::kTrimmed}, {"notes", Stored::kExactly}};
    operations["POST /api/v1/direct-opportunities"] = {&vendor_, body, {}, stored};
    operations["PATCH /api/v1/direct-opportunities/{id}"] = {
        &vendor_, body, {{"id", create("Walk Target")}}, stored};
    operations["DELETE /api/v1/direct-opportunities/{id}"] = {
        &vendor_, nullptr, {{"id", create("Walk Doomed")}}};
    operations["POST /api/v1/notifications/read"] = {
        &vendor_, [](int) -> json::value {
          return {{"ids", json::array{"0190a5b2-0c3d-7e4f-8a1b-2c3d4e5f6a7b"}}};
        }};
  }

  // The reseller's marketing database: contacts and their consents, lists, suppressions and
  // data-subject requests.
  void AddContactOperations(std::map<std::string, Operation>& operations) {
    const auto contact = [this](const std::string& email) {
      return IdOf(app_.Call(reseller_, "POST", "/api/v1/contacts",
                            json::serialize(json::object{{"email", email}})));
    };
    const auto list = [this](const std::string& name) {
      return IdOf(app_.Call(reseller_, "POST", "/api/v1/contact-lists",
                            json::serialize(json::object{{"name", name}})));
    };
    const auto contact_body = [](int n) -> json::value {
      return {{"email", "walk" + std::to_string(n) + "@contacts.walk.test"},
              {"first_name", "Wanda"},
              {"last_name", "Walker"},
              {"company", "Walk GmbH"},
              {"title", "Buyer"},
              {"phone", "+49 30 1234567"},
              {"country", "de"},
              {"region", "EMEA"},
              {"attributes", {{"industry", "retail"}}}};
    };
    const std::map<std::string, Stored> stored{{"email", Stored::kLowerCase},
                                               {"first_name", Stored::kTrimmed},
                                               {"last_name", Stored::kTrimmed},
                                               {"company", Stored::kTrimmed},
                                               {"title", Stored::kTrimmed},
                                               {"region", Stored::kTrimmed},
                                               {"attributes.industry", Stored::kTrimmed}};
    operations["POST /api/v1/contacts"] = {&reseller_, contact_body, {}, stored};
    operations["PATCH /api/v1/contacts/{id}"] = {
        &reseller_, contact_body, {{"id", contact("walk-target@walk.test")}}, stored};
    operations["DELETE /api/v1/contacts/{id}"] = {
        &reseller_, nullptr, {{"id", contact("walk-doomed@walk.test")}}};
    const std::string member = contact("walk-member@walk.test");
    const std::string newsletter = list("Walk newsletter");
    operations["POST /api/v1/contacts/bulk"] = {
        &reseller_, [member, newsletter](int) -> json::value {
          return {{"action", "add_to_list"}, {"ids", json::array{member}}, {"list_id", newsletter}};
        }};
    operations["POST /api/v1/contacts/{id}/consents"] = {
        &reseller_,
        [this](int) -> json::value {
          return {{"purpose", "email_marketing"},
                  {"action", "granted"},
                  {"basis", "consent"},
                  {"source", "form"},
                  {"text", "Yes, send me the walk's news."},
                  {"controllers", json::array{reseller_id_}},
                  {"given_at", "2026-01-05T10:00:00Z"},
                  {"ip", "192.0.2.1"},
                  {"form", "walk form"}};
        },
        {{"id", member}}};
    operations["POST /api/v1/contact-lists"] = {
        &reseller_, [](int n) -> json::value {
          return {{"name", "Walk list " + std::to_string(n)}, {"kind", "list"}};
        }};
    operations["PATCH /api/v1/contact-lists/{id}"] = {
        &reseller_,
        [](int n) -> json::value {
          return {{"name", "Walk segment " + std::to_string(n)}, {"filter", {{"q", "walk"}}}};
        },
        {{"id",
          IdOf(app_.Call(reseller_, "POST", "/api/v1/contact-lists",
                         R"({"name":"Walk segment","kind":"segment","filter":{"q":"w"}})"))}}};
    operations["DELETE /api/v1/contact-lists/{id}"] = {
        &reseller_, nullptr, {{"id", list("Walk doomed list")}}};
    operations["POST /api/v1/suppressions"] = {
        &reseller_, [](int n) -> json::value {
          return {{"email", "walk-gone" + std::to_string(n) + "@walk.test"},
                  {"reason", "manual"},
                  {"note", "walk"}};
        }};
    operations["POST /api/v1/suppressions/{id}/lift"] = {
        &reseller_,
        [](int) -> json::value {
          return {{"reason", "asked again"}};
        },
        {{"id", IdOf(app_.Call(reseller_, "POST", "/api/v1/suppressions",
                               R"({"email":"walk-lift@walk.test"})"))}}};
    const auto upload = [this] {
      return IdOf(app_.CallTyped(reseller_, "POST", "/api/v1/contact-imports",
                                 "email,name\nwalk-import@walk.test,Wanda\n", "text/csv"));
    };
    operations["POST /api/v1/contact-imports/{id}/start"] = {
        &reseller_,
        [](int) -> json::value {
          return {{"mapping", {{"email", "email"}, {"first_name", "name"}}},
                  {"on_duplicate", "update"}};
        },
        {{"id", upload()}}};
    operations["POST /api/v1/contact-imports/{id}/cancel"] = {
        &reseller_, nullptr, {{"id", upload()}}};
    for (const char* kind : {"export", "erase"}) {
      operations[std::string("POST /api/v1/privacy/") + kind] = {
          &reseller_, [](int n) -> json::value {
            return {{"email", "walk-dsr" + std::to_string(n) + "@walk.test"}};
          }};
    }
  }

  // The vendor's webhook endpoints: public targets only, so every URL is a literal public address
  // that needs no resolver.
  void AddWebhookOperations(std::map<std::string, Operation>& operations) {
    const auto endpoint = [this](const std::string& path) {
      return IdOf(app_.Call(vendor_, "POST", "/api/v1/webhooks",
                            json::serialize(json::object{{"url", "https://203.0.113.10/" + path},
                                                         {"events", json::array{"*"}}})));
    };
    const auto body = [](int n) -> json::value {
      return {{"url", "https://203.0.113.10/walk/" + std::to_string(n)},
              {"description", "Walk CRM"},
              {"events", json::array{"lead.created", "lead.updated"}},
              {"active", false}};
    };
    const std::map<std::string, Stored> stored{{"url", Stored::kTrimmed},
                                               {"description", Stored::kTrimmed}};
    operations["POST /api/v1/webhooks"] = {&vendor_, body, {}, stored};
    operations["PATCH /api/v1/webhooks/{id}"] = {
        &vendor_, body, {{"id", endpoint("walk-target")}}, stored};
    operations["DELETE /api/v1/webhooks/{id}"] = {&vendor_, nullptr, {{"id", endpoint("doomed")}}};
    const std::string kept = endpoint("walk-kept");
    operations["POST /api/v1/webhooks/{id}/rotate-secret"] = {&vendor_, nullptr, {{"id", kept}}};
    operations["POST /api/v1/webhooks/{id}/ping"] = {&vendor_, nullptr, {{"id", kept}}};
  }

  // Leads: the reseller's own, and the vendor's passed to the reseller to accept, decline and
  // register.
  void AddLeadOperations(std::map<std::string, Operation>& operations) {
    const auto body = [](int n) -> json::value {
      return {{"company", "Walk Lead " + std::to_string(n)},
              {"contact",
               {{"name", "Wanda"}, {"email", "wanda@lead.walk.test"}, {"phone", "+49 30 1234567"}}},
              {"country", "de"},
              {"region", "EMEA"},
              {"product", "Storage"},
              {"notes", "Walk notes"}};
    };
    const auto lead = [this](const SignedIn& owner, const std::string& company) {
      return IdOf(app_.Call(
          owner, "POST", "/api/v1/leads",
          json::serialize(json::object{
              {"company", company}, {"contact", {{"name", "Wanda"}}}, {"country", "DE"}})));
    };
    // A vendor lead offered to the reseller, and accepted when `accept`.
    const auto offered = [&, this](const std::string& company, bool accept) {
      std::string id = lead(vendor_, company);
      EXPECT_EQ(app_.Call(vendor_, "POST", "/api/v1/leads/" + id + "/distribute",
                          json::serialize(json::object{{"partner_id", reseller_id_}}))
                    .status,
                200);
      if (accept) {
        EXPECT_EQ(app_.Call(reseller_, "POST", "/api/v1/leads/" + id + "/accept").status, 200);
      }
      return id;
    };
    const std::map<std::string, Stored> stored{
        {"company", Stored::kTrimmed},         {"contact.name", Stored::kTrimmed},
        {"contact.email", Stored::kLowerCase}, {"region", Stored::kTrimmed},
        {"product", Stored::kTrimmed},         {"notes", Stored::kTrimmed}};
    operations["POST /api/v1/leads"] = {&reseller_, body, {}, stored};
    const std::string own = lead(reseller_, "Walk Own Lead");
    operations["PATCH /api/v1/leads/{id}"] = {&reseller_,
                                              [body](int n) -> json::value {
                                                json::value changes = body(n);
                                                changes.as_object()["status"] = "contacted";
                                                return changes;
                                              },
                                              {{"id", own}},
                                              stored};
    operations["POST /api/v1/leads/{id}/activities"] = {
        &reseller_,
        [](int) -> json::value {
          return {{"kind", "note"}, {"body", "Walk note"}};
        },
        {{"id", own}}};
    operations["POST /api/v1/leads/{id}/distribute"] = {
        &vendor_,
        [this](int) -> json::value {
          return {{"partner_id", reseller_id_}, {"sla_hours", 24}};
        },
        {{"id", lead(vendor_, "Walk Sent Lead")}}};
    operations["POST /api/v1/leads/{id}/accept"] = {
        &reseller_, nullptr, {{"id", offered("Walk Accepted Lead", false)}}};
    operations["POST /api/v1/leads/{id}/decline"] = {
        &reseller_,
        [](int) -> json::value {
          return {{"reason", "Walk reason"}};
        },
        {{"id", offered("Walk Declined Lead", false)}}};
    operations["POST /api/v1/leads/{id}/recall"] = {
        &vendor_, nullptr, {{"id", offered("Walk Recalled Lead", false)}}};
    operations["POST /api/v1/leads/{id}/convert"] = {
        &reseller_,
        [this](int) -> json::value {
          return {{"vendor_id", vendor_id_},
                  {"submit", false},
                  {"shared_notes", "Walk"},
                  {"expected_close", "2027-06-30"},
                  {"amount", {{"minor", 100000}, {"currency", "EUR"}}}};
        },
        {{"id", offered("Walk Converted Lead", true)}}};
    operations["PUT /api/v1/lead-routing/partners/{id}"] = {
        &vendor_,
        [](int) -> json::value {
          return {{"countries", json::array{"DE"}},
                  {"regions", json::array{"EMEA"}},
                  {"products", json::array{"Storage"}},
                  {"capacity", 5}};
        },
        {{"id", reseller_id_}}};
  }

  std::map<std::string, Operation> Operations() {
    const json::object brand{{"primary_colour", "#1f6feb"},
                             {"accent_colour", "#d29922"},
                             {"sender_name", "Walk Team"},
                             {"sender_email", "news@walk.test"},
                             {"website", "https://walk.example"},
                             {"postal_address", "1 Walk Street"},
                             {"signature", "Regards"}};
    const json::object access{{"role", "member"},
                              {"scopes",
                               {{"regions", json::array{"EMEA"}},
                                {"vendors", json::array{}},
                                {"departments", json::array{"Sales"}}}}};
    const auto unique_email = [](const char* prefix) {
      return [prefix](int n) { return std::string(prefix) + std::to_string(n) + "@walk.test"; };
    };
    const auto signup_email = unique_email("signup");
    const auto invitee_email = unique_email("invitee");
    const auto partner_email = unique_email("partner");
    const std::map<std::string, std::string> relationship{{"id", vendor_reseller_}};
    std::map<std::string, Operation> operations{
        {"POST /api/v1/auth/signup",
         {nullptr,
          [=](int n) -> json::value {
            return {{"email", signup_email(n)},
                    {"password", "correct horse battery"},
                    {"name", "Walker"},
                    {"org", {{"name", "Walk Org"}, {"kinds", json::array{"vendor"}}}}};
          },
          {},
          {{"email", Stored::kLowerCase},
           {"name", Stored::kTrimmed},
           {"org.name", Stored::kTrimmed}}}},
        {"POST /api/v1/auth/login",
         {nullptr,
          [](int) -> json::value {
            return {{"email", "login@walk.test"}, {"password", "correct horse battery"}};
          }}},
        {"POST /api/v1/auth/switch-org",
         {&vendor_,
          [this](int) -> json::value {
            return {{"org_id", vendor_id_}};
          }}},
        {"POST /api/v1/auth/password",
         {&changer_,
          [this](int n) -> json::value {
            return {{"current_password", changer_password_},
                    {"new_password", "fresh horse battery " + std::to_string(n)}};
          },
          {},
          {},
          "",
          [this](const RawResponse& response, const json::value& body) {
            changer_ = SignedInFrom(response);
            changer_password_ = std::string(body.at("new_password").as_string());
          }}},
        {"POST /api/v1/auth/password-reset",
         {nullptr,
          [](int) -> json::value {
            return {{"email", "login@walk.test"}};
          }}},
        {"POST /api/v1/auth/password-reset/confirm",
         {nullptr,
          [](int) -> json::value {
            return {{"token", std::string(64, 'a')}, {"password", "another horse battery"}};
          }}},
        {"PATCH /api/v1/members/{user_id}",
         {&vendor_,
          [=](int) -> json::value { return access; },
          {{"user_id", member_user_id_}},
          {{"scopes.regions[]", Stored::kExactly},
           {"scopes.departments[]", Stored::kExactly},
           {"scopes.vendors[]", Stored::kExactly}},
          "/api/v1/members"}},
        {"DELETE /api/v1/members/{user_id}", {&vendor_, nullptr, {{"user_id", member_user_id_}}}},
        {"POST /api/v1/member-invitations",
         {&vendor_,
          [=](int n) -> json::value {
            json::object body = access;
            body["email"] = invitee_email(n);
            return body;
          },
          {},
          {{"email", Stored::kLowerCase},
           {"scopes.regions[]", Stored::kExactly},
           {"scopes.departments[]", Stored::kExactly},
           {"scopes.vendors[]", Stored::kExactly}},
          "/api/v1/member-invitations"}},
        {"DELETE /api/v1/member-invitations/{id}", {&vendor_, nullptr, {{"id", invitation_id_}}}},
        {"POST /api/v1/member-invitations/accept",
         {&reseller_,
          [](int) -> json::value {
            return {{"token", std::string(64, 'b')}};
          }}},
        {"POST /api/v1/api-tokens",
         {&vendor_,
          [](int) -> json::value {
            return {{"name", "walk"}, {"role", "member"}};
          },
          {},
          {{"name", Stored::kTrimmed}},
          "/api/v1/api-tokens"}},
        {"DELETE /api/v1/api-tokens/{id}", {&vendor_, nullptr, {{"id", token_id_}}}},
        {"PATCH /api/v1/org",
         {&vendor_,
          [=](int) -> json::value {
            return {{"name", "Walk Vendor"}, {"brand", brand}};
          },
          {},
          {{"name", Stored::kTrimmed},
           {"brand.sender_name", Stored::kTrimmed},
           {"brand.sender_email", Stored::kLowerCase},
           {"brand.website", Stored::kExactly},
           {"brand.postal_address", Stored::kExactly},
           {"brand.signature", Stored::kExactly},
           {"brand.primary_colour", Stored::kExactly},
           {"brand.accent_colour", Stored::kExactly}},
          "/api/v1/org"}},
        {"POST /api/v1/relationships",
         {&vendor_,
          [=](int n) -> json::value {
            return {{"kind", "reseller"}, {"email", partner_email(n)}};
          },
          {},
          {{"email", Stored::kLowerCase}}}},
        {"PATCH /api/v1/relationships/{id}",
         {&vendor_,
          [](int) -> json::value {
            return {{"tier", "Gold"}};
          },
          relationship,
          {{"tier", Stored::kTrimmed}}}},
        {"PUT /api/v1/relationships/{id}/authorizations",
         {&distributor_,
          [this](int) -> json::value {
            return {{"vendor_ids", json::array{vendor_id_}}};
          },
          {{"id", distributor_reseller_}}}},
        {"POST /api/v1/network-invitations/accept",
         {&reseller_,
          [](int) -> json::value {
            return {{"token", std::string(64, 'c')}};
          }}},
    };
    for (const char* action : {"accept", "decline", "suspend", "reactivate", "end"}) {
      operations[std::string("POST /api/v1/relationships/{id}/") + action] = {&vendor_, nullptr,
                                                                              relationship};
    }
    AddDealOperations(operations);
    AddDirectPipelineOperations(operations);
    AddContactOperations(operations);
    AddWebhookOperations(operations);
    AddLeadOperations(operations);
    return operations;
  }
};

struct Tally {
  int requests = 0;
  int accepted = 0;
  int rejected = 0;
  int fields = 0;
  std::vector<std::string> failures;
};

TEST_F(HostileInputTest, EveryStringFieldRoundTripsOrIsRefusedWithA4xx) {
  const std::vector<std::string> payloads = LoadPayloads();
  const char* full_flag = std::getenv("STRATA_HOSTILE_FULL");
  const bool full = full_flag != nullptr && std::string(full_flag) == "1";
  const std::string before = BystanderView();
  const json::value& spec = Spec();
  auto operations = Operations();
  Tally tally;
  std::size_t rotation = 0;
  int unique = 0;
  std::set<std::string> walked;

  // Sends one request and checks the answer: no 5xx, only known headers, and problems for 4xx.
  const auto send = [&](const Operation& operation, const std::string& method,
                        const std::string& target, const std::string& body,
                        const std::string& what) -> RawResponse {
    RawResponse response = operation.actor ? app_.Call(*operation.actor, method, target, body)
                                           : app_.Post(target, body);
    ++tally.requests;
    const auto fail = [&](const std::string& why) {
      tally.failures.push_back(method + " " + target.substr(0, 60) + " " + what + ": " + why);
    };
    if (response.status == 0 || response.status >= 500) {
      fail("answered " + std::to_string(response.status) + " " + response.body.substr(0, 200));
    }
    for (const auto& [name, value] : response.headers) {
      if (!KnownHeaders().contains(name)) fail("sent an unexpected header '" + name + "'");
    }
    if (response.status >= 400 && response.status < 500 &&
        !response.Header("content-type").starts_with("application/problem+json")) {
      fail("a " + std::to_string(response.status) + " without a problem document");
    }
    return response;
  };

  for (const auto& [pattern, item] : spec.at("paths").as_object()) {
    for (const char* verb : {"post", "put", "patch", "delete"}) {
      const auto* described = item.as_object().if_contains(verb);
      if (described == nullptr) continue;
      std::string method = verb;
      std::transform(method.begin(), method.end(), method.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      const std::string key = method + " " + std::string(pattern);
      std::vector<StringField> fields;
      if (const auto* request_body = described->as_object().if_contains("requestBody")) {
        const json::value& resolved = Resolve(spec, *request_body);
        if (const auto* json_body =
                resolved.at("content").as_object().if_contains("application/json")) {
          fields = StringFields(spec, json_body->at("schema"));
        }
      }
      const bool has_params = std::string(pattern).find('{') != std::string::npos;
      if (fields.empty() && !has_params) continue;  // Nothing a string can be put into.
      const auto found = operations.find(key);
      if (found == operations.end()) {
        ADD_FAILURE() << key << " takes strings but the walk has no fixture for it: add one";
        continue;
      }
      const Operation& operation = found->second;
      walked.insert(key);
      // The body every attack starts from must itself be accepted, or the walk would only ever
      // see the refusal of the base; three operations take made-up tokens and are refused anyway.
      static const std::set<std::string> kRefusedBases = {
          "POST /api/v1/auth/password-reset/confirm", "POST /api/v1/member-invitations/accept",
          "POST /api/v1/network-invitations/accept"};
      if (operation.body && !kRefusedBases.contains(key)) {
        const json::value base = operation.body(++unique);
        const auto response = send(operation, method, Expand(pattern, operation.path_params),
                                   json::serialize(base), "the base body");
        if (response.status < 200 || response.status >= 300) {
          ADD_FAILURE() << key << " refuses the walk's base body (" << response.status
                        << "): " << response.body;
          continue;
        }
        if (operation.on_success) operation.on_success(response, base);
      }
      const auto sample = [&]() {
        std::vector<std::string> chosen;
        if (full) {
          chosen = payloads;
          return chosen;
        }
        for (std::size_t i = 0; i < kSamplePerField; ++i) {
          chosen.push_back(payloads[rotation++ % payloads.size()]);
        }
        return chosen;
      };
      const std::string body_method = method;

      // Path parameters: an attack string where an id belongs is 404 or 400, never a 5xx.
      for (const auto& [name, value] : operation.path_params) {
        ++tally.fields;
        for (const auto& payload : sample()) {
          auto params = operation.path_params;
          params[name] = PercentEncoded(payload);
          const std::string body =
              operation.body ? json::serialize(operation.body(++unique)) : std::string();
          const auto response = send(operation, body_method, Expand(pattern, params), body,
                                     "{" + name + "}=" + Printable(payload));
          if (response.status >= 200 && response.status < 300) {
            tally.failures.push_back(key + " accepted the id '" + Printable(payload) + "'");
          } else {
            ++tally.rejected;
          }
        }
      }

      for (const auto& field : fields) {
        ++tally.fields;
        const std::string name = field.Name();
        const auto stored = operation.stored.find(name);
        for (const auto& payload : sample()) {
          json::value body = operation.body(++unique);
          Slot(body, field.path) = json::string(payload);
          const std::string target = Expand(pattern, operation.path_params);
          const std::string what = name + "=" + Printable(payload);
          const auto response = send(operation, method, target, json::serialize(body), what);
          if (response.status < 200 || response.status >= 300) {
            ++tally.rejected;
            continue;
          }
          ++tally.accepted;
          if (operation.on_success) operation.on_success(response, body);
          if (stored == operation.stored.end()) continue;
          const std::string expected = Normalised(payload, stored->second);
          if (expected.empty()) continue;
          const RawResponse shown = operation.read_back.empty()
                                        ? response
                                        : app_.Call(*operation.actor, "GET", operation.read_back);
          std::set<std::string> strings;
          CollectStrings(shown.Json(), strings);
          if (!strings.contains(expected)) {
            std::string failure = key;
            failure.append(" accepted ").append(what).append(" but does not read it back");
            tally.failures.push_back(std::move(failure));
          }
        }
      }
    }
  }

  for (const auto& [key, operation] : operations) {
    EXPECT_TRUE(walked.contains(key)) << key << " has a fixture but is not in the spec";
  }
  EXPECT_EQ(BystanderView(), before) << "an organisation the walk never touched changed";
  std::cout << "hostile input: " << tally.requests << " requests into " << tally.fields
            << " fields and path parameters of " << walked.size() << " operations ("
            << (full ? "all " + std::to_string(payloads.size())
                     : std::to_string(kSamplePerField) + " of " + std::to_string(payloads.size()))
            << " attack strings each): " << tally.accepted << " stored and read back, "
            << tally.rejected << " refused with a 4xx, " << tally.failures.size() << " failures\n";
  for (std::size_t i = 0; i < std::min<std::size_t>(tally.failures.size(), 60); ++i) {
    ADD_FAILURE() << tally.failures[i];
  }
}

}  // namespace
}  // namespace strata::api_testing
