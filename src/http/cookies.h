#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace strata::http {

// The value of cookie `name` in the request's Cookie header(s).
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

struct CookieOptions {
  std::int64_t max_age_seconds = -1;  // -1: a browser-session cookie; 0: delete it.
  bool secure = false;                // Only over HTTPS.
  bool http_only = true;              // Out of reach of scripts.
};

// A Set-Cookie value with Path=/ and SameSite=Lax. `value` must be a cookie-safe token.
std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace strata::http
