#pragma once

#include "core/metrics.h"
#include "db/database.h"
#include "http/router.h"

namespace strata::app {

// /healthz (the process answers), /readyz (the database answers and its schema is current;
// 503 otherwise), /metrics (Prometheus text) and /api/v1/version. None of them shows data of
// any organisation, so none needs a session.
void RegisterOpsRoutes(http::Router& router, db::Database& database, core::Metrics& metrics);

}  // namespace strata::app
