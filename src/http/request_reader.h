#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.h"

namespace strata::http {

// The limits the server puts on one request.
struct RequestLimits {
  std::size_t header_limit = std::size_t{16} * 1024;
  std::uint64_t body_limit = 1 << 20;
};

// What reading one request from the wire came to.
enum class ReadOutcome {
  kRequest,         // A whole request, converted to Request.
  kIncomplete,      // The bytes end before the request does (or the peer went away).
  kHeaderTooLarge,  // Answered 431.
  kBodyTooLarge,    // Answered 413.
  kMalformed,       // Answered 400: not valid HTTP/1.1.
  kBadTarget,       // Answered 400: the target is not an absolute path with an optional query.
};

// One request read from bytes, with what the server needs to answer it.
struct ReadResult {
  ReadOutcome outcome = ReadOutcome::kIncomplete;
  Request request;           // Filled when the outcome is kRequest.
  unsigned version = 11;     // 10 or 11 once the request line was read.
  bool keep_alive = false;   // Whether the connection may carry another request.
  bool head = false;         // A HEAD request: the response carries no body.
  std::size_t consumed = 0;  // Bytes the request took from the front of the input.
  std::string detail;        // Why the request was refused, for the outcomes answered 4xx.
};

// Reads one request from the front of `bytes` with the server's parser, its limits and its
// conversion to Request (header names in lower case, target parsed into path and query): the
// server's read path without a socket, for fuzzing and tests. Never throws on bad input.
ReadResult ReadRequest(std::string_view bytes, const RequestLimits& limits,
                       std::string remote_address = "");

}  // namespace strata::http
