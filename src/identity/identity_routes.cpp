#include "identity/identity_routes.h"

#include <algorithm>

#include "core/json.h"
#include "http/cookies.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::identity {
namespace {

json::object UserJson(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"name", user.name}};
}

json::object OrgJson(const Org& org) {
  json::array kinds;
  for (const auto& kind : org.kinds) kinds.emplace_back(kind);
  return {{"id", org.id}, {"name", org.name}, {"kinds", std::move(kinds)}};
}

json::object ScopesJson(const access::Scopes& scopes) {
  const auto list = [](const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return array;
  };
  return {{"regions", list(scopes.regions)},
          {"vendors", list(scopes.vendors)},
          {"departments", list(scopes.departments)}};
}

json::object PrincipalJson(const Principal& principal, const std::string& csrf_token) {
  return {{"user", UserJson(principal.user)},
          {"org", OrgJson(principal.org)},
          {"role", access::RoleName(principal.role)},
          {"scopes", ScopesJson(principal.scopes)},
          {"csrf_token", csrf_token}};
}

core::Error NoSession() {
  return core::Error::Invalid("an API token has no session; revoke the token instead");
}

Origin OriginOf(const http::Request& request) {
  return {request.remote_address, std::string(request.Header("user-agent")), request.request_id};
}

http::Response SessionResponse(int status, const Session& session, const Authenticator& auth) {
  http::Response response =
      http::JsonResponse(status, PrincipalJson(session.principal, session.csrf_token));
  response.SetHeader("Set-Cookie", auth.SessionCookie(session));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

void RegisterIdentityRoutes(http::Router& router, IdentityService& identity,
                            const Authenticator& auth) {
  router.Add(http::Method::kPost, "/api/v1/auth/signup", [&](http::Request& request) {
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    SignupInput input;
    input.email = http::RequiredString(*body, "email", problems);
    input.password = http::RequiredString(*body, "password", problems);
    input.name = http::RequiredString(*body, "name", problems);
    if (const json::value* invitation = body->if_contains("invitation");
        invitation != nullptr && !invitation->is_null()) {
      input.invitation = http::RequiredString(*body, "invitation", problems);
    }
    // Joining a team by invitation needs no organisation of one's own.
    const json::value* org = body->if_contains("org");
    const bool org_missing = org == nullptr || org->is_null();
    if (org_missing && input.invitation) {
      // Whether the invitation needs one is for the invitation to say.
    } else if (org_missing || !org->is_object()) {
      problems.push_back({"org", "must be an object with a name and kinds"});
    } else {
      input.org_name = http::RequiredString(org->as_object(), "name", problems, "org.name");
      const json::value* kinds = org->as_object().if_contains("kinds");
      if (kinds == nullptr || !kinds->is_array()) {
        problems.push_back({"org.kinds", "must be a list of vendor, distributor or reseller"});
      } else {
        for (const auto& kind : kinds->as_array()) {
          if (!kind.is_string()) {
            problems.push_back({"org.kinds", "must be a list of vendor, distributor or reseller"});
            break;
          }
          input.org_kinds.emplace_back(kind.as_string());
        }
      }
    }
    // Type problems first, then the rules for the fields that were well typed.
    for (auto& problem : ValidateSignup(input)) {
      const bool known = std::any_of(problems.begin(), problems.end(),
                                     [&](const auto& p) { return p.field == problem.field; });
      if (!known) problems.push_back(std::move(problem));
    }
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto session = identity.Signup(input, OriginOf(request));
    if (!session) return http::ErrorResponse(session.error());
    return SessionResponse(201, *session, auth);
  });

  router.Add(http::Method::kPost, "/api/v1/auth/login", [&](http::Request& request) {
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string email = http::RequiredString(*body, "email", problems);
    const std::string password = http::RequiredString(*body, "password", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto session = identity.Login(email, password, OriginOf(request));
    if (!session) return http::ErrorResponse(session.error());
    return SessionResponse(200, *session, auth);
  });

  router.Add(http::Method::kPost, "/api/v1/auth/logout", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (principal->api_token_id) return http::ErrorResponse(NoSession());
    if (auto ended = identity.Logout(*http::CookieValue(request, kSessionCookie)); !ended) {
      return http::ErrorResponse(ended.error());
    }
    http::Response response;
    response.status = 204;
    response.SetHeader("Set-Cookie", auth.ClearedSessionCookie());
    return response;
  });

  router.Add(http::Method::kPost, "/api/v1/auth/logout-everywhere", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (principal->api_token_id) return http::ErrorResponse(NoSession());
    if (auto ended = identity.LogoutEverywhere(*principal); !ended) {
      return http::ErrorResponse(ended.error());
    }
    http::Response response;
    response.status = 204;
    response.SetHeader("Set-Cookie", auth.ClearedSessionCookie());
    return response;
  });

  router.Add(http::Method::kPost, "/api/v1/auth/switch-org", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (principal->api_token_id) return http::ErrorResponse(NoSession());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string org_id = http::RequiredString(*body, "org_id", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("name the organisation", problems));
    }
    const std::string token = *http::CookieValue(request, kSessionCookie);
    auto switched = identity.SwitchOrg(token, org_id);
    if (!switched) return http::ErrorResponse(switched.error());
    return http::JsonResponse(200, PrincipalJson(*switched, identity.CsrfToken(token)));
  });

  router.Add(http::Method::kPost, "/api/v1/auth/password", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (principal->api_token_id) return http::ErrorResponse(NoSession());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string current = http::RequiredString(*body, "current_password", problems);
    const std::string chosen = http::RequiredString(*body, "new_password", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto session = identity.ChangePassword(*principal, current, chosen, OriginOf(request));
    if (!session) return http::ErrorResponse(session.error());
    return SessionResponse(200, *session, auth);
  });

  router.Add(http::Method::kGet, "/api/v1/me/orgs", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    // A token belongs to one organisation, whatever else its creator belongs to.
    auto orgs =
        principal->api_token_id
            ? core::Result<std::vector<std::pair<Org, access::Role>>>(
                  std::vector<std::pair<Org, access::Role>>{{principal->org, principal->role}})
            : identity.OrgsOf(*principal);
    if (!orgs) return http::ErrorResponse(orgs.error());
    json::array items;
    for (const auto& [org, role] : *orgs) {
      json::object item = OrgJson(org);
      item["role"] = access::RoleName(role);
      items.emplace_back(std::move(item));
    }
    return http::ListResponse(std::move(items));
  });

  router.Add(http::Method::kGet, "/api/v1/me", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    json::object body;
    if (principal->api_token_id) {
      body = PrincipalJson(*principal, "");
      body["csrf_token"] = nullptr;
      body["api_token_id"] = *principal->api_token_id;
    } else {
      body = PrincipalJson(*principal,
                           identity.CsrfToken(*http::CookieValue(request, kSessionCookie)));
    }
    http::Response response = http::JsonResponse(200, body);
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

void RegisterPasswordResetRoutes(http::Router& router, PasswordResets& resets) {
  router.Add(http::Method::kPost, "/api/v1/auth/password-reset", [&](http::Request& request) {
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string email = http::RequiredString(*body, "email", problems);
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the email address", problems));
    }
    if (auto requested = resets.Request(email, OriginOf(request)); !requested) {
      return http::ErrorResponse(requested.error());
    }
    // The same answer whether or not the account exists.
    return http::JsonResponse(
        202, json::object{{"detail", "if an account uses that address, a link is on its way"}});
  });

  router.Add(http::Method::kPost, "/api/v1/auth/password-reset/confirm",
             [&](http::Request& request) {
               auto body = http::ParseJsonObject(request);
               if (!body) return http::ErrorResponse(body.error());
               std::vector<core::FieldError> problems;
               const std::string token = http::RequiredString(*body, "token", problems);
               const std::string password = http::RequiredString(*body, "password", problems);
               if (!problems.empty()) {
                 return http::ErrorResponse(
                     core::Error::Invalid("check the highlighted fields", problems));
               }
               if (auto done = resets.Complete(token, password, OriginOf(request)); !done) {
                 return http::ErrorResponse(done.error());
               }
               return http::NoContent();
             });
}

}  // namespace strata::identity
