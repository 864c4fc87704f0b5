#include "http/message.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

namespace strata::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const char* MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                        Method::kDelete, Method::kOptions}) {
    if (name == MethodName(method)) return method;
  }
  return Method::kOther;
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

const std::string& Request::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

void Response::SetHeader(std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (EqualsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", std::move(content_type));
  return response;
}

bool ParseTarget(std::string_view target, Request& request) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  request.target = std::string(target);
  request.path = std::string(parsed->path());
  if (request.path.empty() || request.path.front() != '/') return false;
  // A decoded NUL would cut strings short further down; such a path is never legitimate.
  if (request.path.find('\0') != std::string::npos) return false;
  request.query.clear();
  for (const auto& param : parsed->params()) {
    request.query.emplace_back(std::string(param.key), std::string(param.value));
  }
  return true;
}

}  // namespace strata::http
