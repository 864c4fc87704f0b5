#pragma once

#include "deals/direct_pipeline.h"
#include "http/router.h"
#include "identity/auth.h"

namespace strata::deals {

// /api/v1/direct-opportunities (list, create), /api/v1/direct-opportunities/import (text/csv)
// and /api/v1/direct-opportunities/{id} (get, change, delete): the vendor's own pipeline.
void RegisterDirectPipelineRoutes(http::Router& router, DirectPipeline& pipeline,
                                  const identity::Authenticator& auth);

}  // namespace strata::deals
