#include "http/request_reader.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cctype>

#include "http/beast_request.h"

namespace strata::http {
namespace detail {

namespace bhttp = boost::beast::http;

void ApplyLimits(BeastRequestParser& parser, const RequestLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
}

ReadOutcome ClassifyReadError(const boost::beast::error_code& error) {
  if (!error) return ReadOutcome::kRequest;
  if (error == bhttp::error::body_limit) return ReadOutcome::kBodyTooLarge;
  if (error == bhttp::error::header_limit) return ReadOutcome::kHeaderTooLarge;
  // Any other parser error is a malformed request; errors of other categories (a timeout, a
  // reset, a cancelled read) and a stream that ends early are not the client's to be told about.
  if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
      error != bhttp::error::end_of_stream && error != bhttp::error::partial_message &&
      error != bhttp::error::need_more) {
    return ReadOutcome::kMalformed;
  }
  return ReadOutcome::kIncomplete;
}

std::string RefusalDetail(ReadOutcome outcome, const boost::beast::error_code& error,
                          const RequestLimits& limits) {
  switch (outcome) {
    case ReadOutcome::kBodyTooLarge:
      return "The body exceeds the limit of " + std::to_string(limits.body_limit) + " bytes.";
    case ReadOutcome::kHeaderTooLarge:
      return "The request header exceeds " + std::to_string(limits.header_limit) + " bytes.";
    case ReadOutcome::kMalformed:
      return "The request is not valid HTTP/1.1: " + error.message() + ".";
    case ReadOutcome::kBadTarget:
      return "The request target must be an absolute path with an optional query.";
    case ReadOutcome::kRequest:
    case ReadOutcome::kIncomplete:
      break;
  }
  return "";
}

bool HeaderToRequest(const BeastRequestHeader& header, std::string remote_address,
                     Request& request) {
  request.method = ParseMethod(header.method_string());
  for (const auto& field : header) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.remote_address = std::move(remote_address);
  return ParseTarget(header.target(), request);
}

bool ToRequest(BeastRequest&& message, std::string remote_address, Request& request) {
  const bool target_ok = HeaderToRequest(message.base(), std::move(remote_address), request);
  request.body = std::move(message.body());
  return target_ok;
}

}  // namespace detail

ReadResult ReadRequest(std::string_view bytes, const RequestLimits& limits,
                       std::string remote_address) {
  ReadResult result;
  detail::BeastRequestParser parser;
  detail::ApplyLimits(parser, limits);
  // The server reads the header and then the body; one pass over bytes already here does both.
  parser.eager(true);
  boost::beast::error_code error;
  while (!parser.is_done() && result.consumed < bytes.size()) {
    const std::size_t used = parser.put(
        boost::asio::buffer(bytes.data() + result.consumed, bytes.size() - result.consumed), error);
    result.consumed += used;
    if (error == boost::beast::http::error::need_more) {
      // Beast waits for the whole header before it consumes any of it: more bytes are needed
      // than there are, unless the header limit is reached first (put reports that itself).
      error = {};
      break;
    }
    if (error || used == 0) break;
  }
  if (parser.is_header_done()) {
    result.version = parser.get().version();
    result.keep_alive = parser.get().keep_alive();
    result.head = parser.get().method() == boost::beast::http::verb::head;
  }
  if (!error && !parser.is_done()) {
    result.outcome = ReadOutcome::kIncomplete;
    return result;
  }
  result.outcome = detail::ClassifyReadError(error);
  if (result.outcome != ReadOutcome::kRequest) {
    result.detail = detail::RefusalDetail(result.outcome, error, limits);
    return result;
  }
  if (!detail::ToRequest(parser.release(), std::move(remote_address), result.request)) {
    result.outcome = ReadOutcome::kBadTarget;
    result.detail = detail::RefusalDetail(result.outcome, error, limits);
  }
  return result;
}

}  // namespace strata::http
