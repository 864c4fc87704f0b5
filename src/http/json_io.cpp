#include "http/json_io.h"

#include <string>

namespace strata::http {
namespace {

// Line and column (1-based) of byte `offset`, for an error message people can act on.
std::string Position(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

core::Result<json::value> ParseJsonBody(const Request& request) {
  const std::string_view type = request.Header("content-type");
  const std::string_view media = type.substr(0, type.find(';'));
  const bool json_type = media == "application/json" ||
                         (media.size() > 5 && media.substr(media.size() - 5) == "+json");
  if (!json_type) {
    return core::Error{core::Errc::kUnsupportedMediaType,
                       "the body must be JSON, sent with Content-Type: application/json",
                       {}};
  }
  json::parse_options options;
  options.max_depth = 64;
  json::stream_parser parser({}, options);
  boost::system::error_code error;
  const std::size_t consumed = parser.write_some(request.body.data(), request.body.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    return core::Error::Invalid("malformed JSON at " + Position(request.body, consumed) + ": " +
                                error.message());
  }
  return parser.release();
}

Response JsonResponse(int status, const json::value& body) {
  Response response;
  response.status = status;
  response.body = json::serialize(body);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

}  // namespace strata::http
