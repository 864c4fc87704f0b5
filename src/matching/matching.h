#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::matching {

// A company as the matcher sees it: its name reduced to what identifies it (transliterated to
// Latin, accents and case folded, punctuation, "the", "and" and legal forms such as Inc, GmbH,
// S.A. or 株式会社 removed), its website's registrable domain and its country.
struct Company {
  std::string name;                 // As given.
  std::vector<std::string> tokens;  // The identifying words, in order.
  std::string compact;  // The tokens joined without spaces: "procter gamble" -> "proctergamble".
  std::string domain;   // Registrable domain of the website ("acme.co.uk"), or "".
  std::string country;  // ISO 3166-1 alpha-2 in upper case, or "".
  // Arabic and Hebrew script leave most vowels out, so a name written in them is compared with
  // others on its consonants too.
  bool abjad = false;
  std::string consonants;  // The consonants of `compact`: "masrafalrajhi" -> "msrflrjh".
};

// Reduces a name, website and country to what the matcher compares. Never fails: text that
// yields nothing gives empty fields, which match nothing.
Company Describe(std::string_view name, std::string_view website = {},
                 std::string_view country = {});

// How alike two companies are, from 0 (nothing in common) to 1, with the reasons in words a
// reviewer reads beside the score.
struct Similarity {
  double score = 0;
  std::vector<std::string> reasons;
};

Similarity Compare(const Company& a, const Company& b);

// From this score on, two companies are a possible conflict.
inline constexpr double kPossibleConflict = 0.8;

// The keys a company is indexed under. Two companies that Compare scores at kPossibleConflict or
// more share at least one key, except when they match only through a word so common that it is
// left out of the keys (a word in the generic list).
std::vector<std::string> IndexKeys(const Company& company);

// The keys to look a company up by: its own keys, except that only a name in Arabic or Hebrew
// script looks up every name with its initials, and every name of several words looks up the
// names in those scripts with its initials. A company that Compare scores at kPossibleConflict or
// more with an indexed one shares one of these with that one's IndexKeys (but for the generic words
// above).
std::vector<std::string> LookupKeys(const Company& company);

// The name as compared: transliterated, folded to lower-case ASCII, punctuation as spaces.
std::string FoldText(std::string_view text);

// The registrable domain of a website ("https://shop.acme.co.uk/x" -> "acme.co.uk"), using the
// public suffix list; "" for something that is not a host name, and for free mail and hosting
// domains that many unrelated companies share.
std::string RegistrableDomain(std::string_view website);

}  // namespace strata::matching
