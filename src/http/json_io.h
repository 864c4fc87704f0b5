#pragma once

#include "core/error.h"
#include "core/json.h"
#include "http/message.h"

namespace strata::http {

// The request body as JSON. A Content-Type other than application/json (or +json) is
// kUnsupportedMediaType; malformed JSON is kInvalidArgument naming the line and column; nesting
// deeper than 64 levels is refused.
core::Result<json::value> ParseJsonBody(const Request& request);

// A JSON response with its content type.
Response JsonResponse(int status, const json::value& body);

}  // namespace strata::http
