#include "app/ops_routes.h"

#include "app/app.h"
#include "db/migrations.h"
#include "http/json_io.h"
#include "http/problem.h"

namespace strata::app {
namespace {

http::Response Health(http::Request& /*request*/) {
  http::Response response = http::JsonResponse(200, json::object{{"status", "ok"}});
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

void RegisterOpsRoutes(http::Router& router, db::Database& database, core::Metrics& metrics) {
  router.Add(http::Method::kGet, "/healthz", Health);
  router.Add(http::Method::kGet, "/readyz", [&database](http::Request&) {
    const auto unavailable = [](const std::string& detail) {
      http::Response response = http::ProblemResponse(503, "not-ready", "Not ready", detail);
      response.SetHeader("Cache-Control", "no-store");
      return response;
    };
    auto state = db::ReadMigrationState(database, db::BuiltinMigrations());
    if (!state) return unavailable("The database does not answer: " + state.error().message);
    if (!state->up_to_date()) {
      return unavailable("The database schema is at version " + std::to_string(state->current) +
                         "; this server needs " + std::to_string(state->latest) +
                         ". Run strata migrate.");
    }
    http::Response response =
        http::JsonResponse(200, json::object{{"status", "ready"},
                                             {"database", db::DialectName(database.dialect())},
                                             {"schema_version", state->current}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
  router.Add(http::Method::kGet, "/metrics", [&metrics](http::Request&) {
    http::Response response =
        http::Response::Text(200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
  router.Add(http::Method::kGet, "/api/v1/version", [](http::Request&) {
    return http::JsonResponse(200, json::object{{"name", "strata"}, {"version", Version()}});
  });
}

}  // namespace strata::app
