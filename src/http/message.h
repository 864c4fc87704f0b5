#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

const char* MethodName(Method method);
Method ParseMethod(std::string_view name);

// An HTTP request as the rest of Strata sees it: plain data, no Beast types, so that modules can
// be compiled and tested without the network stack.
struct Request {
  Method method = Method::kGet;
  std::string target;                                        // As received: path and query.
  std::string path;                                          // Percent-decoded path.
  std::vector<std::pair<std::string, std::string>> query;    // Decoded, in order.
  std::vector<std::pair<std::string, std::string>> headers;  // Names in lower case.
  std::string body;  // Empty on upload routes: their body is in body_file.
  // Upload routes only (Router::AddUpload): the file the server wrote the body to, and its size
  // in bytes. The handler may move the file away (a rename within the spool folder's file
  // system); whatever is left at this path is removed once the handler returns.
  std::optional<std::filesystem::path> body_file{};
  std::uint64_t body_file_size = 0;
  std::string remote_address;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // Filled by the router: {"id": "…"}.
  std::string route;                               // The matched pattern, for metrics and logs.

  // The first header named `name` (lower case), or "" when absent.
  std::string_view Header(std::string_view name) const;
  // The first query parameter named `name`.
  std::optional<std::string> Query(std::string_view name) const;
  // A path parameter set by the router; "" when absent.
  const std::string& Param(const std::string& name) const;
};

// An HTTP response: status, headers and body.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Sets a header, replacing any of the same name (case-insensitive).
  void SetHeader(std::string_view name, std::string value);
  std::string_view Header(std::string_view name) const;
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
};

// Parses an origin-form request target ("/a%20b?x=1") into the request's path and query.
// Returns false for a malformed target or a path that is not absolute.
bool ParseTarget(std::string_view target, Request& request);

}  // namespace strata::http
