#include "network/network_routes.h"

#include "core/json.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::network {
namespace {

json::object OrgJson(const OrgRef& org) {
  json::array kinds;
  for (const auto& kind : org.kinds) kinds.emplace_back(kind);
  return {{"id", org.id},
          {"name", org.name},
          {"kinds", std::move(kinds)},
          {"awaiting_sign_up", org.awaiting_sign_up},
          {"logo_url",
           org.has_logo ? json::value("/api/v1/orgs/" + org.id + "/logo") : json::value(nullptr)}};
}

json::object RelationshipJson(const Relationship& relationship) {
  json::array vendor_ids;
  for (const auto& id : relationship.vendor_ids) vendor_ids.emplace_back(id);
  return {{"id", relationship.id},
          {"status", StatusName(relationship.status)},
          {"kind", relationship.kind},
          {"tier", relationship.tier},
          {"upstream", OrgJson(relationship.upstream)},
          {"downstream", OrgJson(relationship.downstream)},
          {"vendor_ids", std::move(vendor_ids)},
          {"created_at", relationship.created_at.ToIso8601()},
          {"updated_at", relationship.updated_at.ToIso8601()}};
}

http::Response RelationshipResponse(int status, const core::Result<Relationship>& result) {
  if (!result) return http::ErrorResponse(result.error());
  return http::JsonResponse(status, RelationshipJson(*result));
}

void AddAction(http::Router& router, NetworkService& network, const identity::Authenticator& auth,
               Action action) {
  router.Add(http::Method::kPost, std::string("/api/v1/relationships/{id}/") + ActionName(action),
             [&network, &auth, action](http::Request& request) {
               auto principal = auth.Require(request);
               if (!principal) return http::ErrorResponse(principal.error());
               return RelationshipResponse(
                   200, network.Apply(identity::RequestActor(*principal, request),
                                      request.Param("id"), action));
             });
}

}  // namespace

void RegisterNetworkRoutes(http::Router& router, NetworkService& network,
                           const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/relationships", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto limit = http::PageLimit(request);
    if (!limit) return http::ErrorResponse(limit.error());
    auto page = network.List(principal->actor(), *limit, request.Query("cursor"));
    if (!page) return http::ErrorResponse(page.error());
    json::array items;
    for (const auto& relationship : page->items) items.emplace_back(RelationshipJson(relationship));
    return http::ListResponse(std::move(items), page->next_cursor);
  });

  router.Add(http::Method::kPost, "/api/v1/relationships", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    const auto& object = *body;
    InviteTarget target;
    std::vector<core::FieldError> problems;
    const auto text = [&](const char* key) -> std::optional<std::string> {
      const json::value* value = object.if_contains(key);
      if (value == nullptr || value->is_null()) return std::nullopt;
      if (!value->is_string()) {
        problems.push_back({key, "must be a string"});
        return std::nullopt;
      }
      return std::string(value->as_string());
    };
    target.org_id = text("org_id");
    target.email = text("email");
    const auto kind = text("kind");
    if (!kind) problems.push_back({"kind", "is required: distributor or reseller"});
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    return RelationshipResponse(
        201, network.Invite(identity::RequestActor(*principal, request), target, *kind));
  });

  router.Add(http::Method::kGet, "/api/v1/relationships/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    return RelationshipResponse(200, network.Get(principal->actor(), request.Param("id")));
  });

  for (Action action :
       {Action::kAccept, Action::kDecline, Action::kSuspend, Action::kReactivate, Action::kEnd}) {
    AddAction(router, network, auth, action);
  }

  router.Add(http::Method::kPatch, "/api/v1/relationships/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string tier = http::RequiredString(*body, "tier", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("give the tier", problems));
    }
    return RelationshipResponse(200, network.SetTier(identity::RequestActor(*principal, request),
                                                     request.Param("id"), tier));
  });

  router.Add(http::Method::kPut, "/api/v1/relationships/{id}/authorizations",
             [&](http::Request& request) {
               auto principal = auth.Require(request);
               if (!principal) return http::ErrorResponse(principal.error());
               auto body = http::ParseJsonBody(request);
               if (!body) return http::ErrorResponse(body.error());
               const json::value* ids =
                   body->is_object() ? body->as_object().if_contains("vendor_ids") : nullptr;
               std::vector<std::string> vendor_ids;
               bool valid = ids != nullptr && ids->is_array();
               if (valid) {
                 for (const auto& id : ids->as_array()) {
                   if (!id.is_string()) {
                     valid = false;
                     break;
                   }
                   vendor_ids.emplace_back(id.as_string());
                 }
               }
               if (!valid) {
                 return http::ErrorResponse(
                     core::Error::Invalid("vendor_ids must be a list of organisation ids",
                                          {{"vendor_ids", "must be a list of organisation ids"}}));
               }
               return RelationshipResponse(
                   200, network.SetAuthorizations(identity::RequestActor(*principal, request),
                                                  request.Param("id"), vendor_ids));
             });

  router.Add(
      http::Method::kPost, "/api/v1/network-invitations/accept", [&](http::Request& request) {
        auto principal = auth.Require(request);
        if (!principal) return http::ErrorResponse(principal.error());
        auto body = http::ParseJsonObject(request);
        if (!body) return http::ErrorResponse(body.error());
        std::vector<core::FieldError> problems;
        const std::string token = http::RequiredString(*body, "token", problems);
        if (!problems.empty()) {
          return http::ErrorResponse(
              core::Error::Invalid("the invitation's token is required", problems));
        }
        auto taken = network.TakeUpInvitation(identity::RequestActor(*principal, request), token);
        if (!taken) return http::ErrorResponse(taken.error());
        json::array items;
        for (const auto& relationship : *taken) items.emplace_back(RelationshipJson(relationship));
        return http::ListResponse(std::move(items));
      });

  router.Add(http::Method::kGet, "/api/v1/vendors", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto vendors = network.Vendors(principal->actor());
    if (!vendors) return http::ErrorResponse(vendors.error());
    json::array items;
    for (const auto& entry : *vendors) {
      json::array routes;
      for (const auto& route : entry.routes) {
        json::object item{{"relationship_id", route.relationship_id},
                          {"type", route.distributor ? "distributor" : "direct"}};
        if (route.distributor) item["distributor"] = OrgJson(*route.distributor);
        routes.emplace_back(std::move(item));
      }
      items.emplace_back(
          json::object{{"vendor", OrgJson(entry.vendor)}, {"routes", std::move(routes)}});
    }
    return http::ListResponse(std::move(items));
  });
}

}  // namespace strata::network
