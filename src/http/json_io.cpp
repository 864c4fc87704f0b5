#include "http/json_io.h"

#include <algorithm>
#include <charconv>
#include <optional>
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

// True for the C0 controls and DEL, except tab, line feed and carriage return: no field stores
// them (PostgreSQL cannot store NUL at all), and invisible controls only serve to deceive.
bool IsForbiddenControl(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

// The path ("brand.name", "scopes.regions[0]") of the first string in `value` that holds a
// forbidden control character, if any.
std::optional<std::string> FindControlCharacter(const json::value& value, const std::string& path,
                                                int depth) {
  if (depth > 64) return std::nullopt;
  if (value.is_string()) {
    const auto& text = value.as_string();
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return IsForbiddenControl(static_cast<unsigned char>(c)); })) {
      return path.empty() ? std::string("body") : path;
    }
  } else if (value.is_array()) {
    const auto& items = value.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (auto found =
              FindControlCharacter(items[i], path + "[" + std::to_string(i) + "]", depth + 1)) {
        return found;
      }
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.as_object()) {
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (auto found = FindControlCharacter(item, child, depth + 1)) return found;
    }
  }
  return std::nullopt;
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
  json::value body = parser.release();
  if (auto field = FindControlCharacter(body, "", 0)) {
    return core::Error::Invalid("text may not hold control characters",
                                {{*field, "must not contain control characters"}});
  }
  return body;
}

core::Result<json::object> ParseJsonObject(const Request& request) {
  auto body = ParseJsonBody(request);
  if (!body) return body.error();
  if (!body->is_object()) return core::Error::Invalid("the body must be a JSON object");
  return std::move(body->as_object());
}

std::string RequiredString(const json::object& body, std::string_view key,
                           std::vector<core::FieldError>& problems, std::string_view field) {
  const std::string name(field.empty() ? key : field);
  const json::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null()) {
    problems.push_back({name, "is required"});
    return "";
  }
  if (!value->is_string()) {
    problems.push_back({name, "must be a string"});
    return "";
  }
  return std::string(value->as_string());
}

Response ListResponse(json::array items, const std::optional<std::string>& next_cursor) {
  return JsonResponse(200, json::object{{"items", std::move(items)},
                                        {"next_cursor", next_cursor ? json::value(*next_cursor)
                                                                    : json::value(nullptr)}});
}

core::Result<int> PageLimit(const Request& request) {
  const auto text = request.Query("limit");
  if (!text) return 50;
  int limit = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 200) {
    return core::Error::Invalid("limit must be a whole number from 1 to 200",
                                {{"limit", "must be from 1 to 200"}});
  }
  return limit;
}

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

Response JsonResponse(int status, const json::value& body) {
  Response response;
  response.status = status;
  response.body = json::serialize(body);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

bool IsCsvUpload(const Request& request) {
  std::string type(request.Header("content-type"));
  type = type.substr(0, type.find(';'));
  type.erase(0, type.find_first_not_of(" \t"));
  type.erase(type.find_last_not_of(" \t") + 1);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "text/csv" || type == "text/plain" || type == "application/vnd.ms-excel" ||
         type == "application/octet-stream";
}

}  // namespace strata::http
