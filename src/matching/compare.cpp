// Scoring two companies, and the keys that find candidates to score.
#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <set>

#include "matching/matching.h"

namespace strata::matching {
namespace {

// Words so common in company names that sharing one says little ("Delta Air Lines" and "Delta
// Dental" share "delta", which counts; "American Airlines" and "American Express" share only
// "american", which barely does).
constexpr std::array kGeneric = {
    "group",          "holding",      "holdings",    "international", "intl",       "global",
    "worldwide",      "systems",      "system",      "solutions",     "solution",   "services",
    "service",        "technologies", "technology",  "tech",          "industries", "industry",
    "enterprises",    "enterprise",   "partners",    "associates",    "consulting", "trading",
    "bank",           "national",     "first",       "general",       "american",   "united",
    "airlines",       "air",          "lines",       "insurance",     "financial",  "capital",
    "management",     "products",     "europe",      "usa",           "america",    "north",
    "south",          "east",         "west",        "new",           "digital",    "software",
    "data",           "media",        "energy",      "health",        "care",       "medical",
    "pharma",         "foods",        "food",        "motors",        "electric",   "trust",
    "investment",     "investments",  "development", "manufacturing", "supply",     "marketing",
    "communications", "networks",     "network",     "labs",          "studio",     "store",
    "shop",           "online",       "center",      "centre",        "institute",  "university"};

constexpr double kGenericWeight = 0.35;
constexpr double kTypoCredit = 0.9;

bool IsGeneric(const std::string& word) {
  return std::find(kGeneric.begin(), kGeneric.end(), word) != kGeneric.end();
}

double Weight(const std::string& word) { return IsGeneric(word) ? kGenericWeight : 1.0; }

// Damerau-Levenshtein distance (optimal string alignment), stopping early past `limit`.
std::size_t EditDistance(const std::string& a, const std::string& b, std::size_t limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::size_t> two_back(m + 1);
  std::vector<std::size_t> previous(m + 1);
  std::vector<std::size_t> current(m + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    std::size_t row_best = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], two_back[j - 2] + 1);
      }
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

// How much of one word the other gives: 1 when equal, kTypoCredit for one slip in a word of five
// letters or more, 0 otherwise.
double WordCredit(const std::string& a, const std::string& b) {
  if (a == b) return 1;
  if (std::min(a.size(), b.size()) >= 5 && EditDistance(a, b, 1) <= 1) return kTypoCredit;
  return 0;
}

// Weighted overlap of the two word sets, each word matched at most once. A matched pair weighs
// what its lighter word weighs on both sides, so that a slip in a common word ("Techology")
// does not make it count as a rare one.
double WordOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<bool> used(b.size(), false);
  double shared = 0;
  double total = 0;
  for (const auto& word : a) {
    double best = 0;
    std::size_t best_at = b.size();
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (used[j]) continue;
      const double credit = WordCredit(word, b[j]) * std::min(Weight(word), Weight(b[j]));
      if (credit > best) {
        best = credit;
        best_at = j;
      }
    }
    if (best_at < b.size()) {
      used[best_at] = true;
      shared += best;
      total += 2 * std::min(Weight(word), Weight(b[best_at]));
    } else {
      total += Weight(word);
    }
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (!used[j]) total += Weight(b[j]);
  }
  return total > shared ? shared / (total - shared) : 0;
}

// Whether the single word `short_name` is the initials of the words of `long_name` ("ibm").
bool AreInitials(const std::vector<std::string>& short_name,
                 const std::vector<std::string>& long_name) {
  if (short_name.size() != 1 || long_name.size() < 2) return false;
  std::string initials;
  for (const auto& word : long_name) initials += word.front();
  return initials == short_name.front();
}

std::string Percent(double value) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// The names alone, with the reason for the score.
Similarity CompareNames(const Company& a, const Company& b) {
  if (a.compact.empty() || b.compact.empty()) return {0, {}};
  if (a.compact == b.compact) {
    return {1, {"the same name once legal form, accents, case and punctuation are set aside"}};
  }
  Similarity best{WordOverlap(a.tokens, b.tokens), {}};
  if (best.score > 0) best.reasons = {"names share words (overlap " + Percent(best.score) + ")"};
  // One or two slips in a name split into words differently ("Micro Soft"); names of as many
  // words are compared word by word above, so that "North Star" is not "South Star".
  const std::size_t longest = std::max(a.compact.size(), b.compact.size());
  if (a.tokens.size() != b.tokens.size() && std::min(a.compact.size(), b.compact.size()) >= 5) {
    const std::size_t distance = EditDistance(a.compact, b.compact, 2);
    const double spelling = 1.0 - static_cast<double>(distance) / static_cast<double>(longest);
    if (distance <= 2 && spelling >= 0.85 && spelling > best.score) {
      best = {spelling,
              {"names differ by " + std::to_string(distance) +
               (distance == 1 ? " letter" : " letters")}};
    }
  }
  // Written in Arabic or Hebrew script: the consonants must agree.
  if ((a.abjad || b.abjad) && a.consonants.size() >= 3 && b.consonants.size() >= 3) {
    const std::size_t distance = EditDistance(a.consonants, b.consonants, 1);
    const double agreement =
        distance == 0 ? 0.9 : (distance == 1 && a.consonants.size() >= 6 ? 0.85 : 0);
    if (agreement > best.score) {
      best = {agreement, {"the same consonants, as the script without vowels writes them"}};
    }
  }
  if ((AreInitials(a.tokens, b.tokens) || AreInitials(b.tokens, a.tokens)) && best.score < 0.7) {
    best = {0.7, {"one name is the initials of the other"}};
  }
  return best;
}

}  // namespace

Similarity Compare(const Company& a, const Company& b) {
  Similarity result = CompareNames(a, b);
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) {
    result.score -= 0.15;
    result.reasons.push_back("different countries (" + a.country + ", " + b.country + ")");
  }
  if (!a.domain.empty() && !b.domain.empty()) {
    if (a.domain == b.domain) {
      result.score = std::max(result.score, 0.95);
      result.reasons.push_back("the same website domain (" + a.domain + ")");
    } else {
      result.score -= 0.2;
      result.reasons.push_back("different websites (" + a.domain + ", " + b.domain + ")");
    }
  }
  result.score = std::clamp(result.score, 0.0, 1.0);
  return result;
}

namespace {

// The words a name is keyed by: not the generic ones, at most the first six.
std::vector<std::string> KeyWords(const Company& company) {
  std::vector<std::string> words;
  for (const auto& token : company.tokens) {
    if (IsGeneric(token) || token.size() < 2) continue;
    if (std::find(words.begin(), words.end(), token) == words.end()) words.push_back(token);
    if (words.size() == 6) break;
  }
  return words;
}

std::string Initials(const Company& company) {
  std::string initials;
  for (const auto& token : company.tokens) initials += token.front();
  return initials;
}

}  // namespace

std::vector<std::string> IndexKeys(const Company& company) {
  std::set<std::string> keys;
  if (!company.domain.empty()) keys.insert("d:" + company.domain);
  if (!company.compact.empty()) {
    keys.insert("n:" + company.compact);
    // Every one-letter deletion, so that names one slip apart meet on a key.
    if (company.compact.size() >= 5 && company.compact.size() <= 24) {
      for (std::size_t i = 0; i < company.compact.size(); ++i) {
        std::string shorter = company.compact;
        shorter.erase(i, 1);
        keys.insert("n:" + shorter);
      }
    }
  }
  // Words. Names that share one word are no possible conflict when each has another word of
  // its own, so a name of several words is keyed by its pairs of words ("v:"); a name with one
  // word (besides generic ones) by that word ("w:"), which also meets the same words in another
  // order.
  const std::vector<std::string> words = KeyWords(company);
  if (words.size() == 1) keys.insert("w:" + words.front());
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (std::size_t j = i + 1; j < words.size(); ++j) {
      keys.insert("v:" + std::min(words[i], words[j]) + " " + std::max(words[i], words[j]));
    }
  }
  // The start of the name, for names two slips apart at their end ("zhongguo yinxing").
  if (company.compact.size() >= 8) keys.insert("p:" + company.compact.substr(0, 6));
  // The consonants, where a name in Arabic or Hebrew script meets its Latin spelling.
  if (company.consonants.size() >= 3) keys.insert("c:" + company.consonants);
  // The initials of a name of several words. Many names share them, so only names in Arabic or
  // Hebrew script, whose transliteration keeps little else of each word, look them up (see
  // LookupKeys).
  if (company.tokens.size() >= 2) {
    keys.insert("i:" + Initials(company));
    // Transliterated Arabic or Hebrew keeps few letters of each word but its initials.
    if (company.abjad) keys.insert("a:" + Initials(company));
  }
  return {keys.begin(), keys.end()};
}

std::vector<std::string> LookupKeys(const Company& company) {
  std::vector<std::string> keys = IndexKeys(company);
  if (company.tokens.size() >= 2) {
    // Initials alone never make a possible conflict, so most names need not meet on them: only
    // a name in Arabic or Hebrew script meets every name with its initials, and every name
    // meets the names in those scripts with its initials.
    if (!company.abjad) std::erase(keys, "i:" + Initials(company));
    keys.push_back("a:" + Initials(company));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace strata::matching
