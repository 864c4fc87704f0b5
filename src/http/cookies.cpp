#include "http/cookies.h"

#include <stdexcept>

namespace strata::http {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (Trim(pair.substr(0, equals)) != name) continue;
      std::string_view cookie = Trim(pair.substr(equals + 1));
      if (cookie.size() >= 2 && cookie.front() == '"' && cookie.back() == '"') {
        cookie = cookie.substr(1, cookie.size() - 2);
      }
      return std::string(cookie);
    }
  }
  return std::nullopt;
}

std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
  // Only token characters: a value from outside could otherwise add attributes.
  for (char c : value) {
    if (c <= ' ' || c == ';' || c == ',' || c == '"' || c == '\\' || c == 0x7f) {
      throw std::invalid_argument("cookie value is not a token");
    }
  }
  std::string header = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
  if (options.max_age_seconds >= 0)
    header += "; Max-Age=" + std::to_string(options.max_age_seconds);
  if (options.http_only) header += "; HttpOnly";
  if (options.secure) header += "; Secure";
  return header;
}

}  // namespace strata::http
