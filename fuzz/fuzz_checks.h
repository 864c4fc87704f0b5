#pragma once

#include <string_view>

#include "http/message.h"

namespace strata::fuzzing {

// Aborts, naming the request, when a response breaks what every answer must keep: a status from
// 100 to 599 that is not 500 (bad input is a 4xx, never an internal error) and header names and
// values free of CR, LF and NUL, which would let input split the response.
void CheckResponse(const http::Request& request, const http::Response& response);

// Aborts with `what` when `condition` is false: an invariant of the code under test is broken.
void Check(bool condition, std::string_view what);

}  // namespace strata::fuzzing
