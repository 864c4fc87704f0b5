#include "core/email.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <memory>

namespace strata::core {
namespace {

constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxDomain = 253;

// Spaces and tabs around an address are how forms and spreadsheets hand it over; a line break
// anywhere is refused, since in a header it would start a new one.
std::string_view TrimSpace(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~.
bool IsAtext(char c) {
  constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         kSymbols.find(c) != std::string_view::npos;
}

bool IsDotAtom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  char previous = 0;
  for (char c : text) {
    if (c == '.' ? previous == '.' : !IsAtext(c)) return false;
    previous = c;
  }
  return true;
}

// An ASCII domain of letters, digits and inner hyphens, with two labels or more and a last label
// that is not all digits (which would make it an IP address).
bool IsHostName(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomain) return false;
  std::size_t labels = 0;
  std::string_view last;
  for (std::size_t start = 0; start <= domain.size();) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      const bool letter_or_digit =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!letter_or_digit && c != '-') return false;
    }
    ++labels;
    last = label;
    start = end + 1;
  }
  const bool numeric =
      std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
  return labels >= 2 && !numeric;
}

struct IdnaDeleter {
  void operator()(UIDNA* idna) const { uidna_close(idna); }
};

// The domain in lower case, Unicode labels mapped by UTS #46, or "" when IDNA refuses it.
std::string UnicodeDomain(std::string_view domain, std::string& ascii) {
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UIDNA, IdnaDeleter> idna(
      uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                          UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE,
                      &status));
  if (U_FAILURE(status)) return "";
  std::array<char, 512> buffer{};
  const auto length = static_cast<int32_t>(domain.size());
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t written = uidna_nameToASCII_UTF8(idna.get(), domain.data(), length, buffer.data(),
                                           static_cast<int32_t>(buffer.size()), &info, &status);
  if (U_FAILURE(status) || info.errors != 0 || written >= static_cast<int32_t>(buffer.size())) {
    return "";
  }
  ascii.assign(buffer.data(), static_cast<std::size_t>(written));
  info = UIDNA_INFO_INITIALIZER;
  written = uidna_nameToUnicodeUTF8(idna.get(), domain.data(), length, buffer.data(),
                                    static_cast<int32_t>(buffer.size()), &info, &status);
  if (U_FAILURE(status) || info.errors != 0 || written >= static_cast<int32_t>(buffer.size())) {
    return "";
  }
  return {buffer.data(), static_cast<std::size_t>(written)};
}

}  // namespace

std::optional<std::string> NormaliseEmail(std::string_view address) {
  address = TrimSpace(address);
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.size() > kMaxLocalPart || !IsDotAtom(local)) return std::nullopt;

  std::string kept_domain;
  const bool ascii = std::all_of(domain.begin(), domain.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    if (!IsHostName(domain)) return std::nullopt;
    kept_domain.assign(domain);
  } else {
    std::string a_label;
    kept_domain = UnicodeDomain(domain, a_label);
    if (kept_domain.empty() || !IsHostName(a_label)) return std::nullopt;
  }

  std::string normalised;
  normalised.reserve(local.size() + 1 + kept_domain.size());
  for (char c : local) normalised += Lower(c);
  normalised += '@';
  for (char c : kept_domain) normalised += Lower(c);
  if (normalised.size() > kMaxAddress) return std::nullopt;
  return normalised;
}

}  // namespace strata::core
