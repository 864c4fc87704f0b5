// A website's registrable domain, by the public suffix list (libpsl).
#include <libpsl.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "matching/matching.h"

namespace strata::matching {
namespace {

// Domains that many unrelated companies use at once: mail providers and site builders. A match
// on one of them says nothing.
constexpr std::array kShared = {
    "gmail.com",   "googlemail.com",  "outlook.com",   "hotmail.com",    "live.com",    "msn.com",
    "yahoo.com",   "ymail.com",       "aol.com",       "icloud.com",     "me.com",      "mail.com",
    "gmx.com",     "gmx.de",          "gmx.net",       "web.de",         "t-online.de", "orange.fr",
    "free.fr",     "laposte.net",     "yandex.ru",     "mail.ru",        "qq.com",      "163.com",
    "126.com",     "naver.com",       "proton.me",     "protonmail.com", "zoho.com",    "wix.com",
    "wixsite.com", "squarespace.com", "wordpress.com", "linkedin.com",   "facebook.com"};

const psl_ctx_t* PublicSuffixes() {
  // The newest of the built-in list and the system's copy (Debian's publicsuffix package).
  static const psl_ctx_t* context = psl_latest(nullptr);
  return context != nullptr ? context : psl_builtin();
}

}  // namespace

std::string RegistrableDomain(std::string_view website) {
  std::string host(website);
  // Scheme, user information, path, query, fragment and port are not part of the host.
  if (const auto scheme = host.find("://"); scheme != std::string::npos) host.erase(0, scheme + 3);
  if (const auto end = host.find_first_of("/?#"); end != std::string::npos) host.resize(end);
  if (const auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (const auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool plain = !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.';
  });
  const bool address = std::all_of(host.begin(), host.end(),
                                   [](unsigned char c) { return std::isdigit(c) || c == '.'; });
  if (!plain || address || host.find('.') == std::string::npos ||
      host.find("..") != std::string::npos) {
    return "";
  }
  const char* registrable = psl_registrable_domain(PublicSuffixes(), host.c_str());
  if (registrable == nullptr) return "";
  std::string domain(registrable);
  if (std::find(kShared.begin(), kShared.end(), domain) != kShared.end()) return "";
  return domain;
}

}  // namespace strata::matching
