#include "contacts/contact_routes.h"

#include "contacts/contact_rules.h"
#include "core/csv.h"
#include "core/json.h"
#include "core/text.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::contacts {
namespace {

json::value OptionalTime(const std::optional<core::Timestamp>& time) {
  return time ? json::value(time->ToIso8601()) : json::value(nullptr);
}

json::value OptionalText(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object ContactJson(const Contact& contact) {
  const ContactFields& fields = contact.fields;
  json::object attributes;
  for (const auto& [key, value] : fields.attributes) attributes[key] = value;
  return {{"id", contact.id},
          {"email", fields.email},
          {"first_name", fields.first_name},
          {"last_name", fields.last_name},
          {"company", fields.company},
          {"title", fields.title},
          {"phone", fields.phone},
          {"country", fields.country},
          {"region", fields.region},
          {"attributes", std::move(attributes)},
          {"source", SourceName(contact.source)},
          {"email_marketing", ConsentStateName(contact.email_marketing)},
          {"suppressed", contact.suppression.has_value()},
          {"suppression_reason", OptionalText(contact.suppression)},
          {"last_activity_at", OptionalTime(contact.last_activity_at)},
          {"created_at", contact.created_at.ToIso8601()},
          {"updated_at", contact.updated_at.ToIso8601()}};
}

json::object ConsentJson(const ConsentEntry& entry) {
  json::array controllers;
  for (const auto& id : entry.controllers) controllers.emplace_back(id);
  return {{"id", entry.id},
          {"contact_id", OptionalText(entry.contact_id)},
          {"purpose", entry.purpose},
          {"action", ConsentActionName(entry.action)},
          {"basis", BasisName(entry.basis)},
          {"source", SourceName(entry.source)},
          {"text", OptionalText(entry.text)},
          {"text_version",
           entry.text_version ? json::value(*entry.text_version) : json::value(nullptr)},
          {"controllers", std::move(controllers)},
          {"given_at", entry.given_at.ToIso8601()},
          {"ip", entry.ip},
          {"form", entry.form},
          {"expires_at", OptionalTime(entry.expires_at)},
          {"recorded_by", entry.recorded_by},
          {"recorded_at", entry.recorded_at.ToIso8601()}};
}

json::object ListJson(const ContactList& list) {
  return {{"id", list.id},
          {"name", list.name},
          {"kind", list.kind == ListKind::kSegment ? "segment" : "list"},
          {"filter", FilterJson(list.filter)},
          {"size", list.size},
          {"created_at", list.created_at.ToIso8601()},
          {"updated_at", list.updated_at.ToIso8601()}};
}

json::object DetailJson(const ContactDetail& detail) {
  json::object object = ContactJson(detail.contact);
  json::array consents;
  for (const auto& entry : detail.consents) consents.emplace_back(ConsentJson(entry));
  json::array lists;
  for (const auto& list : detail.lists) {
    lists.emplace_back(json::object{{"id", list.id}, {"name", list.name}});
  }
  object["consents"] = std::move(consents);
  object["lists"] = std::move(lists);
  return object;
}

json::object SuppressionJson(const Suppression& suppression) {
  return {{"id", suppression.id},
          {"email", OptionalText(suppression.email)},
          {"reason", SuppressionReasonName(suppression.reason)},
          {"vendor_org_id", OptionalText(suppression.vendor_org_id)},
          {"note", suppression.note},
          {"created_at", suppression.created_at.ToIso8601()},
          {"lifted_at", OptionalTime(suppression.lifted_at)},
          {"lift_reason", suppression.lift_reason}};
}

json::value CapJson(const std::optional<FrequencyCap>& cap) {
  if (!cap) return json::object{{"max_emails", nullptr}, {"period_days", nullptr}};
  return json::object{{"max_emails", cap->max_emails}, {"period_days", cap->period_days}};
}

json::object PersonalDataJson(const PersonalData& data) {
  json::array contacts;
  for (const auto& detail : data.contacts) contacts.emplace_back(DetailJson(detail));
  json::array consents;
  for (const auto& entry : data.consents) consents.emplace_back(ConsentJson(entry));
  json::array suppressions;
  for (const auto& suppression : data.suppressions) {
    suppressions.emplace_back(SuppressionJson(suppression));
  }
  return {{"email", data.email},
          {"contacts", std::move(contacts)},
          {"consents", std::move(consents)},
          {"suppressions", std::move(suppressions)},
          {"marketing_emails", data.marketing_emails}};
}

// The export as a CSV a person can open: one row per record, its kind, then its fields as
// name/value pairs.
std::string PersonalDataCsv(const PersonalData& data) {
  core::CsvWriter csv;
  csv.Text("record").Text("id").Text("field").Text("value").EndRow();
  const auto rows = [&](const char* record, const json::object& object) {
    const std::string id =
        object.contains("id") ? json::value_to<std::string>(object.at("id")) : "";
    for (const auto& [key, value] : object) {
      if (key == "id" || value.is_array()) continue;
      csv.Text(record).Text(id).Text(key).Text(value.is_string() ? std::string(value.as_string())
                                                                 : json::serialize(value));
      csv.EndRow();
    }
  };
  for (const auto& detail : data.contacts) {
    json::object contact = ContactJson(detail.contact);
    rows("contact", contact);
    for (const auto& list : detail.lists) {
      csv.Text("list_membership").Text(list.id).Text("name").Text(list.name).EndRow();
    }
  }
  for (const auto& entry : data.consents) rows("consent", ConsentJson(entry));
  for (const auto& suppression : data.suppressions)
    rows("suppression", SuppressionJson(suppression));
  csv.Text("marketing_emails").Text("").Text("count").Number(data.marketing_emails).EndRow();
  return csv.str();
}

json::object PrivacyRequestJson(const PrivacyRequest& request) {
  return {{"id", request.id},
          {"kind", request.kind == PrivacyRequestKind::kErase ? "erase" : "export"},
          {"email_masked", request.email_masked},
          {"contacts", request.contacts},
          {"consents", request.consents},
          {"suppressions", request.suppressions},
          {"requested_by", request.requested_by},
          {"requested_at", request.requested_at.ToIso8601()}};
}

core::Error CheckFields(std::vector<core::FieldError> problems) {
  return core::Error::Invalid("check the highlighted fields", std::move(problems));
}

// The text members a body gives, as changes; a member of the wrong type is a problem.
ContactChanges ReadChanges(const json::object& body, std::vector<core::FieldError>& problems) {
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const json::value* value = body.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_null()) return std::string();
    if (!value->is_string()) {
      problems.push_back({key, "must be a string"});
      return std::nullopt;
    }
    return std::string(value->as_string());
  };
  ContactChanges changes;
  changes.email = text("email");
  changes.first_name = text("first_name");
  changes.last_name = text("last_name");
  changes.company = text("company");
  changes.title = text("title");
  changes.phone = text("phone");
  changes.country = text("country");
  changes.region = text("region");
  if (const json::value* attributes = body.if_contains("attributes")) {
    const json::object* object = attributes->if_object();
    if (object == nullptr) {
      problems.push_back({"attributes", "must be an object of names and string values"});
    } else {
      std::map<std::string, std::string> values;
      for (const auto& [key, value] : *object) {
        if (!value.is_string()) {
          problems.push_back({"attributes." + std::string(key), "must be a string"});
          continue;
        }
        values[std::string(key)] = std::string(value.as_string());
      }
      changes.attributes = std::move(values);
    }
  }
  return changes;
}

// A list's filters from the query: q, company, country (comma-separated), list_id, consent,
// suppressed, created_after, created_before, active_since, inactive_since.
core::Result<ContactFilter> FilterFromQuery(const http::Request& request) {
  json::object object;
  for (const char* key : {"q", "company", "list_id", "consent", "created_after", "created_before",
                          "active_since", "inactive_since"}) {
    if (auto value = request.Query(key); value && !value->empty()) object[key] = *value;
  }
  if (auto countries = request.Query("country"); countries && !countries->empty()) {
    json::array list;
    for (const auto& code : core::SplitList(*countries, ',')) list.emplace_back(core::Trim(code));
    object["countries"] = std::move(list);
  }
  if (auto suppressed = request.Query("suppressed"); suppressed && !suppressed->empty()) {
    if (*suppressed != "true" && *suppressed != "false") {
      return core::Error::Invalid("suppressed must be true or false",
                                  {{"suppressed", "must be true or false"}});
    }
    object["suppressed"] = *suppressed == "true";
  }
  return ParseFilter(object, "");
}

core::Result<ContactQuery> QueryFrom(const http::Request& request) {
  auto filter = FilterFromQuery(request);
  if (!filter) return filter.error();
  auto limit = http::PageLimit(request);
  if (!limit) return limit.error();
  return ContactQuery{
      .filter = std::move(*filter), .limit = *limit, .cursor = request.Query("cursor")};
}

http::Response PageResponse(const core::Result<ContactPage>& page) {
  if (!page) return http::ErrorResponse(page.error());
  json::array items;
  for (const auto& contact : page->items) items.emplace_back(ContactJson(contact));
  return http::JsonResponse(200, json::object{{"items", std::move(items)},
                                              {"next_cursor", OptionalText(page->next_cursor)},
                                              {"total", page->total}});
}

std::optional<core::Timestamp> ReadTime(const json::object& body, const char* key,
                                        std::vector<core::FieldError>& problems) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) {
    if (auto time = core::Timestamp::ParseIso8601(value->as_string())) return time;
  }
  problems.push_back({key, "must be a date and time such as 2026-01-31T09:00:00Z"});
  return std::nullopt;
}

core::Result<ConsentInput> ReadConsent(const json::object& body) {
  std::vector<core::FieldError> problems;
  ConsentInput input;
  input.purpose = http::RequiredString(body, "purpose", problems);
  const auto choice = [&](const char* key, const char* fallback) -> std::string {
    const json::value* value = body.if_contains(key);
    if (value == nullptr || value->is_null()) return fallback;
    if (!value->is_string()) return "";
    return std::string(value->as_string());
  };
  const std::string action = choice("action", "granted");
  if (action == "granted") {
    input.action = ConsentAction::kGranted;
  } else if (action == "withdrawn") {
    input.action = ConsentAction::kWithdrawn;
  } else {
    problems.push_back({"action", "must be granted or withdrawn"});
  }
  if (auto basis = ParseBasis(choice("basis", "consent"))) {
    input.basis = *basis;
  } else {
    problems.push_back({"basis",
                        "must be consent, contract, legal_obligation, vital_interests, "
                        "public_task or legitimate_interests"});
  }
  if (auto source = ParseSource(choice("source", "manual"))) {
    input.source = *source;
  } else {
    problems.push_back({"source", "must be import, form, api or manual"});
  }
  const auto text = [&](const char* key, std::string& into) {
    const json::value* value = body.if_contains(key);
    if (value == nullptr || value->is_null()) return;
    if (!value->is_string()) {
      problems.push_back({key, "must be a string"});
      return;
    }
    into = std::string(value->as_string());
  };
  text("text", input.text);
  text("ip", input.ip);
  text("form", input.form);
  if (const json::value* controllers = body.if_contains("controllers");
      controllers != nullptr && !controllers->is_null()) {
    if (!controllers->is_array()) {
      problems.push_back({"controllers", "must be a list of organisation ids"});
    } else {
      for (const auto& id : controllers->as_array()) {
        if (!id.is_string()) {
          problems.push_back({"controllers", "must be a list of organisation ids"});
          break;
        }
        input.controllers.emplace_back(id.as_string());
      }
    }
  }
  input.given_at = ReadTime(body, "given_at", problems);
  input.expires_at = ReadTime(body, "expires_at", problems);
  if (!problems.empty()) return CheckFields(std::move(problems));
  return input;
}

core::Result<std::string> EmailOf(const json::object& body) {
  std::vector<core::FieldError> problems;
  std::string email = http::RequiredString(body, "email", problems);
  if (!problems.empty()) return CheckFields(std::move(problems));
  return email;
}

// Whether the client asked for CSV: ?format=csv, or an Accept header naming text/csv.
bool WantsCsv(const http::Request& request) {
  if (request.Query("format") == "csv") return true;
  return request.Header("accept").find("text/csv") != std::string_view::npos;
}

http::Response PersonalDataResponse(const core::Result<PersonalData>& data, bool csv,
                                    const char* file_name) {
  if (!data) return http::ErrorResponse(data.error());
  if (!csv) return http::JsonResponse(200, PersonalDataJson(*data));
  auto response = http::Response::Text(200, PersonalDataCsv(*data), "text/csv; charset=utf-8");
  response.SetHeader("Content-Disposition",
                     std::string("attachment; filename=\"") + file_name + "\"");
  return response;
}

}  // namespace

void RegisterContactRoutes(http::Router& router, ContactService& contacts,
                           const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/contacts", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto query = QueryFrom(request);
    if (!query) return http::ErrorResponse(query.error());
    return PageResponse(contacts.List(principal->actor(), *query));
  });

  router.Add(http::Method::kPost, "/api/v1/contacts", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const ContactChanges changes = ReadChanges(*body, problems);
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    ContactFields fields;
    ApplyChanges(changes, fields);
    const Source source = principal->api_token_id ? Source::kApi : Source::kManual;
    auto created =
        contacts.Create(identity::RequestActor(*principal, request), std::move(fields), source);
    if (!created) return http::ErrorResponse(created.error());
    return http::JsonResponse(201, ContactJson(*created));
  });

  router.Add(http::Method::kPost, "/api/v1/contacts/bulk", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    BulkRequest bulk;
    const std::string action = http::RequiredString(*body, "action", problems);
    if (action == "add_to_list") {
      bulk.action = BulkAction::kAddToList;
    } else if (action == "remove_from_list") {
      bulk.action = BulkAction::kRemoveFromList;
    } else if (action == "suppress") {
      bulk.action = BulkAction::kSuppress;
    } else if (action == "delete") {
      bulk.action = BulkAction::kDelete;
    } else if (problems.empty()) {
      problems.push_back({"action", "must be add_to_list, remove_from_list, suppress or delete"});
    }
    const json::value* ids = body->if_contains("ids");
    if (ids == nullptr || !ids->is_array()) {
      problems.push_back({"ids", "must be a list of contact ids"});
    } else {
      for (const auto& id : ids->as_array()) {
        if (!id.is_string()) {
          problems.push_back({"ids", "must be a list of contact ids"});
          break;
        }
        bulk.ids.emplace_back(id.as_string());
      }
    }
    if (const json::value* list = body->if_contains("list_id");
        list != nullptr && !list->is_null()) {
      if (list->is_string()) {
        bulk.list_id = std::string(list->as_string());
      } else {
        problems.push_back({"list_id", "must be a list's id"});
      }
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto changed = contacts.Bulk(identity::RequestActor(*principal, request), bulk);
    if (!changed) return http::ErrorResponse(changed.error());
    return http::JsonResponse(200, json::object{{"changed", *changed}});
  });

  router.Add(http::Method::kGet, "/api/v1/contacts/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto detail = contacts.Get(principal->actor(), request.Param("id"));
    if (!detail) return http::ErrorResponse(detail.error());
    return http::JsonResponse(200, DetailJson(*detail));
  });

  router.Add(http::Method::kPatch, "/api/v1/contacts/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const ContactChanges changes = ReadChanges(*body, problems);
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto updated =
        contacts.Update(identity::RequestActor(*principal, request), request.Param("id"), changes);
    if (!updated) return http::ErrorResponse(updated.error());
    return http::JsonResponse(200, ContactJson(*updated));
  });

  router.Add(http::Method::kDelete, "/api/v1/contacts/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto deleted =
        contacts.Delete(identity::RequestActor(*principal, request), request.Param("id"));
    if (!deleted) return http::ErrorResponse(deleted.error());
    return http::NoContent();
  });

  router.Add(http::Method::kGet, "/api/v1/contacts/{id}/consents", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto detail = contacts.Get(principal->actor(), request.Param("id"));
    if (!detail) return http::ErrorResponse(detail.error());
    json::array items;
    for (const auto& entry : detail->consents) items.emplace_back(ConsentJson(entry));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kPost, "/api/v1/contacts/{id}/consents", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    auto input = ReadConsent(*body);
    if (!input) return http::ErrorResponse(input.error());
    auto entry = contacts.RecordConsent(identity::RequestActor(*principal, request),
                                        request.Param("id"), std::move(*input));
    if (!entry) return http::ErrorResponse(entry.error());
    return http::JsonResponse(201, ConsentJson(*entry));
  });

  router.Add(http::Method::kGet, "/api/v1/contact-lists", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto lists = contacts.Lists(principal->actor());
    if (!lists) return http::ErrorResponse(lists.error());
    json::array items;
    for (const auto& list : *lists) items.emplace_back(ListJson(list));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kPost, "/api/v1/contact-lists", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string name = http::RequiredString(*body, "name", problems);
    ListKind kind = ListKind::kList;
    if (const json::value* value = body->if_contains("kind"); value != nullptr) {
      if (value->is_string() && value->as_string() == "segment") {
        kind = ListKind::kSegment;
      } else if (!value->is_string() || value->as_string() != "list") {
        problems.push_back({"kind", "must be list or segment"});
      }
    }
    ContactFilter filter;
    if (const json::value* value = body->if_contains("filter");
        value != nullptr && !value->is_null()) {
      if (!value->is_object()) {
        problems.push_back({"filter", "must be an object of conditions"});
      } else if (auto parsed = ParseFilter(value->as_object(), "filter."); parsed) {
        filter = std::move(*parsed);
      } else {
        for (const auto& problem : parsed.error().fields) problems.push_back(problem);
      }
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto list =
        contacts.CreateList(identity::RequestActor(*principal, request), name, kind, filter);
    if (!list) return http::ErrorResponse(list.error());
    return http::JsonResponse(201, ListJson(*list));
  });

  router.Add(http::Method::kGet, "/api/v1/contact-lists/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto list = contacts.GetList(principal->actor(), request.Param("id"));
    if (!list) return http::ErrorResponse(list.error());
    return http::JsonResponse(200, ListJson(*list));
  });

  router.Add(http::Method::kPatch, "/api/v1/contact-lists/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    std::optional<std::string> name;
    if (const json::value* value = body->if_contains("name"); value != nullptr) {
      if (value->is_string()) {
        name = std::string(value->as_string());
      } else {
        problems.push_back({"name", "must be a string"});
      }
    }
    std::optional<ContactFilter> filter;
    if (const json::value* value = body->if_contains("filter"); value != nullptr) {
      if (!value->is_object()) {
        problems.push_back({"filter", "must be an object of conditions"});
      } else if (auto parsed = ParseFilter(value->as_object(), "filter."); parsed) {
        filter = std::move(*parsed);
      } else {
        for (const auto& problem : parsed.error().fields) problems.push_back(problem);
      }
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto list = contacts.UpdateList(identity::RequestActor(*principal, request),
                                    request.Param("id"), std::move(name), std::move(filter));
    if (!list) return http::ErrorResponse(list.error());
    return http::JsonResponse(200, ListJson(*list));
  });

  router.Add(http::Method::kDelete, "/api/v1/contact-lists/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto deleted =
        contacts.DeleteList(identity::RequestActor(*principal, request), request.Param("id"));
    if (!deleted) return http::ErrorResponse(deleted.error());
    return http::NoContent();
  });

  router.Add(http::Method::kGet, "/api/v1/contact-lists/{id}/contacts",
             [&](http::Request& request) {
               auto principal = auth.Require(request);
               if (!principal) return http::ErrorResponse(principal.error());
               auto query = QueryFrom(request);
               if (!query) return http::ErrorResponse(query.error());
               // The list itself must be visible: an unknown list answers 404, not an empty page.
               auto list = contacts.GetList(principal->actor(), request.Param("id"));
               if (!list) return http::ErrorResponse(list.error());
               query->filter.list_id = list->id;
               return PageResponse(contacts.List(principal->actor(), *query));
             });

  router.Add(http::Method::kGet, "/api/v1/suppressions", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto limit = http::PageLimit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = contacts.Suppressions(principal->actor(), request.Query("q").value_or(""), *limit,
                                      request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& suppression : page->items) items.emplace_back(SuppressionJson(suppression));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kPost, "/api/v1/suppressions", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    SuppressionInput input;
    input.email = http::RequiredString(*body, "email", problems);
    if (const json::value* reason = body->if_contains("reason"); reason != nullptr) {
      auto parsed =
          reason->is_string() ? ParseSuppressionReason(reason->as_string()) : std::nullopt;
      if (parsed) {
        input.reason = *parsed;
      } else {
        problems.push_back({"reason", "must be unsubscribed, bounced, complained or manual"});
      }
    }
    if (const json::value* note = body->if_contains("note"); note != nullptr && !note->is_null()) {
      if (note->is_string()) {
        input.note = std::string(note->as_string());
      } else {
        problems.push_back({"note", "must be a string"});
      }
    }
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto suppression = contacts.Suppress(identity::RequestActor(*principal, request), input);
    if (!suppression) return http::ErrorResponse(suppression.error());
    return http::JsonResponse(201, SuppressionJson(*suppression));
  });

  router.Add(http::Method::kPost, "/api/v1/suppressions/{id}/lift", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string reason = http::RequiredString(*body, "reason", problems);
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto lifted =
        contacts.Lift(identity::RequestActor(*principal, request), request.Param("id"), reason);
    if (!lifted) return http::ErrorResponse(lifted.error());
    return http::JsonResponse(200, SuppressionJson(*lifted));
  });

  router.Add(http::Method::kGet, "/api/v1/marketing-cap", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto cap = contacts.Cap(principal->actor());
    if (!cap) return http::ErrorResponse(cap.error());
    return http::JsonResponse(200, CapJson(*cap));
  });

  // {"max_emails": N, "period_days": D}, or both null to remove the cap.
  router.Add(http::Method::kPut, "/api/v1/marketing-cap", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    const json::value* max = body->if_contains("max_emails");
    const json::value* period = body->if_contains("period_days");
    std::optional<FrequencyCap> cap;
    const bool removing =
        (max == nullptr || max->is_null()) && (period == nullptr || period->is_null());
    if (!removing) {
      std::vector<core::FieldError> problems;
      if (max == nullptr || !max->is_int64())
        problems.push_back({"max_emails", "must be a whole number"});
      if (period == nullptr || !period->is_int64()) {
        problems.push_back({"period_days", "must be a whole number"});
      }
      if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
      const auto clamp = [](std::int64_t value) {
        return static_cast<int>(std::clamp<std::int64_t>(value, -1, 100'000));
      };
      cap = FrequencyCap{clamp(max->as_int64()), clamp(period->as_int64())};
    }
    auto saved = contacts.SetCap(identity::RequestActor(*principal, request), cap);
    if (!saved) return http::ErrorResponse(saved.error());
    return http::JsonResponse(200, CapJson(*saved));
  });

  router.Add(http::Method::kPost, "/api/v1/privacy/export", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    auto email = EmailOf(*body);
    if (!email) return http::ErrorResponse(email.error());
    return PersonalDataResponse(
        contacts.Export(identity::RequestActor(*principal, request), *email), WantsCsv(request),
        "personal-data.csv");
  });

  router.Add(http::Method::kPost, "/api/v1/privacy/erase", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    auto email = EmailOf(*body);
    if (!email) return http::ErrorResponse(email.error());
    auto erased = contacts.Erase(identity::RequestActor(*principal, request), *email);
    if (!erased) return http::ErrorResponse(erased.error());
    return http::JsonResponse(200, json::object{{"email", erased->email},
                                                {"contacts", erased->contacts.size()},
                                                {"consents", erased->consents.size()},
                                                {"suppressed", true}});
  });

  router.Add(http::Method::kGet, "/api/v1/privacy/requests", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto requests = contacts.PrivacyRequests(principal->actor());
    if (!requests) return http::ErrorResponse(requests.error());
    json::array items;
    for (const auto& item : *requests) items.emplace_back(PrivacyRequestJson(item));
    return http::ListResponse(std::move(items));
  });
}

}  // namespace strata::contacts
