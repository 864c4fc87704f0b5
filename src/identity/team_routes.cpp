#include "identity/team_routes.h"

#include "core/json.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::identity {
namespace {

json::array List(const std::vector<std::string>& items) {
  json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

json::object ScopesJson(const access::Scopes& scopes) {
  return {{"regions", List(scopes.regions)},
          {"vendors", List(scopes.vendors)},
          {"departments", List(scopes.departments)}};
}

json::object MemberJson(const Member& member) {
  return {{"user_id", member.user_id},
          {"email", member.email},
          {"name", member.name},
          {"role", access::RoleName(member.role)},
          {"scopes", ScopesJson(member.scopes)}};
}

json::value OptionalTime(const std::optional<core::Timestamp>& at) {
  return at ? json::value(at->ToIso8601()) : json::value(nullptr);
}

json::object ApiTokenJson(const ApiToken& token) {
  return {{"id", token.id},
          {"org_id", token.org_id},
          {"name", token.name},
          {"role", access::RoleName(token.role)},
          {"prefix", token.prefix},
          {"created_by", token.created_by_email},
          {"created_at", token.created_at.ToIso8601()},
          {"last_used_at", OptionalTime(token.last_used_at)},
          {"revoked_at", OptionalTime(token.revoked_at)}};
}

json::object InvitationJson(const Invitation& invitation) {
  return {{"id", invitation.id},
          {"org_id", invitation.org_id},
          {"email", invitation.email},
          {"role", access::RoleName(invitation.role)},
          {"scopes", ScopesJson(invitation.scopes)},
          {"status", invitation.status},
          {"expires_at", invitation.expires_at.ToIso8601()}};
}

// Reads "role" and "scopes" from a body, collecting per-field problems.
void ReadRoleAndScopes(const json::object& body, access::Role& role, access::Scopes& scopes,
                       std::vector<core::FieldError>& problems) {
  const json::value* role_value = body.if_contains("role");
  if (role_value == nullptr || !role_value->is_string() ||
      !access::ParseRole(std::string(role_value->as_string()), role)) {
    problems.push_back({"role", "must be owner, admin, manager, member or viewer"});
  }
  const json::value* scopes_value = body.if_contains("scopes");
  if (scopes_value == nullptr || scopes_value->is_null()) return;
  if (!scopes_value->is_object()) {
    problems.push_back({"scopes", "must be an object of regions, vendors and departments"});
    return;
  }
  for (const auto& [key, list] : scopes_value->as_object()) {
    std::vector<std::string>* into = key == "regions"       ? &scopes.regions
                                     : key == "vendors"     ? &scopes.vendors
                                     : key == "departments" ? &scopes.departments
                                                            : nullptr;
    const std::string field = "scopes." + std::string(key);
    if (into == nullptr || !list.is_array()) {
      problems.push_back({field, "must be a list of regions, vendors or departments"});
      continue;
    }
    for (const auto& item : list.as_array()) {
      if (!item.is_string() || item.as_string().empty() || item.as_string().size() > 200) {
        problems.push_back({field, "must hold names of 1 to 200 characters"});
        break;
      }
      into->emplace_back(item.as_string());
    }
  }
}

}  // namespace

void RegisterTeamRoutes(http::Router& router, TeamService& teams, const Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/members", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto members = teams.Members(principal->actor());
    if (!members) return http::ErrorResponse(members.error());
    json::array items;
    for (const auto& member : *members) items.emplace_back(MemberJson(member));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kPatch, "/api/v1/members/{user_id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    access::Role role = access::Role::kViewer;
    access::Scopes scopes;
    std::vector<core::FieldError> problems;
    ReadRoleAndScopes(*body, role, scopes, problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto changed =
        teams.Change(RequestActor(*principal, request), request.Param("user_id"), role, scopes);
    if (!changed) return http::ErrorResponse(changed.error());
    return http::JsonResponse(200, MemberJson(*changed));
  });

  router.Add(http::Method::kDelete, "/api/v1/members/{user_id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto removed = teams.Remove(RequestActor(*principal, request), request.Param("user_id"));
    if (!removed) return http::ErrorResponse(removed.error());
    return http::NoContent();
  });

  router.Add(http::Method::kGet, "/api/v1/member-invitations", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto invitations = teams.Invitations(principal->actor());
    if (!invitations) return http::ErrorResponse(invitations.error());
    json::array items;
    for (const auto& invitation : *invitations) items.emplace_back(InvitationJson(invitation));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kPost, "/api/v1/member-invitations", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    access::Role role = access::Role::kMember;
    access::Scopes scopes;
    std::vector<core::FieldError> problems;
    const std::string email = http::RequiredString(*body, "email", problems);
    ReadRoleAndScopes(*body, role, scopes, problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto invitation = teams.Invite(RequestActor(*principal, request), email, role, scopes);
    if (!invitation) return http::ErrorResponse(invitation.error());
    return http::JsonResponse(201, InvitationJson(*invitation));
  });

  router.Add(http::Method::kDelete, "/api/v1/member-invitations/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto revoked = teams.Revoke(RequestActor(*principal, request), request.Param("id"));
    if (!revoked) return http::ErrorResponse(revoked.error());
    return http::NoContent();
  });

  router.Add(http::Method::kPost, "/api/v1/member-invitations/accept", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    // Joining a team is a person's act: an integration's token may not do it for its issuer.
    if (principal->api_token_id) {
      return http::ErrorResponse(core::Error::Invalid(
          "an API token cannot join a team; sign in to accept the invitation"));
    }
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string token = http::RequiredString(*body, "token", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(
          core::Error::Invalid("the invitation's token is required", problems));
    }
    auto accepted = teams.Accept(RequestActor(*principal, request), token);
    if (!accepted) return http::ErrorResponse(accepted.error());
    return http::JsonResponse(200, InvitationJson(*accepted));
  });
}

void RegisterApiTokenRoutes(http::Router& router, ApiTokens& tokens, const Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/api-tokens", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto list = tokens.List(principal->actor());
    if (!list) return http::ErrorResponse(list.error());
    json::array items;
    for (const auto& token : *list) items.emplace_back(ApiTokenJson(token));
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kPost, "/api/v1/api-tokens", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string name = http::RequiredString(*body, "name", problems);
    access::Role role = access::Role::kMember;
    if (const json::value* value = body->if_contains("role"); value != nullptr) {
      if (!value->is_string() || !access::ParseRole(std::string(value->as_string()), role)) {
        problems.push_back({"role", "must be admin, manager, member or viewer"});
      }
    }
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto issued = tokens.Create(RequestActor(*principal, request), name, role);
    if (!issued) return http::ErrorResponse(issued.error());
    json::object body_out = ApiTokenJson(issued->token);
    // The only time the secret is ever shown.
    body_out["token"] = issued->secret;
    http::Response response = http::JsonResponse(201, body_out);
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });

  router.Add(http::Method::kDelete, "/api/v1/api-tokens/{id}", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto revoked = tokens.Revoke(RequestActor(*principal, request), request.Param("id"));
    if (!revoked) return http::ErrorResponse(revoked.error());
    return http::NoContent();
  });
}

}  // namespace strata::identity
