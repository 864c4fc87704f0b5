#include "http/pipeline.h"

#include <chrono>
#include <exception>

#include "core/ids.h"
#include "core/log.h"
#include "http/problem.h"

namespace strata::http {

std::string ChooseRequestId(std::string_view incoming) {
  const bool usable = !incoming.empty() && incoming.size() <= 64 &&
                      incoming.find_first_not_of(
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
                          std::string_view::npos;
  return usable ? std::string(incoming) : core::RandomHex(16);
}

Pipeline::Pipeline(const Router& router, core::Metrics& metrics)
    : router_(router), metrics_(metrics) {
  metrics_.Describe("strata_http_requests_total", "HTTP requests by method, route and status.");
  metrics_.Describe("strata_http_request_duration_seconds",
                    "Time from a parsed request to its response, by route.");
}

void AddSecurityHeaders(Response& response) {
  // The portal runs only its own scripts; Mantine sets styles inline, hence 'unsafe-inline' for
  // styles alone. No page may frame it.
  static const std::pair<const char*, const char*> kDefaults[] = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  for (const auto& [name, value] : kDefaults) {
    if (response.Header(name).empty()) response.SetHeader(name, value);
  }
}

Response Pipeline::Handle(Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  request.request_id = ChooseRequestId(request.Header("x-request-id"));

  Response response;
  try {
    response = router_.Dispatch(request);
  } catch (const std::exception& error) {
    log::Error(
        "unhandled error",
        {{"request_id", request.request_id}, {"route", request.route}, {"error", error.what()}});
    response = ProblemResponse(500, "internal", "Internal server error",
                               "Something went wrong on our side. Quote request id " +
                                   request.request_id + " when you report it.");
  }
  response.SetHeader("X-Request-Id", request.request_id);
  AddSecurityHeaders(response);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string route = request.route.empty() ? "(none)" : request.route;
  metrics_.Increment("strata_http_requests_total", {{"method", MethodName(request.method)},
                                                    {"route", route},
                                                    {"status", std::to_string(response.status)}});
  metrics_.Observe("strata_http_request_duration_seconds", {{"route", route}}, seconds);
  if (log::Enabled(log::Level::kInfo)) {
    // The query string is left out: it may carry tokens or personal data.
    log::Info("request", {{"request_id", request.request_id},
                          {"method", MethodName(request.method)},
                          {"path", request.path},
                          {"route", route},
                          {"status", response.status},
                          {"bytes", response.body.size()},
                          {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                          {"remote", request.remote_address}});
  }
  return response;
}

}  // namespace strata::http
