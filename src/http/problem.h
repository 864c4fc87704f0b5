#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace strata::http {

// The HTTP status for each expected failure (kNotFound -> 404, kInvalidArgument -> 400, …).
int StatusOf(core::Errc code);

// An RFC 9457 problem+json response: {"type":"urn:strata:problem:SLUG","title","status",
// "detail","errors":{"field":"message"}}. Field errors are omitted when there are none.
Response ProblemResponse(int status, std::string_view slug, std::string_view title,
                         std::string_view detail = {},
                         const std::vector<core::FieldError>& fields = {});

// The problem response for an expected failure, with its per-field messages.
Response ErrorResponse(const core::Error& error);

}  // namespace strata::http
