#include "deals/direct_pipeline_routes.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <set>

#include "core/json.h"
#include "core/text.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::deals {
namespace {

json::object OpportunityJson(const DirectOpportunity& opportunity) {
  const DirectOpportunityFields& fields = opportunity.fields;
  return {
      {"id", opportunity.id},
      {"company", fields.company},
      {"website", fields.website},
      {"country", fields.country},
      {"region", fields.region},
      {"amount", fields.amount ? json::value(json::object{{"minor", fields.amount->minor},
                                                          {"currency", fields.amount->currency}})
                               : json::value(nullptr)},
      {"expected_close",
       fields.expected_close.empty() ? json::value(nullptr) : json::value(fields.expected_close)},
      {"owner", fields.owner},
      {"external_id", fields.external_id ? json::value(*fields.external_id) : json::value(nullptr)},
      {"status", DirectStatusName(fields.status)},
      {"notes", fields.notes},
      {"created_at", opportunity.created_at.ToIso8601()},
      {"updated_at", opportunity.updated_at.ToIso8601()}};
}

http::Response OpportunityResponse(int status, const core::Result<DirectOpportunity>& result) {
  if (!result) return http::ErrorResponse(result.error());
  return http::JsonResponse(status, OpportunityJson(*result));
}

// The amount member: null, or {"minor": a whole number, "currency": "EUR"}.
std::optional<DirectAmount> ReadAmount(const json::value& value,
                                       std::vector<core::FieldError>& problems) {
  if (value.is_null()) return std::nullopt;
  const json::object* object = value.if_object();
  const json::value* minor = object ? object->if_contains("minor") : nullptr;
  const json::value* currency = object ? object->if_contains("currency") : nullptr;
  if (object == nullptr) {
    problems.push_back({"amount", "must be an object with minor and currency, or null"});
    return std::nullopt;
  }
  DirectAmount amount;
  if (minor != nullptr && minor->is_int64()) {
    amount.minor = minor->as_int64();
  } else if (minor != nullptr && minor->is_uint64()) {
    problems.push_back({"amount.minor", "is too large"});
  } else {
    problems.push_back({"amount.minor", "must be a whole number of minor units (cents)"});
  }
  if (currency != nullptr && currency->is_string()) {
    amount.currency = std::string(currency->as_string());
  } else {
    problems.push_back({"amount.currency", "must be a currency code such as EUR"});
  }
  return amount;
}

// The members a body gives, as changes; a member of the wrong type is a problem.
DirectOpportunityChanges ReadChanges(const json::object& body,
                                     std::vector<core::FieldError>& problems) {
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const json::value* value = body.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      problems.push_back({key, "must be a string"});
      return std::nullopt;
    }
    return std::string(value->as_string());
  };
  // A member that may also be null.
  const auto nullable = [&](const char* key) -> std::optional<std::optional<std::string>> {
    const json::value* value = body.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_null()) return std::optional<std::string>();
    if (!value->is_string()) {
      problems.push_back({key, "must be a string or null"});
      return std::nullopt;
    }
    return std::optional<std::string>(std::string(value->as_string()));
  };
  DirectOpportunityChanges changes;
  changes.company = text("company");
  changes.website = text("website");
  changes.country = text("country");
  changes.region = text("region");
  changes.owner = text("owner");
  changes.notes = text("notes");
  if (auto close = nullable("expected_close")) changes.expected_close = close->value_or("");
  changes.external_id = nullable("external_id");
  if (const json::value* amount = body.if_contains("amount")) {
    changes.amount = ReadAmount(*amount, problems);
  }
  if (auto status = text("status")) {
    changes.status = ParseDirectStatus(*status);
    if (!changes.status) problems.push_back({"status", "must be open, won or lost"});
  }
  return changes;
}

core::Error CheckFields(std::vector<core::FieldError> problems) {
  return core::Error::Invalid("check the highlighted fields", std::move(problems));
}

// The list's query parameters.
core::Result<DirectQuery> ReadQuery(const http::Request& request) {
  DirectQuery query;
  if (const auto status = request.Query("status")) {
    query.status = ParseDirectStatus(*status);
    if (!query.status) {
      return core::Error::Invalid("status must be open, won or lost",
                                  {{"status", "must be open, won or lost"}});
    }
  }
  query.text = request.Query("q").value_or("");
  if (const auto limit = request.Query("limit")) {
    const auto [end, error] =
        std::from_chars(limit->data(), limit->data() + limit->size(), query.limit);
    if (error != std::errc() || end != limit->data() + limit->size() || query.limit < 1 ||
        query.limit > 200) {
      return core::Error::Invalid("limit must be a whole number from 1 to 200",
                                  {{"limit", "must be from 1 to 200"}});
    }
  }
  query.cursor = request.Query("cursor");
  return query;
}

// Whether the body is declared CSV ("text/csv", with or without parameters).
bool IsCsv(const http::Request& request) {
  std::string type(request.Header("content-type"));
  type = core::Trim(type.substr(0, type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "text/csv";
}

http::Response RejectedImport(const std::vector<ImportProblem>& rejected) {
  std::vector<http::RowProblem> rows;
  std::set<std::size_t> lines;
  rows.reserve(rejected.size());
  for (const auto& problem : rejected) {
    rows.push_back({problem.line, problem.field, problem.message});
    lines.insert(problem.line);
  }
  const std::string detail = "nothing was imported: " + std::to_string(lines.size()) +
                             (lines.size() == 1 ? " line has" : " lines have") +
                             " problems; fix them and import the whole file again";
  return http::RowsProblemResponse(detail, rows);
}

}  // namespace

void RegisterDirectPipelineRoutes(http::Router& router, DirectPipeline& pipeline,
                                  const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/direct-opportunities", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto query = ReadQuery(request);
    if (!query) return http::ErrorResponse(query.error());
    auto page = pipeline.List(principal->actor(), *query);
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& opportunity : page->items) items.emplace_back(OpportunityJson(opportunity));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kPost, "/api/v1/direct-opportunities", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const DirectOpportunityChanges changes = ReadChanges(*body, problems);
    if (!body->contains("company")) problems.push_back({"company", "is required"});
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    DirectOpportunityFields fields;
    ApplyChanges(changes, fields);
    return OpportunityResponse(
        201, pipeline.Create(identity::RequestActor(*principal, request), std::move(fields)));
  });

  router.Add(
      http::Method::kPost, "/api/v1/direct-opportunities/import", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        if (!IsCsv(request)) {
          return http::ErrorResponse(
              core::Error{core::Errc::kUnsupportedMediaType,
                          "send the file itself as text/csv, its first line naming the "
                          "columns",
                          {}});
        }
        auto outcome = pipeline.Import(identity::RequestActor(*principal, request), request.body);
        if (!outcome) return http::ErrorResponse(outcome.error());
        if (!outcome->rejected.empty()) return RejectedImport(outcome->rejected);
        return http::JsonResponse(
            200, json::object{{"created", outcome->created}, {"updated", outcome->updated}});
      });

  router.Add(http::Method::kGet, "/api/v1/direct-opportunities/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return OpportunityResponse(200, pipeline.Get(principal->actor(), request.Param("id")));
  });

  router.Add(
      http::Method::kPatch, "/api/v1/direct-opportunities/{id}", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        auto body = http::ParseJsonObject(request);
        if (!body) return http::ErrorResponse(body.error());
        std::vector<core::FieldError> problems;
        const DirectOpportunityChanges changes = ReadChanges(*body, problems);
        if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
        return OpportunityResponse(200, pipeline.Update(identity::RequestActor(*principal, request),
                                                        request.Param("id"), changes));
      });

  router.Add(
      http::Method::kDelete, "/api/v1/direct-opportunities/{id}", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        auto deleted =
            pipeline.Delete(identity::RequestActor(*principal, request), request.Param("id"));
        if (!deleted) return http::ErrorResponse(deleted.error());
        return http::NoContent();
      });
}

}  // namespace strata::deals
