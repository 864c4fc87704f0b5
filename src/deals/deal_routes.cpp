#include "deals/deal_routes.h"

#include <cmath>

#include "core/csv.h"
#include "core/json.h"
#include "core/money.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::deals {
namespace {

// Reads the members of a request body, collecting a message per wrong field.
class BodyReader {
 public:
  explicit BodyReader(std::vector<core::FieldError>& problems) : problems_(problems) {}

  // A string member: nullopt when absent or null.
  std::optional<std::string> Text(const json::object& object, std::string_view key,
                                  const std::string& field) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) {
      problems_.push_back({field, "must be a string"});
      return std::nullopt;
    }
    return std::string(value->as_string());
  }

  std::optional<std::int64_t> Integer(const json::object& object, std::string_view key,
                                      const std::string& field) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (value->is_int64()) return value->as_int64();
    if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
      return static_cast<std::int64_t>(value->as_uint64());
    }
    if (value->is_double() && std::trunc(value->as_double()) == value->as_double() &&
        std::fabs(value->as_double()) < 9e15) {
      return static_cast<std::int64_t>(value->as_double());
    }
    problems_.push_back({field, "must be a whole number"});
    return std::nullopt;
  }

  std::optional<bool> Bool(const json::object& object, std::string_view key,
                           const std::string& field) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_bool()) {
      problems_.push_back({field, "must be true or false"});
      return std::nullopt;
    }
    return value->as_bool();
  }

  const json::object* Object(const json::object& object, std::string_view key,
                             const std::string& field) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return nullptr;
    if (!value->is_object()) {
      problems_.push_back({field, "must be an object"});
      return nullptr;
    }
    return &value->as_object();
  }

  bool ok() const { return problems_.empty(); }

  void Add(std::string field, std::string message) {
    problems_.push_back({std::move(field), std::move(message)});
  }

 private:
  std::vector<core::FieldError>& problems_;
};

struct Amount {
  std::int64_t minor = 0;
  std::string currency;
};

std::optional<Amount> ReadAmount(BodyReader& read, const json::object& object, std::string_view key,
                                 const std::string& field) {
  const json::object* amount = read.Object(object, key, field);
  if (amount == nullptr) return std::nullopt;
  auto minor = read.Integer(*amount, "minor", field + ".minor");
  auto currency = read.Text(*amount, "currency", field + ".currency");
  if (!minor) read.Add(field + ".minor", "is required");
  if (!currency) read.Add(field + ".currency", "is required");
  if (!minor || !currency) return std::nullopt;
  return Amount{*minor, *currency};
}

Customer ReadCustomer(BodyReader& read, const json::object& object) {
  Customer customer;
  customer.company = read.Text(object, "company", "customer.company").value_or("");
  customer.website = read.Text(object, "website", "customer.website").value_or("");
  customer.country = read.Text(object, "country", "customer.country").value_or("");
  customer.region = read.Text(object, "region", "customer.region").value_or("");
  customer.address = read.Text(object, "address", "customer.address").value_or("");
  return customer;
}

Contact ReadContact(BodyReader& read, const json::object& object) {
  return {read.Text(object, "name", "contact.name").value_or(""),
          read.Text(object, "email", "contact.email").value_or(""),
          read.Text(object, "phone", "contact.phone").value_or("")};
}

// The lines, each in `currency` (the deal's, when known).
std::optional<std::vector<Line>> ReadLines(BodyReader& read, const json::object& object,
                                           const std::optional<std::string>& currency) {
  const json::value* value = object.if_contains("lines");
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_array()) {
    read.Add("lines", "must be a list");
    return std::nullopt;
  }
  std::vector<Line> lines;
  const auto& array = value->as_array();
  if (array.size() > 200) {
    read.Add("lines", "may hold at most 200 lines");
    return std::nullopt;
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!array[i].is_object()) {
      read.Add(at, "must be an object");
      continue;
    }
    const auto& item = array[i].as_object();
    Line line;
    line.sku = read.Text(item, "sku", at + ".sku").value_or("");
    line.description = read.Text(item, "description", at + ".description").value_or("");
    auto quantity = read.Integer(item, "quantity", at + ".quantity");
    if (!quantity) read.Add(at + ".quantity", "is required");
    line.quantity = quantity.value_or(1);
    if (auto amount = ReadAmount(read, item, "amount", at + ".amount")) {
      line.amount_minor = amount->minor;
      if (currency && amount->currency != *currency) {
        read.Add(at + ".amount.currency", "must be the deal's currency, " + *currency);
      }
    } else if (item.if_contains("amount") == nullptr) {
      read.Add(at + ".amount", "is required");
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The distributor: a string, or null for a direct registration.
std::optional<std::optional<std::string>> ReadDistributor(BodyReader& read,
                                                          const json::object& object) {
  const json::value* value = object.if_contains("via_distributor_id");
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    read.Add("via_distributor_id", "must be a string or null");
    return std::nullopt;
  }
  return std::optional<std::string>(std::string(value->as_string()));
}

// expected_close: a date string, or null for none.
std::optional<std::string> ReadExpectedClose(BodyReader& read, const json::object& object) {
  const json::value* value = object.if_contains("expected_close");
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::string();
  if (!value->is_string()) {
    read.Add("expected_close", "must be a date such as 2027-03-31");
    return std::nullopt;
  }
  return std::string(value->as_string());
}

core::Result<DealChanges> ReadChanges(const json::object& body) {
  std::vector<core::FieldError> problems;
  BodyReader read(problems);
  DealChanges changes;
  changes.vendor_id = read.Text(body, "vendor_id", "vendor_id");
  changes.distributor_id = ReadDistributor(read, body);
  if (const json::object* customer = read.Object(body, "customer", "customer")) {
    changes.customer = ReadCustomer(read, *customer);
  }
  if (const json::object* contact = read.Object(body, "contact", "contact")) {
    changes.contact = ReadContact(read, *contact);
  }
  std::optional<std::string> currency;
  if (const json::value* amount = body.if_contains("amount"); amount && amount->is_null()) {
    changes.amount_minor = std::optional<std::int64_t>();
  } else if (auto read_amount = ReadAmount(read, body, "amount", "amount")) {
    changes.amount_minor = std::optional<std::int64_t>(read_amount->minor);
    changes.currency = read_amount->currency;
    currency = read_amount->currency;
  }
  changes.expected_close = ReadExpectedClose(read, body);
  changes.lines = ReadLines(read, body, currency);
  changes.shared_notes = read.Text(body, "shared_notes", "shared_notes");
  changes.private_notes = read.Text(body, "private_notes", "private_notes");
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return changes;
}

json::value Nullable(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::value TimeOrNull(const std::optional<core::Timestamp>& at) {
  return at ? json::value(at->ToIso8601()) : json::value(nullptr);
}

json::object OrgJson(const network::OrgRef& org) {
  json::array kinds;
  for (const auto& kind : org.kinds) kinds.emplace_back(kind);
  return {{"id", org.id}, {"name", org.name}, {"kinds", std::move(kinds)}, {"logo_url", nullptr}};
}

json::object AmountJson(std::int64_t minor, const std::string& currency) {
  return {{"minor", minor}, {"currency", currency}};
}

json::array StringArray(const std::vector<std::string>& items) {
  json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

// What a registration shares upstream, in the request's field names.
const std::vector<std::string>& SharedFields() {
  static const std::vector<std::string> fields{"customer",       "contact", "amount",
                                               "expected_close", "lines",   "shared_notes"};
  return fields;
}

json::object ConflictJson(const Conflict& conflict) {
  json::object object{
      {conflict.other_type == "deal" ? "deal_id" : "direct_opportunity_id", conflict.other_id},
      {"score", std::round(conflict.score * 1000) / 1000},
      {"reasons", StringArray(conflict.reasons)},
      {"company", conflict.company},
      {"website", conflict.website},
      {"country", conflict.country},
      {"status", conflict.status},
      {"earlier", conflict.earlier}};
  if (conflict.partner) object["partner"] = OrgJson(*conflict.partner);
  if (conflict.sequence) object["sequence"] = *conflict.sequence;
  if (conflict.registered_at) object["registered_at"] = conflict.registered_at->ToIso8601();
  if (conflict.other_type != "deal") object["owner"] = conflict.owner;
  return object;
}

json::object DealJson(const Deal& deal, bool with_timeline) {
  const DealFields& fields = deal.fields;
  json::array lines;
  for (const Line& line : fields.lines) {
    lines.emplace_back(json::object{{"sku", line.sku},
                                    {"description", line.description},
                                    {"quantity", line.quantity},
                                    {"amount", AmountJson(line.amount_minor, fields.currency)}});
  }
  json::object object{
      {"id", deal.id},
      {"side", SideName(deal.side)},
      {"status", StatusName(deal.status)},
      {"review_by", deal.review_by == Reviewer::kVendor        ? json::value("vendor")
                    : deal.review_by == Reviewer::kDistributor ? json::value("distributor")
                                                               : json::value(nullptr)},
      {"partner", OrgJson(deal.partner)},
      {"vendor", OrgJson(deal.vendor)},
      {"distributor", deal.distributor ? json::value(OrgJson(*deal.distributor)) : nullptr},
      {"customer", json::object{{"company", fields.customer.company},
                                {"website", fields.customer.website},
                                {"country", fields.customer.country},
                                {"region", fields.customer.region},
                                {"address", fields.customer.address}}},
      {"contact", json::object{{"name", fields.contact.name},
                               {"email", fields.contact.email},
                               {"phone", fields.contact.phone}}},
      {"amount", fields.amount_minor
                     ? json::value(AmountJson(*fields.amount_minor, fields.currency))
                     : json::value(nullptr)},
      {"expected_close",
       fields.expected_close.empty() ? json::value(nullptr) : json::value(fields.expected_close)},
      {"lines", std::move(lines)},
      {"shared_notes", fields.shared_notes},
      {"registered_at", TimeOrNull(deal.registered_at)},
      {"protected_until", TimeOrNull(deal.protected_until)},
      {"decision_reason", Nullable(deal.decision_reason)},
      {"extension",
       deal.extension
           ? json::value(json::object{{"status", deal.extension->status},
                                      {"reason", deal.extension->reason},
                                      {"requested_at", deal.extension->requested_at.ToIso8601()}})
           : json::value(nullptr)},
      {"created_at", deal.created_at.ToIso8601()},
      {"updated_at", deal.updated_at.ToIso8601()}};
  if (deal.side == Side::kPartner) {
    object["private_notes"] = fields.private_notes;
    object["shared_fields"] = StringArray(SharedFields());
  }
  if (deal.side == Side::kVendor) {
    if (deal.sequence) object["sequence"] = *deal.sequence;
    json::array conflicts;
    for (const auto& conflict : deal.conflicts) conflicts.emplace_back(ConflictJson(conflict));
    object["conflicts"] = std::move(conflicts);
  } else {
    object["conflict_status"] = deal.conflict_under_review ? "under_review" : "none";
  }
  if (with_timeline) {
    json::array timeline;
    for (const Event& event : deal.timeline) {
      timeline.emplace_back(json::object{{"at", event.at.ToIso8601()},
                                         {"kind", event.kind},
                                         {"side", event.side},
                                         {"note", event.note},
                                         {"by", Nullable(event.by)}});
    }
    object["timeline"] = std::move(timeline);
  }
  return object;
}

http::Response DealResponse(int status, const core::Result<Deal>& deal) {
  if (!deal) return http::ErrorResponse(deal.error());
  return http::JsonResponse(status, DealJson(*deal, true));
}

core::Result<Query> ReadQuery(const http::Request& request, bool paged) {
  Query query;
  std::vector<core::FieldError> problems;
  if (auto side = request.Query("side")) {
    if (*side == "own") {
      query.side = Side::kPartner;
    } else if (*side == "vendor") {
      query.side = Side::kVendor;
    } else if (*side == "distributor") {
      query.side = Side::kDistributor;
    } else {
      problems.push_back({"side", "must be own, vendor or distributor"});
    }
  }
  if (auto statuses = request.Query("status")) {
    std::size_t start = 0;
    while (start <= statuses->size()) {
      const auto end = std::min(statuses->find(',', start), statuses->size());
      const std::string name = statuses->substr(start, end - start);
      if (auto status = ParseStatus(name)) {
        query.statuses.push_back(*status);
      } else {
        problems.push_back({"status", "names an unknown status: " + name});
        break;
      }
      start = end + 1;
    }
  }
  query.vendor_id = request.Query("vendor_id");
  if (auto reviewer = request.Query("review_by")) {
    if (*reviewer == "vendor") {
      query.review_by = Reviewer::kVendor;
    } else if (*reviewer == "distributor") {
      query.review_by = Reviewer::kDistributor;
    } else {
      problems.push_back({"review_by", "must be distributor or vendor"});
    }
  }
  query.text = request.Query("q").value_or("");
  if (query.text.size() > 200) problems.push_back({"q", "must be at most 200 characters"});
  if (paged) {
    auto limit = http::PageLimit(request);
    if (!limit) return limit.error();
    query.limit = *limit;
    query.cursor = request.Query("cursor");
  }
  if (!problems.empty()) return core::Error::Invalid("check the list's filters", problems);
  return query;
}

std::string MoneyText(const std::optional<std::int64_t>& minor, const std::string& currency) {
  if (!minor) return "";
  if (auto parsed = core::Currency::Parse(currency)) {
    return core::Money(*minor, *parsed).ToDecimalString();
  }
  return std::to_string(*minor);
}

// Every deal the list's filters select, as CSV with the columns the actor's side may see.
core::Result<std::string> ExportCsv(DealService& deals, const access::Actor& actor, Query query) {
  constexpr std::size_t kMostRows = 100'000;
  core::CsvWriter csv;
  csv.Text("id").Text("side").Text("status").Text("review_by").Text("partner").Text("vendor");
  csv.Text("distributor").Text("company").Text("website").Text("country").Text("region");
  csv.Text("address").Text("contact_name").Text("contact_email").Text("contact_phone");
  csv.Text("amount").Text("currency").Text("expected_close").Text("lines").Text("shared_notes");
  csv.Text("private_notes").Text("sequence").Text("registered_at").Text("conflicts");
  csv.Text("conflict_status").Text("protected_until").Text("decision_reason").Text("created_at");
  csv.EndRow();
  query.limit = 200;
  std::size_t rows = 0;
  while (rows < kMostRows) {
    auto page = deals.List(actor, query);
    if (!page) return page.error();
    for (const Deal& deal : page->items) {
      const DealFields& fields = deal.fields;
      std::string lines;
      for (const Line& line : fields.lines) {
        if (!lines.empty()) lines += "; ";
        lines += line.sku + " x" + std::to_string(line.quantity);
      }
      csv.Text(deal.id).Text(SideName(deal.side)).Text(StatusName(deal.status));
      csv.Text(deal.review_by == Reviewer::kVendor        ? "vendor"
               : deal.review_by == Reviewer::kDistributor ? "distributor"
                                                          : "");
      csv.Text(deal.partner.name).Text(deal.vendor.name);
      csv.Text(deal.distributor ? deal.distributor->name : "");
      csv.Text(fields.customer.company).Text(fields.customer.website);
      csv.Text(fields.customer.country).Text(fields.customer.region);
      csv.Text(fields.customer.address).Text(fields.contact.name).Text(fields.contact.email);
      csv.Text(fields.contact.phone).Text(MoneyText(fields.amount_minor, fields.currency));
      csv.Text(fields.currency).Text(fields.expected_close).Text(lines).Text(fields.shared_notes);
      csv.Text(deal.side == Side::kPartner ? fields.private_notes : "");
      csv.Text(deal.sequence ? std::to_string(*deal.sequence) : "");
      csv.Text(deal.registered_at ? deal.registered_at->ToIso8601() : "");
      csv.Text(deal.side == Side::kVendor ? std::to_string(deal.conflicts.size()) : "");
      csv.Text(deal.side == Side::kVendor   ? ""
               : deal.conflict_under_review ? "under_review"
                                            : "none");
      csv.Text(deal.protected_until ? deal.protected_until->ToIso8601() : "");
      csv.Text(deal.decision_reason.value_or("")).Text(deal.created_at.ToIso8601());
      csv.EndRow();
      ++rows;
    }
    if (!page->next_cursor) break;
    query.cursor = page->next_cursor;
  }
  return csv.str();
}

json::value RulesJson(const Rules& rules) {
  return json::object{{"protection_days", rules.protection_days},
                      {"auto_approve", rules.auto_approve},
                      {"auto_approve_max_score", rules.auto_approve_max_score},
                      {"required_fields", StringArray(rules.required_fields)},
                      {"minimum_amount", rules.minimum_amount_minor
                                             ? json::value(AmountJson(*rules.minimum_amount_minor,
                                                                      rules.minimum_currency))
                                             : json::value(nullptr)},
                      {"precheck_enabled", rules.precheck_enabled},
                      {"precheck_per_hour", rules.precheck_per_hour},
                      {"updated_at", TimeOrNull(rules.updated_at)}};
}

core::Result<Rules> ReadRules(const json::object& body) {
  std::vector<core::FieldError> problems;
  BodyReader read(problems);
  Rules rules;
  if (auto days = read.Integer(body, "protection_days", "protection_days")) {
    rules.protection_days = static_cast<int>(std::clamp<std::int64_t>(*days, -1, 100000));
  } else if (body.if_contains("protection_days") == nullptr) {
    problems.push_back({"protection_days", "is required"});
  }
  if (auto automatic = read.Bool(body, "auto_approve", "auto_approve")) {
    rules.auto_approve = *automatic;
  } else if (body.if_contains("auto_approve") == nullptr) {
    problems.push_back({"auto_approve", "is required"});
  }
  if (const json::value* score = body.if_contains("auto_approve_max_score");
      score != nullptr && !score->is_null()) {
    if (score->is_number()) {
      rules.auto_approve_max_score = score->to_number<double>();
    } else {
      problems.push_back({"auto_approve_max_score", "must be a number from 0 to 1"});
    }
  }
  if (const json::value* required = body.if_contains("required_fields");
      required != nullptr && required->is_array()) {
    for (const auto& field : required->as_array()) {
      if (!field.is_string()) {
        problems.push_back({"required_fields", "must be a list of field names"});
        break;
      }
      rules.required_fields.emplace_back(field.as_string());
    }
  } else {
    problems.push_back({"required_fields", "is required: a list of field names"});
  }
  if (auto amount = ReadAmount(read, body, "minimum_amount", "minimum_amount")) {
    rules.minimum_amount_minor = amount->minor;
    rules.minimum_currency = amount->currency;
  }
  if (auto precheck = read.Bool(body, "precheck_enabled", "precheck_enabled")) {
    rules.precheck_enabled = *precheck;
  } else if (body.if_contains("precheck_enabled") == nullptr) {
    problems.push_back({"precheck_enabled", "is required"});
  }
  if (auto per_hour = read.Integer(body, "precheck_per_hour", "precheck_per_hour")) {
    rules.precheck_per_hour = static_cast<int>(std::clamp<std::int64_t>(*per_hour, -1, 100000));
  }
  if (!problems.empty()) return core::Error::Invalid("check the highlighted fields", problems);
  return rules;
}

// Runs `step` for the signed-in actor with the request's body, answering the deal it returns.
template <class Step>
http::Response WithDeal(const identity::Authenticator& auth, http::Request& request, Step step) {
  auto principal = auth.Require(request);
  if (!principal) return http::ErrorResponse(principal.error());
  return DealResponse(200, step(identity::RequestActor(*principal, request), request.Param("id")));
}

// Like WithDeal, for a step that reads a JSON body: `step` reads it with the BodyReader and
// returns the deal, or nothing when the body has problems, which answer 400 field by field.
// std::optional<core::Result<Deal>> step(actor, id, body, read)
template <class Step>
http::Response WithDealBody(const identity::Authenticator& auth, http::Request& request,
                            Step step) {
  return WithDeal(auth, request,
                  [&](const access::Actor& actor, const std::string& id) -> core::Result<Deal> {
                    auto body = http::ParseJsonObject(request);
                    if (!body) return body.error();
                    std::vector<core::FieldError> problems;
                    BodyReader read(problems);
                    auto deal = step(actor, id, *body, read);
                    if (!deal || !problems.empty()) {
                      return core::Error::Invalid("check the highlighted fields", problems);
                    }
                    return *std::move(deal);
                  });
}

void RegisterDecisionRoutes(http::Router& router, DealService& deals,
                            const identity::Authenticator& auth) {
  router.Add(http::Method::kPost, "/api/v1/deals/{id}/submit", [&](http::Request& request) {
    return WithDeal(auth, request, [&](const access::Actor& actor, const std::string& id) {
      return deals.Submit(actor, id);
    });
  });
  router.Add(http::Method::kPost, "/api/v1/deals/{id}/withdraw", [&](http::Request& request) {
    return WithDeal(auth, request, [&](const access::Actor& actor, const std::string& id) {
      return deals.Withdraw(actor, id);
    });
  });
  using Body = const json::object&;
  using Step = std::optional<core::Result<Deal>>;
  router.Add(http::Method::kPost, "/api/v1/deals/{id}/decision", [&](http::Request& request) {
    return WithDealBody(auth, request,
                        [&](const access::Actor& actor, const std::string& id, Body body,
                            BodyReader& read) -> Step {
                          const auto decision = read.Text(body, "decision", "decision");
                          const auto reason = read.Text(body, "reason", "reason").value_or("");
                          std::optional<Decision> chosen;
                          if (decision == "approve") chosen = Decision::kApprove;
                          if (decision == "reject") chosen = Decision::kReject;
                          if (decision == "request_info") chosen = Decision::kRequestInfo;
                          if (!chosen)
                            read.Add("decision", "must be approve, reject or request_info");
                          if (!read.ok()) return std::nullopt;
                          return deals.Decide(actor, id, *chosen, reason);
                        });
  });
  router.Add(http::Method::kPost, "/api/v1/deals/{id}/outcome", [&](http::Request& request) {
    return WithDealBody(auth, request,
                        [&](const access::Actor& actor, const std::string& id, Body body,
                            BodyReader& read) -> Step {
                          const auto outcome = read.Text(body, "outcome", "outcome");
                          const auto note = read.Text(body, "note", "note").value_or("");
                          if (outcome != "won" && outcome != "lost")
                            read.Add("outcome", "must be won or lost");
                          if (!read.ok()) return std::nullopt;
                          return deals.Close(
                              actor, id, outcome == "won" ? Outcome::kWon : Outcome::kLost, note);
                        });
  });
  router.Add(
      http::Method::kPost, "/api/v1/deals/{id}/extension-request", [&](http::Request& request) {
        return WithDealBody(auth, request,
                            [&](const access::Actor& actor, const std::string& id, Body body,
                                BodyReader& read) -> Step {
                              const auto reason = read.Text(body, "reason", "reason").value_or("");
                              if (!read.ok()) return std::nullopt;
                              return deals.RequestExtension(actor, id, reason);
                            });
      });
  router.Add(http::Method::kPost, "/api/v1/deals/{id}/extension", [&](http::Request& request) {
    return WithDealBody(
        auth, request,
        [&](const access::Actor& actor, const std::string& id, Body body,
            BodyReader& read) -> Step {
          const auto decision = read.Text(body, "decision", "decision");
          const auto days = read.Integer(body, "days", "days");
          const auto reason = read.Text(body, "reason", "reason").value_or("");
          if (decision != "grant" && decision != "refuse") {
            read.Add("decision", "must be grant or refuse");
          }
          if (decision == "grant" && !days) read.Add("days", "is required to grant an extension");
          if (!read.ok()) return std::nullopt;
          const auto granted_days =
              static_cast<int>(std::clamp<std::int64_t>(days.value_or(0), -1, 100000));
          return deals.AnswerExtension(actor, id, decision == "grant", granted_days, reason);
        });
  });
}

void RegisterRuleRoutes(http::Router& router, DealService& deals,
                        const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/deal-rules", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto rules = deals.GetRules(principal->actor());
    if (!rules) return http::ErrorResponse(rules.error());
    return http::JsonResponse(200, RulesJson(*rules));
  });
  router.Add(http::Method::kPut, "/api/v1/deal-rules", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    auto rules = ReadRules(*body);
    if (!rules) return http::ErrorResponse(rules.error());
    auto saved = deals.SetRules(identity::RequestActor(*principal, request), *rules);
    if (!saved) return http::ErrorResponse(saved.error());
    return http::JsonResponse(200, RulesJson(*saved));
  });
  router.Add(http::Method::kGet, "/api/v1/vendors/{id}/deal-rules", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    const std::string& vendor_id = request.Param("id");
    auto rules = deals.RulesForPartner(principal->actor(), vendor_id);
    if (!rules) return http::ErrorResponse(rules.error());
    return http::JsonResponse(
        200,
        json::object{{"vendor_id", vendor_id},
                     {"protection_days", rules->protection_days},
                     {"required_fields", StringArray(rules->required_fields)},
                     {"minimum_amount", rules->minimum_amount_minor
                                            ? json::value(AmountJson(*rules->minimum_amount_minor,
                                                                     rules->minimum_currency))
                                            : json::value(nullptr)},
                     {"precheck_enabled", rules->precheck_enabled},
                     {"precheck_per_hour", rules->precheck_per_hour}});
  });
}

}  // namespace

void RegisterDealRoutes(http::Router& router, DealService& deals,
                        const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/deals", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto query = ReadQuery(request, true);
    if (!query) return http::ErrorResponse(query.error());
    auto page = deals.List(principal->actor(), *query);
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& deal : page->items) items.emplace_back(DealJson(deal, false));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kGet, "/api/v1/deals/export", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto query = ReadQuery(request, false);
    if (!query) return http::ErrorResponse(query.error());
    auto csv = ExportCsv(deals, principal->actor(), *query);
    if (!csv) return http::ErrorResponse(csv.error());
    auto response = http::Response::Text(200, std::move(*csv), "text/csv; charset=utf-8");
    response.SetHeader("Content-Disposition", "attachment; filename=\"deals.csv\"");
    return response;
  });

  router.Add(http::Method::kPost, "/api/v1/deals", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader read(problems);
    const auto vendor_id = read.Text(*body, "vendor_id", "vendor_id");
    if (!vendor_id && body->if_contains("vendor_id") == nullptr) {
      problems.push_back({"vendor_id", "is required: the vendor to register with"});
    }
    if (read.Object(*body, "customer", "customer") == nullptr &&
        body->if_contains("customer") == nullptr) {
      problems.push_back({"customer.company", "is required"});
    }
    const auto submit = read.Bool(*body, "submit", "submit").value_or(false);
    auto changes = ReadChanges(*body);
    if (!changes) {
      for (const auto& problem : changes.error().fields) problems.push_back(problem);
    }
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    DealFields fields;
    fields.vendor_id = vendor_id.value_or("");
    if (changes->distributor_id) fields.distributor_id = *changes->distributor_id;
    if (changes->customer) fields.customer = *changes->customer;
    if (changes->contact) fields.contact = *changes->contact;
    if (changes->amount_minor) fields.amount_minor = *changes->amount_minor;
    fields.currency = changes->currency.value_or("");
    fields.expected_close = changes->expected_close.value_or("");
    fields.lines = changes->lines.value_or(std::vector<Line>{});
    fields.shared_notes = changes->shared_notes.value_or("");
    fields.private_notes = changes->private_notes.value_or("");
    return DealResponse(201,
                        deals.Create(identity::RequestActor(*principal, request), fields, submit));
  });

  router.Add(http::Method::kPost, "/api/v1/deals/precheck", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader read(problems);
    const auto vendor_id = read.Text(*body, "vendor_id", "vendor_id");
    if (!vendor_id) problems.push_back({"vendor_id", "is required"});
    Customer customer;
    if (const json::object* object = read.Object(*body, "customer", "customer")) {
      customer = ReadCustomer(read, *object);
    } else {
      problems.push_back({"customer.company", "is required"});
    }
    if (customer.company.size() > 200 || customer.website.size() > 300) {
      problems.push_back({"customer.company", "is too long"});
    }
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto answer = deals.Precheck(identity::RequestActor(*principal, request), *vendor_id, customer);
    if (!answer) {
      auto response = http::ErrorResponse(answer.error());
      if (answer.error().code == core::Errc::kRateLimited)
        response.SetHeader("Retry-After", "3600");
      return response;
    }
    return http::JsonResponse(200, json::object{{"protected", *answer}});
  });

  router.Add(http::Method::kGet, "/api/v1/deals/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return DealResponse(200, deals.Get(principal->actor(), request.Param("id")));
  });

  router.Add(http::Method::kPatch, "/api/v1/deals/{id}", [&](http::Request& request) {
    return WithDeal(auth, request,
                    [&](const access::Actor& actor, const std::string& id) -> core::Result<Deal> {
                      auto body = http::ParseJsonObject(request);
                      if (!body) return body.error();
                      auto changes = ReadChanges(*body);
                      if (!changes) return changes.error();
                      return deals.Update(actor, id, *changes);
                    });
  });

  router.Add(http::Method::kDelete, "/api/v1/deals/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto deleted = deals.Delete(identity::RequestActor(*principal, request), request.Param("id"));
    if (!deleted) return http::ErrorResponse(deleted.error());
    return http::NoContent();
  });

  RegisterDecisionRoutes(router, deals, auth);
  RegisterRuleRoutes(router, deals, auth);
}

}  // namespace strata::deals
