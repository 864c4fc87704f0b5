#include "integrations/webhook_routes.h"

#include "core/json.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::integrations {
namespace {

json::value OptionalTime(const std::optional<core::Timestamp>& time) {
  return time ? json::value(time->ToIso8601()) : json::value(nullptr);
}

json::value OptionalStatus(const std::optional<int>& status) {
  return status ? json::value(*status) : json::value(nullptr);
}

// An endpoint; `secret` only where it is shown (creation, rotation, an admin's request).
json::object EndpointJson(const Endpoint& endpoint, const std::string* secret = nullptr) {
  json::array events;
  for (const auto& kind : endpoint.events) events.emplace_back(kind);
  return {{"id", endpoint.id},
          {"url", endpoint.url},
          {"description", endpoint.description},
          {"events", std::move(events)},
          {"active", endpoint.active},
          {"secret_version", endpoint.secret_version},
          {"secret", secret != nullptr ? json::value(*secret) : json::value(nullptr)},
          {"created_at", endpoint.created_at.ToIso8601()},
          {"updated_at", endpoint.updated_at.ToIso8601()}};
}

json::object DeliveryJson(const Delivery& delivery) {
  json::array attempts;
  for (const auto& attempt : delivery.attempt_log) {
    attempts.emplace_back(json::object{{"attempted_at", attempt.attempted_at.ToIso8601()},
                                       {"status_code", OptionalStatus(attempt.status_code)},
                                       {"error", attempt.error},
                                       {"duration_ms", attempt.duration_ms},
                                       {"response_excerpt", attempt.response_excerpt}});
  }
  return {{"id", delivery.id},
          {"endpoint_id", delivery.endpoint_id},
          {"event_id", delivery.event_id},
          {"event_kind", delivery.event_kind},
          {"body", delivery.body},
          {"state", DeliveryStateName(delivery.state)},
          {"attempts", delivery.attempts},
          {"last_status", OptionalStatus(delivery.last_status)},
          {"last_error", delivery.last_error},
          {"next_attempt_at", OptionalTime(delivery.next_attempt_at)},
          {"delivered_at", OptionalTime(delivery.delivered_at)},
          {"failed_at", OptionalTime(delivery.failed_at)},
          {"created_at", delivery.created_at.ToIso8601()},
          {"attempt_log", std::move(attempts)}};
}

// A list of strings in `key`, with a problem when it is anything else.
std::optional<std::vector<std::string>> StringList(const json::object& body, const char* key,
                                                   std::vector<core::FieldError>& problems) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  std::vector<std::string> list;
  if (value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) break;
      list.emplace_back(item.as_string());
    }
    if (list.size() == value->as_array().size()) return list;
  }
  problems.push_back({key, "must be a list of event kinds, or [\"*\"] for every kind"});
  return std::nullopt;
}

std::optional<std::string> OptionalString(const json::object& body, const char* key,
                                          std::vector<core::FieldError>& problems) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return std::string(value->as_string());
  problems.push_back({key, "must be a string"});
  return std::nullopt;
}

std::optional<bool> OptionalBool(const json::object& body, const char* key,
                                 std::vector<core::FieldError>& problems) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_bool()) return value->as_bool();
  problems.push_back({key, "must be true or false"});
  return std::nullopt;
}

EndpointChanges ReadChanges(const json::object& body, std::vector<core::FieldError>& problems) {
  return {.url = OptionalString(body, "url", problems),
          .description = OptionalString(body, "description", problems),
          .events = StringList(body, "events", problems),
          .active = OptionalBool(body, "active", problems)};
}

core::Error CheckFields(std::vector<core::FieldError> problems) {
  return core::Error::Invalid("check the highlighted fields", std::move(problems));
}

// The reveal_secret query parameter: true, false, or absent (false).
core::Result<bool> RevealSecret(const http::Request& request) {
  const auto text = request.Query("reveal_secret");
  if (!text || *text == "false") return false;
  if (*text == "true") return true;
  return core::Error::Invalid("reveal_secret must be true or false",
                              {{"reveal_secret", "must be true or false"}});
}

}  // namespace

void RegisterWebhookRoutes(http::Router& router, WebhookService& webhooks,
                           const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/webhooks", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto limit = http::PageLimit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = webhooks.List(principal->actor(), *limit, request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& endpoint : page->items) items.emplace_back(EndpointJson(endpoint));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kPost, "/api/v1/webhooks", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const EndpointChanges fields = ReadChanges(*body, problems);
    if (!body->contains("url")) problems.push_back({"url", "is required"});
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    EndpointInput input;
    input.url = fields.url.value_or("");
    input.description = fields.description.value_or("");
    if (fields.events) input.events = *fields.events;
    input.active = fields.active.value_or(true);
    auto created = webhooks.Create(identity::RequestActor(*principal, request), input);
    if (!created) return http::ErrorResponse(created.error());
    return http::JsonResponse(201, EndpointJson(created->endpoint, &created->secret));
  });

  router.Add(http::Method::kGet, "/api/v1/webhooks/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto reveal = RevealSecret(request);
    if (!reveal) return http::ErrorResponse(reveal.error());
    if (*reveal) {
      auto shown = webhooks.GetWithSecret(principal->actor(), request.Param("id"));
      if (!shown) return http::ErrorResponse(shown.error());
      return http::JsonResponse(200, EndpointJson(shown->endpoint, &shown->secret));
    }
    auto endpoint = webhooks.Get(principal->actor(), request.Param("id"));
    if (!endpoint) return http::ErrorResponse(endpoint.error());
    return http::JsonResponse(200, EndpointJson(*endpoint));
  });

  router.Add(http::Method::kPatch, "/api/v1/webhooks/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const EndpointChanges changes = ReadChanges(*body, problems);
    if (!problems.empty()) return http::ErrorResponse(CheckFields(std::move(problems)));
    auto updated =
        webhooks.Update(identity::RequestActor(*principal, request), request.Param("id"), changes);
    if (!updated) return http::ErrorResponse(updated.error());
    return http::JsonResponse(200, EndpointJson(*updated));
  });

  router.Add(http::Method::kDelete, "/api/v1/webhooks/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto deleted =
        webhooks.Delete(identity::RequestActor(*principal, request), request.Param("id"));
    if (!deleted) return http::ErrorResponse(deleted.error());
    return http::NoContent();
  });

  router.Add(
      http::Method::kPost, "/api/v1/webhooks/{id}/rotate-secret", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        auto rotated =
            webhooks.RotateSecret(identity::RequestActor(*principal, request), request.Param("id"));
        if (!rotated) return http::ErrorResponse(rotated.error());
        return http::JsonResponse(200, EndpointJson(rotated->endpoint, &rotated->secret));
      });

  router.Add(http::Method::kPost, "/api/v1/webhooks/{id}/ping", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto delivery = webhooks.Ping(identity::RequestActor(*principal, request), request.Param("id"));
    if (!delivery) return http::ErrorResponse(delivery.error());
    return http::JsonResponse(202, DeliveryJson(*delivery));
  });

  router.Add(http::Method::kGet, "/api/v1/webhooks/{id}/deliveries", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto limit = http::PageLimit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = webhooks.Deliveries(principal->actor(), request.Param("id"), *limit,
                                    request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& delivery : page->items) items.emplace_back(DeliveryJson(delivery));
    return http::ListResponse(std::move(items), page->next_cursor);
  });
}

}  // namespace strata::integrations
