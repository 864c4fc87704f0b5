#pragma once

// Internal to src/http: the Beast side of reading a request, shared by the server (server.cpp)
// and ReadRequest (request_reader.cpp). Nothing outside src/http includes it.

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "http/request_reader.h"

namespace strata::http::detail {

using BeastRequestHeader = boost::beast::http::request_header<>;
using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the parser's header and body limits.
void ApplyLimits(BeastRequestParser& parser, const RequestLimits& limits);

// What a read that ended with `error` comes to: kRequest when there is no error; kIncomplete for
// the end of the stream, a timeout or a reset, after which the server just closes.
ReadOutcome ClassifyReadError(const boost::beast::error_code& error);

// The refusal's explanation for a client, for the outcomes the server answers with 4xx.
std::string RefusalDetail(ReadOutcome outcome, const boost::beast::error_code& error,
                          const RequestLimits& limits);

// Converts a parsed header into `request`: header names in lower case, the target parsed into
// path and query; the body is left alone. False when the target is not an absolute path with an
// optional query.
bool HeaderToRequest(const BeastRequestHeader& header, std::string remote_address,
                     Request& request);

// HeaderToRequest, and the body moved into request.body.
bool ToRequest(BeastRequest&& message, std::string remote_address, Request& request);

}  // namespace strata::http::detail
