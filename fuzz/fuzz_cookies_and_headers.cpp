// Header lines ("name: value", one per line) as a request's headers, through the header readers
// every request meets: cookies (CookieValue, SetCookie), the request id (ChooseRequestId), ETag
// matching (EtagMatches), the target (ParseTarget, from an optional first line "TARGET ...") and
// the response's header setters, each checked against what it promises.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "http/cookies.h"
#include "http/etag.h"
#include "http/message.h"
#include "http/pipeline.h"

namespace {

using namespace strata;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Every cookie name in the request's Cookie headers, as CookieValue's callers would ask for them.
std::vector<std::string> CookieNames(const http::Request& request) {
  std::vector<std::string> names{"strata_session", ""};
  for (const auto& [name, value] : request.headers) {
    if (name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = rest.substr(0, end);
      names.emplace_back(Trim(pair.substr(0, pair.find('='))));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  return names;
}

void CheckCookies(const http::Request& request) {
  for (const std::string& name : CookieNames(request)) {
    const auto value = http::CookieValue(request, name);
    if (!value) continue;
    bool found = false;
    for (const auto& [header, text] : request.headers) {
      if (header == "cookie" && text.find(*value) != std::string::npos) found = true;
    }
    fuzzing::Check(found, "a cookie value that is not in any Cookie header");
    fuzzing::Check(value->find(';') == std::string::npos, "a cookie value holding ';'");
    try {
      const std::string set = http::SetCookie("strata_session", *value, {});
      fuzzing::Check(set.find_first_of(std::string_view("\r\n\0,\"", 5)) == std::string::npos &&
                         set.find(';') == std::string("strata_session=").size() + value->size(),
                     "SetCookie let a value add to the header");
    } catch (const std::invalid_argument&) {
      // Not a token: refused, as promised.
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  http::Request request;
  std::string_view rest = input;
  bool first = true;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first && line.substr(0, 7) == "TARGET ") {
      if (http::ParseTarget(line.substr(7), request)) {
        fuzzing::Check(!request.path.empty() && request.path.front() == '/',
                       "a parsed path that is not absolute");
        fuzzing::Check(request.path.find('\0') == std::string::npos, "a parsed path with NUL");
      }
    }
    first = false;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(Lower(line.substr(0, colon)),
                                 std::string(Trim(line.substr(colon + 1))));
  }

  CheckCookies(request);

  const std::string id = http::ChooseRequestId(request.Header("x-request-id"));
  fuzzing::Check(!id.empty() && id.size() <= 64 &&
                     id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789._-") == std::string::npos,
                 "a request id outside [A-Za-z0-9._-]{1,64}");

  const std::string etag = http::EtagOf(input);
  fuzzing::Check(http::EtagMatches(etag, etag), "an ETag that does not match itself");
  fuzzing::Check(http::EtagMatches("\"x\", " + etag, etag), "an ETag missed in a list");
  http::EtagMatches(request.Header("if-none-match"), etag);

  http::Response response;
  for (const auto& [name, value] : request.headers) response.SetHeader(name, value);
  for (const auto& [name, value] : request.headers) {
    fuzzing::Check(response.Header(Upper(name)) == response.Header(name),
                   "Response::Header is not case-insensitive");
  }
  return 0;
}
