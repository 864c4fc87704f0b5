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

Origin OriginOf(const http::Request& request) {
  return {request.remote_address, std::string(request.Header("user-agent")), request.request_id};
}

// Reads a string member, collecting a field error when it is missing or not a string.
std::string StringField(const json::object& body, const char* key, const std::string& field,
                        std::vector<core::FieldError>& problems) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    problems.push_back({field, "is required"});
    return "";
  }
  if (!value->is_string()) {
    problems.push_back({field, "must be a string"});
    return "";
  }
  return std::string(value->as_string());
}

core::Result<json::object> ObjectBody(const http::Request& request) {
  auto body = http::ParseJsonBody(request);
  if (!body) return body.error();
  if (!body->is_object()) return core::Error::Invalid("the body must be a JSON object");
  return std::move(body->as_object());
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
    auto body = ObjectBody(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    SignupInput input;
    input.email = StringField(*body, "email", "email", problems);
    input.password = StringField(*body, "password", "password", problems);
    input.name = StringField(*body, "name", "name", problems);
    const json::value* org = body->if_contains("org");
    if (org == nullptr || !org->is_object()) {
      problems.push_back({"org", "must be an object with a name and kinds"});
    } else {
      input.org_name = StringField(org->as_object(), "name", "org.name", problems);
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
    auto body = ObjectBody(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    const std::string email = StringField(*body, "email", "email", problems);
    const std::string password = StringField(*body, "password", "password", problems);
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
    if (auto ended = identity.LogoutEverywhere(*principal); !ended) {
      return http::ErrorResponse(ended.error());
    }
    http::Response response;
    response.status = 204;
    response.SetHeader("Set-Cookie", auth.ClearedSessionCookie());
    return response;
  });

  router.Add(http::Method::kGet, "/api/v1/me", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    const std::string token = *http::CookieValue(request, kSessionCookie);
    http::Response response =
        http::JsonResponse(200, PrincipalJson(*principal, identity.CsrfToken(token)));
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace strata::identity
