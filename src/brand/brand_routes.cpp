#include "brand/brand_routes.h"

#include "core/json.h"
#include "http/etag.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::brand {
namespace {

json::object SettingsJson(const OrgSettings& settings) {
  json::array kinds;
  for (const auto& kind : settings.kinds) kinds.emplace_back(kind);
  const Brand& brand = settings.brand;
  return {{"id", settings.id},
          {"name", settings.name},
          {"kinds", std::move(kinds)},
          {"brand",
           {{"primary_colour", brand.primary_colour},
            {"accent_colour", brand.accent_colour},
            {"sender_name", brand.sender_name},
            {"sender_email", brand.sender_email},
            {"website", brand.website},
            {"postal_address", brand.postal_address},
            {"signature", brand.signature}}},
          {"logo_url", settings.logo_etag ? json::value("/api/v1/orgs/" + settings.id + "/logo")
                                          : json::value(nullptr)}};
}

// Reads the optional string members of "brand"; a missing member stays empty.
Brand ReadBrand(const json::object& object, std::vector<core::FieldError>& problems) {
  Brand brand;
  for (auto [key, into] :
       {std::pair{"primary_colour", &brand.primary_colour},
        std::pair{"accent_colour", &brand.accent_colour},
        std::pair{"sender_name", &brand.sender_name},
        std::pair{"sender_email", &brand.sender_email}, std::pair{"website", &brand.website},
        std::pair{"postal_address", &brand.postal_address},
        std::pair{"signature", &brand.signature}}) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) continue;
    if (!value->is_string()) {
      problems.push_back({"brand." + std::string(key), "must be a string"});
      continue;
    }
    *into = std::string(value->as_string());
  }
  return brand;
}

}  // namespace

void RegisterBrandRoutes(http::Router& router, BrandService& brands,
                         const identity::Authenticator& auth) {
  router.Add(http::Method::kGet, "/api/v1/org", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto settings = brands.Get(principal->actor());
    if (!settings) return http::ErrorResponse(settings.error());
    return http::JsonResponse(200, SettingsJson(*settings));
  });

  router.Add(http::Method::kPatch, "/api/v1/org", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto body = http::ParseJsonObject(request);
    if (!body) return http::ErrorResponse(body.error());
    std::vector<core::FieldError> problems;
    SettingsChange change;
    if (body->contains("name")) change.name = http::RequiredString(*body, "name", problems);
    if (const json::value* brand = body->if_contains("brand"); brand && !brand->is_null()) {
      if (brand->is_object()) {
        change.brand = ReadBrand(brand->as_object(), problems);
      } else {
        problems.push_back({"brand", "must be an object"});
      }
    }
    if (!problems.empty()) {
      return http::ErrorResponse(core::Error::Invalid("check the highlighted fields", problems));
    }
    auto settings = brands.Change(identity::RequestActor(*principal, request), change);
    if (!settings) return http::ErrorResponse(settings.error());
    return http::JsonResponse(200, SettingsJson(*settings));
  });

  router.Add(http::Method::kPut, "/api/v1/org/logo", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    if (request.Header("content-type").rfind("image/", 0) != 0) {
      return http::ErrorResponse(core::Error{core::Errc::kUnsupportedMediaType,
                                             "send the logo itself, as image/png, image/jpeg or "
                                             "image/webp",
                                             {}});
    }
    auto settings = brands.SetLogo(identity::RequestActor(*principal, request), request.body);
    if (!settings) return http::ErrorResponse(settings.error());
    return http::JsonResponse(200, SettingsJson(*settings));
  });

  router.Add(http::Method::kDelete, "/api/v1/org/logo", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto removed = brands.RemoveLogo(identity::RequestActor(*principal, request));
    if (!removed) return http::ErrorResponse(removed.error());
    return http::NoContent();
  });

  router.Add(http::Method::kGet, "/api/v1/orgs/{id}/logo", [&](http::Request& request) {
    auto principal = auth.Require(request);
    if (!principal) return http::ErrorResponse(principal.error());
    auto logo = brands.LogoOf(principal->actor(), request.Param("id"));
    if (!logo) return http::ErrorResponse(logo.error());
    http::Response response;
    response.SetHeader("ETag", logo->etag);
    // Private: who may see a logo depends on who asks.
    response.SetHeader("Cache-Control", "private, max-age=300");
    response.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    if (http::EtagMatches(request.Header("if-none-match"), logo->etag)) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.SetHeader("Content-Type", logo->content_type);
    response.body = std::move(logo->bytes);
    return response;
  });
}

}  // namespace strata::brand
