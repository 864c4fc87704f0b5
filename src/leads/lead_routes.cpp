#include "leads/lead_routes.h"

#include <fstream>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/json.h"
#include "core/text.h"
#include "http/json_io.h"
#include "http/problem.h"
#include "leads/lead_json.h"

namespace strata::leads {
namespace {

// A CSV export holds at most this many leads.
constexpr int kMaxExported = 100000;

json::object RoutingJson(const RoutingSettings& routing) {
  json::object weights;
  for (const auto& [tier, weight] : routing.tier_weights) weights[tier] = weight;
  json::array partners;
  const auto strings = [](const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return array;
  };
  for (const auto& partner : routing.partners) {
    partners.emplace_back(json::object{{"partner", OrgJson(partner.partner)},
                                       {"tier", partner.tier},
                                       {"countries", strings(partner.countries)},
                                       {"regions", strings(partner.regions)},
                                       {"products", strings(partner.products)},
                                       {"capacity", partner.capacity},
                                       {"active", partner.active},
                                       {"open_leads", partner.open_leads}});
  }
  return {{"tier_weights", std::move(weights)},
          {"default_sla_hours", routing.default_sla_hours},
          {"partners", std::move(partners)}};
}

core::Error CheckFields(std::vector<core::FieldError> problems) {
  return core::Error::Invalid("check the highlighted fields", std::move(problems));
}

// Reads optional members of a body by type, naming each one of the wrong type.
class BodyReader {
 public:
  BodyReader(const json::object& body, std::vector<core::FieldError>& problems)
      : body_(body), problems_(problems) {}

  // Absent: nullopt; null: "".
  std::optional<std::string> Text(const char* key) {
    const json::value* value = body_.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_null()) return std::string();
    if (!value->is_string()) {
      problems_.push_back({key, "must be a string"});
      return std::nullopt;
    }
    return std::string(value->as_string());
  }
  std::optional<std::int64_t> Integer(const char* key) {
    const json::value* value = body_.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_int64()) {
      problems_.push_back({key, "must be a whole number"});
      return std::nullopt;
    }
    return value->as_int64();
  }
  std::optional<bool> Boolean(const char* key) {
    const json::value* value = body_.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_bool()) {
      problems_.push_back({key, "must be true or false"});
      return std::nullopt;
    }
    return value->as_bool();
  }
  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> items;
    const json::value* value = body_.if_contains(key);
    if (value == nullptr || value->is_null()) return items;
    if (!value->is_array()) {
      problems_.push_back({key, "must be a list of strings"});
      return items;
    }
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) {
        problems_.push_back({key, "must be a list of strings"});
        return {};
      }
      items.emplace_back(item.as_string());
    }
    return items;
  }
  std::optional<LeadContact> Contact() {
    const json::value* value = body_.if_contains("contact");
    if (value == nullptr) return std::nullopt;
    if (!value->is_object()) {
      problems_.push_back({"contact", "must be an object with name, email and phone"});
      return std::nullopt;
    }
    std::vector<core::FieldError> inner;
    BodyReader reader(value->as_object(), inner);
    LeadContact contact{.name = reader.Text("name").value_or(""),
                        .email = reader.Text("email").value_or(""),
                        .phone = reader.Text("phone").value_or("")};
    for (auto& problem : inner) problems_.push_back({"contact." + problem.field, problem.message});
    return contact;
  }

 private:
  const json::object& body_;
  std::vector<core::FieldError>& problems_;
};

LeadChanges ReadChanges(const json::object& body, std::vector<core::FieldError>& problems) {
  BodyReader reader(body, problems);
  LeadChanges changes{.company = reader.Text("company"),
                      .contact = reader.Contact(),
                      .country = reader.Text("country"),
                      .region = reader.Text("region"),
                      .product = reader.Text("product"),
                      .notes = reader.Text("notes"),
                      .lost_reason = reader.Text("lost_reason"),
                      .assigned_user_id = reader.Text("assigned_user_id")};
  if (auto status = reader.Text("status")) {
    changes.status = ParseStatus(*status);
    if (!changes.status) {
      problems.push_back({"status", "must be new, contacted, qualified, won or lost"});
    }
  }
  return changes;
}

core::Result<LeadQuery> QueryFrom(const http::Request& request) {
  auto limit = http::PageLimit(request);
  if (!limit) return limit.error();
  LeadQuery query{.limit = *limit, .cursor = request.Query("cursor")};
  if (auto status = request.Query("status"); status && !status->empty()) {
    query.status = ParseStatus(*status);
    if (!query.status) {
      return CheckFields({{"status",
                           "must be new, offered, unrouted, accepted, contacted, qualified, won "
                           "or lost"}});
    }
  }
  if (auto origin = request.Query("origin_id")) query.origin_id = *origin;
  query.text = request.Query("q").value_or("");
  if (auto waiting = request.Query("waiting"); waiting && !waiting->empty()) {
    if (*waiting != "true" && *waiting != "false") {
      return CheckFields({{"waiting", "must be true or false"}});
    }
    query.waiting_only = *waiting == "true";
  }
  return query;
}

// Every lead the query finds, as a CSV file a CRM imports.
http::Response CsvExport(LeadService& leads, const access::Actor& actor, LeadQuery query) {
  core::CsvWriter csv;
  csv.Text("id").Text("status").Text("from").Text("company").Text("contact_name");
  csv.Text("contact_email").Text("contact_phone").Text("country").Text("region").Text("product");
  csv.Text("notes").Text("lost_reason").Text("partner").Text("deal_id").Text("created_at");
  csv.Text("updated_at").EndRow();
  query.limit = 200;
  int written = 0;
  while (written < kMaxExported) {
    auto page = leads.List(actor, query);
    if (!page) return http::ErrorResponse(page.error());
    for (const auto& lead : page->items) {
      csv.Text(lead.id).Text(StatusName(lead.status));
      csv.Text(lead.origin ? lead.origin->name : "");
      csv.Text(lead.fields.company).Text(lead.fields.contact.name);
      csv.Text(lead.fields.contact.email).Text(lead.fields.contact.phone);
      csv.Text(lead.fields.country).Text(lead.fields.region).Text(lead.fields.product);
      csv.Text(lead.fields.notes).Text(lead.lost_reason);
      csv.Text(lead.partner ? lead.partner->name : "").Text(lead.deal_id.value_or(""));
      csv.Text(lead.created_at.ToIso8601()).Text(lead.updated_at.ToIso8601()).EndRow();
      ++written;
    }
    if (!page->next_cursor) break;
    query.cursor = page->next_cursor;
  }
  auto response = http::Response::Text(200, csv.str(), "text/csv; charset=utf-8");
  response.SetHeader("Content-Disposition", "attachment; filename=\"leads.csv\"");
  return response;
}

// An import that stored nothing: every rejected row with its line and reason.
http::Response RejectedImport(const std::vector<ImportProblem>& rejected) {
  std::vector<http::RowProblem> rows;
  std::set<std::size_t> lines;
  for (const auto& problem : rejected) {
    rows.push_back({problem.line, problem.field, problem.message});
    lines.insert(problem.line);
  }
  return http::RowsProblemResponse("nothing was imported: " + std::to_string(lines.size()) +
                                       (lines.size() == 1 ? " line has" : " lines have") +
                                       " problems; fix them and import the whole file again",
                                   rows);
}

json::object PreviewJson(const ImportPreview& preview) {
  json::array header;
  for (const auto& column : preview.header) header.emplace_back(column);
  json::array rows;
  for (const auto& row : preview.rows) {
    json::array cells;
    for (const auto& cell : row) cells.emplace_back(cell);
    rows.emplace_back(std::move(cells));
  }
  json::object mapping;
  for (const auto& [field, column] : preview.mapping) mapping[field] = column;
  return {{"header", std::move(header)},
          {"preview", std::move(rows)},
          {"suggested_mapping", std::move(mapping)},
          {"delimiter", std::string(1, preview.delimiter)},
          {"encoding", preview.encoding}};
}

json::object OutcomeJson(const ImportOutcome& outcome) {
  json::array duplicates;
  for (const auto& duplicate : outcome.duplicates) {
    duplicates.emplace_back(json::object{
        {"line", static_cast<std::int64_t>(duplicate.line)},
        {"lead_id", OptionalText(duplicate.lead_id)},
        {"same_as_line", duplicate.same_as_line
                             ? json::value(static_cast<std::int64_t>(*duplicate.same_as_line))
                             : json::value(nullptr)},
        {"reason", duplicate.reason}});
  }
  return {{"created", outcome.created}, {"duplicates", std::move(duplicates)}};
}

http::Response LeadResponse(const core::Result<Lead>& lead, int status = 200) {
  if (!lead) return http::ErrorResponse(lead.error());
  return http::JsonResponse(status, LeadJson(*lead));
}

}  // namespace

void RegisterLeadRoutes(http::Router& router, LeadService& leads,
                        const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/leads", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto query = QueryFrom(request);
    if (!query) return http::ErrorResponse(query.error());
    if (request.Query("format") == "csv") return CsvExport(leads, principal->actor(), *query);
    auto page = leads.List(principal->actor(), *query);
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& lead : page->items) items.emplace_back(LeadJson(lead));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kPost, "/api/v1/leads", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const LeadChanges changes = ReadChanges(*body, problems);
    if (changes.status || changes.lost_reason || changes.assigned_user_id) {
      problems.push_back({"status", "a new lead starts as new; change it once created"});
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    LeadFields fields{.company = changes.company.value_or(""),
                      .contact = changes.contact.value_or(LeadContact{}),
                      .country = changes.country.value_or(""),
                      .region = changes.region.value_or(""),
                      .product = changes.product.value_or(""),
                      .notes = changes.notes.value_or("")};
    return LeadResponse(leads.Create(identity::RequestActor(*principal, request), std::move(fields),
                                     principal->api_token_id ? "api" : "manual"),
                        201);
  });

  router.AddUpload(http::Method::kPost, "/api/v1/lead-imports", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (!http::IsCsvUpload(request)) {
      return http::ErrorResponse(core::Error{core::Errc::kUnsupportedMediaType,
                                             "send the CSV file itself as the body, as text/csv",
                                             {}});
    }
    std::string file;
    if (request.body_file) {
      std::ifstream in(*request.body_file, std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      file = std::move(content).str();
    }
    if (core::Trim(file).empty()) {
      return http::ErrorResponse(core::Error::Invalid(
          "the file is empty: it needs a header row and a row per lead", {{"file", "is empty"}}));
    }
    const access::Actor actor = identity::RequestActor(*principal, request);
    if (request.Query("preview") == "true") {
      auto preview = leads.PreviewImport(actor, file);
      if (!preview) return http::ErrorResponse(preview.error());
      return http::JsonResponse(200, PreviewJson(*preview));
    }
    ImportMapping mapping;
    for (const auto& [name, value] : request.query) {
      if (name.starts_with("map.")) mapping[name.substr(4)] = value;
    }
    auto outcome = leads.Import(actor, file, mapping);
    if (!outcome) return http::ErrorResponse(outcome.error());
    if (!outcome->rejected.empty()) return RejectedImport(outcome->rejected);
    return http::JsonResponse(201, OutcomeJson(*outcome));
  });

  router.Add(http::Method::kGet, "/api/v1/leads/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return LeadResponse(leads.Get(principal->actor(), request.Param("id")));
  });

  router.Add(http::Method::kPatch, "/api/v1/leads/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const LeadChanges changes = ReadChanges(*body, problems);
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    return LeadResponse(
        leads.Update(identity::RequestActor(*principal, request), request.Param("id"), changes));
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/distribute", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader reader(*body, problems);
    auto partner_id = reader.Text("partner_id");
    if (partner_id && partner_id->empty()) partner_id.reset();
    const auto sla_hours = reader.Integer("sla_hours");
    if (sla_hours && (*sla_hours < 1 || *sla_hours > LeadService::kMaxSlaHours)) {
      problems.push_back({"sla_hours", "must be from 1 to 720 hours (30 days)"});
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    return LeadResponse(leads.Distribute(
        identity::RequestActor(*principal, request), request.Param("id"), partner_id,
        sla_hours ? std::optional<int>(static_cast<int>(*sla_hours)) : std::nullopt));
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/accept", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return LeadResponse(
        leads.Accept(identity::RequestActor(*principal, request), request.Param("id")));
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/decline", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    std::string reason;
    if (!request.body.empty()) {
      auto body = http::ParseJsonObject(request);
      if (!body) return http::ErrorResponse(body.error());
      std::vector<core::FieldError> problems;
      reason = BodyReader(*body, problems).Text("reason").value_or("");
      if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    }
    auto declined =
        leads.Decline(identity::RequestActor(*principal, request), request.Param("id"), reason);
    if (!declined) return http::ErrorResponse(declined.error());
    return http::JsonResponse(200, json::object{{"id", declined->id}, {"offer_state", "declined"}});
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/recall", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return LeadResponse(
        leads.Recall(identity::RequestActor(*principal, request), request.Param("id")));
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/activities", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader reader(*body, problems);
    const std::string kind = reader.Text("kind").value_or("note");
    const std::string text = reader.Text("body").value_or("");
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    return LeadResponse(leads.AddActivity(identity::RequestActor(*principal, request),
                                          request.Param("id"), kind, text),
                        201);
  });

  router.Add(http::Method::kPost, "/api/v1/leads/{id}/convert", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader reader(*body, problems);
    Conversion conversion{.vendor_id = http::RequiredString(*body, "vendor_id", problems),
                          .distributor_id = reader.Text("distributor_id"),
                          .submit = reader.Boolean("submit").value_or(false),
                          .share_contact = reader.Boolean("share_contact").value_or(true),
                          .shared_notes = reader.Text("shared_notes").value_or(""),
                          .expected_close = reader.Text("expected_close").value_or("")};
    // The amount as a registration gives it: {"minor": 4200000, "currency": "USD"}.
    if (const json::value* amount = body->if_contains("amount");
        amount != nullptr && !amount->is_null()) {
      if (!amount->is_object()) {
        problems.push_back({"amount", "must be an object with minor and currency"});
      } else {
        std::vector<core::FieldError> inner;
        BodyReader money(amount->as_object(), inner);
        conversion.amount_minor = money.Integer("minor");
        conversion.currency = money.Text("currency").value_or("");
        for (auto& problem : inner) {
          problems.push_back({"amount." + problem.field, problem.message});
        }
      }
    }
    if (conversion.distributor_id && conversion.distributor_id->empty()) {
      conversion.distributor_id.reset();
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    const access::Actor actor = identity::RequestActor(*principal, request);
    auto deal_id = leads.Convert(actor, request.Param("id"), conversion);
    if (!deal_id) return http::ErrorResponse(deal_id.error());
    auto lead = leads.Get(actor, request.Param("id"));
    if (!lead) return http::ErrorResponse(lead.error());
    return http::JsonResponse(201, json::object{{"deal_id", *deal_id}, {"lead", LeadJson(*lead)}});
  });

  router.Add(http::Method::kGet, "/api/v1/lead-routing", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto routing = leads.Routing(principal->actor());
    if (!routing) return http::ErrorResponse(routing.error());
    return http::JsonResponse(200, RoutingJson(*routing));
  });

  router.Add(http::Method::kPut, "/api/v1/lead-routing", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    TierWeights weights;
    if (const json::value* value = body->if_contains("tier_weights");
        value != nullptr && !value->is_null()) {
      if (!value->is_object()) {
        problems.push_back({"tier_weights", "must be an object of tier names and weights"});
      } else {
        for (const auto& [tier, weight] : value->as_object()) {
          if (!weight.is_int64()) {
            problems.push_back({"tier_weights." + std::string(tier).substr(0, 50),
                                "must be a whole number from 0 to 100"});
            continue;
          }
          weights[std::string(tier)] =
              static_cast<int>(std::clamp<std::int64_t>(weight.as_int64(), -1, 101));
        }
      }
    }
    const auto sla = BodyReader(*body, problems).Integer("default_sla_hours");
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto routing =
        leads.SetRouting(identity::RequestActor(*principal, request), weights,
                         static_cast<int>(std::clamp<std::int64_t>(sla.value_or(48), -1, 100000)));
    if (!routing) return http::ErrorResponse(routing.error());
    return http::JsonResponse(200, RoutingJson(*routing));
  });

  router.Add(http::Method::kPut, "/api/v1/lead-routing/partners/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BodyReader reader(*body, problems);
    RoutingPartner partner{.partner = {std::string(request.Param("id")), ""},
                           .countries = reader.Strings("countries"),
                           .regions = reader.Strings("regions"),
                           .products = reader.Strings("products"),
                           .capacity = static_cast<int>(std::clamp<std::int64_t>(
                               reader.Integer("capacity").value_or(0), -1, 1000000)),
                           .active = reader.Boolean("active").value_or(true)};
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto routing = leads.SetRoutingPartner(identity::RequestActor(*principal, request), partner);
    if (!routing) return http::ErrorResponse(routing.error());
    return http::JsonResponse(200, RoutingJson(*routing));
  });

  router.Add(http::Method::kGet, "/api/v1/lead-stats", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto stats = leads.Stats(principal->actor());
    if (!stats) return http::ErrorResponse(stats.error());
    json::array items;
    for (const auto& partner : *stats) {
      items.emplace_back(json::object{{"partner", OrgJson(partner.partner)},
                                      {"offered", partner.offered},
                                      {"accepted", partner.accepted},
                                      {"declined", partner.declined},
                                      {"lapsed", partner.lapsed},
                                      {"won", partner.won},
                                      {"lost", partner.lost},
                                      {"converted", partner.converted}});
    }
    return http::JsonResponse(200, json::object{{"items", std::move(items)}});
  });
}

}  // namespace strata::leads
