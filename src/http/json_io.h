#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "http/message.h"

namespace strata::http {

// The request body as JSON. A Content-Type other than application/json (or +json) is
// kUnsupportedMediaType; malformed JSON is kInvalidArgument naming the line and column; nesting
// deeper than 64 levels is refused, and so is a string holding a control character other than
// tab, line feed and carriage return (kInvalidArgument naming the field).
core::Result<json::value> ParseJsonBody(const Request& request);

// The request body as a JSON object; any other JSON value is kInvalidArgument.
core::Result<json::object> ParseJsonObject(const Request& request);

// Reads the string member `key`, adding a problem for `field` (default: the key) when it is
// missing or not a string.
std::string RequiredString(const json::object& body, std::string_view key,
                           std::vector<core::FieldError>& problems, std::string_view field = {});

// The `limit` query parameter of a list: 1 to 200, 50 when absent; kInvalidArgument otherwise.
core::Result<int> PageLimit(const Request& request);

// Whether the request declares a CSV file as its body: text/csv, or a type browsers and
// spreadsheets send for one (text/plain, application/vnd.ms-excel, application/octet-stream).
bool IsCsvUpload(const Request& request);

// A JSON response with its content type.
Response JsonResponse(int status, const json::value& body);

// A list response: {"items":[…],"next_cursor":…}.
Response ListResponse(json::array items, const std::optional<std::string>& next_cursor = {});

// 204 No Content.
Response NoContent();

}  // namespace strata::http
