#pragma once

#include <cstddef>
#include <string>
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

// What is wrong with one row of an imported file: its 1-based line, the column ("" for the
// row as a whole) and a message for a person fixing the file.
struct RowProblem {
  std::size_t line;
  std::string field;
  std::string message;
};

// The 400 answer to an import that stored nothing: an invalid-argument problem whose "rows" list
// every rejected row, {"line","field","message"}, in the order given.
Response RowsProblemResponse(std::string_view detail, const std::vector<RowProblem>& rows);

}  // namespace strata::http
