// Reducing a company name to the words that identify it.
#include <unicode/translit.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>

#include "matching/matching.h"

namespace strata::matching {
namespace {

// Legal forms written without spaces in their scripts, removed before transliteration (which
// would otherwise turn them into several words).
constexpr std::array kUnspacedLegalForms = {
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社",
    "合同会社",     "合資会社",     "合名会社",     "(株)",     "（株）",   "㈱",
    "주식회사",     "유한회사",     "(주)",         "㈜"};

// Legal forms as they read once folded, anywhere from one word to four. Several spellings of
// one form fold to the same words ("S.A.S." and "SAS" both become "sas").
constexpr std::array kLegalForms = {
    // English-speaking countries.
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp",
    "lp", "plc", "pty", "pty ltd", "pte", "pte ltd", "co ltd", "co inc", "lllp", "pc", "co llc",
    "public limited company", "proprietary limited", "private limited company",
    "limited liability company", "pcl", "public company limited",
    // German-speaking countries.
    "gmbh", "ag", "kg", "ohg", "ug", "gbr", "ev", "eg", "gmbh co kg", "gmbh co", "ag co kg", "kgaa",
    "se", "aktiengesellschaft", "gesmbh", "gesellschaft mit beschrankter haftung", "gmbh u co kg",
    "u co kg", "kommanditgesellschaft", "kommanditgesellschaft auf aktien", "eingetragener verein",
    "eingetragene genossenschaft",
    // French, Spanish, Portuguese, Italian.
    "sa", "sas", "sasu", "sarl", "eurl", "sca", "snc", "sl", "slu", "sll", "srl", "spa", "sapa",
    "ltda", "sa de cv", "sab de cv", "s de rl", "s de rl de cv", "sac", "saa", "eirl", "cia",
    "cia ltda", "lda", "limitada", "sociedad limitada", "sociedad anonima", "sociedade anonima",
    "societa per azioni", "societa a responsabilita limitata", "societe anonyme",
    "societe par actions simplifiee", "societe a responsabilite limitee",
    // Benelux and the Nordics.
    "bv", "nv", "vof", "cv", "bvba", "sprl", "ab", "publ", "ab publ", "oy", "oyj", "as", "asa",
    "aps", "hf", "ehf", "osakeyhtio", "julkinen osakeyhtio", "anpartsselskab", "aktieselskab",
    "aksjeselskap", "allmennaksjeselskap", "aktiebolag", "ou", "osauhing", "as", "aktsiaselts",
    // Central and eastern Europe.
    "sp zoo", "sp z oo", "sa", "sro", "spol sro", "as", "kft", "zrt", "nyrt", "doo", "dd", "ad",
    "ead", "ood", "eood", "srl", "ooo", "oao", "zao", "pao", "ao", "tov", "pat",
    "spolka z ograniczona odpowiedzialnoscia", "spolka akcyjna", "korlatolt felelossegu tarsasag",
    "dionicko drustvo", "drustvo s ogranicenom odgovornoscu", "spolecnost s rucenim omezenym",
    "akciova spolecnost", "ae", "epe", "ike", "bm",
    // Asia and elsewhere.
    "kk", "kabushiki kaisha", "yugen kaisha", "godo kaisha", "youxian gongsi",
    "gufen youxian gongsi", "youxian zeren gongsi", "jusighoesa", "jusikhoesa", "yuhanhoesa", "ju",
    "pt", "tbk", "pt tbk", "shrkt", "sharikat", "sharika", "sharikah", "sdn bhd", "bhd", "berhad",
    "sendirian berhad", "pvt ltd", "private limited", "pvt", "jsc", "pjsc", "llc fz", "fze", "fzco",
    "wll"};

// Legal forms that stand before the name in their languages (ООО «Ромашка», PT Astra).
constexpr std::array kLeadingLegalForms = {
    "ooo",     "oao",     "zao", "pao",        "ao",         "pt", "tov",   "kabushiki kaisha",
    "cv",      "ab",      "as",  "jusighoesa", "jusikhoesa", "ju", "shrkt", "sharikat",
    "sharika", "sharikah"};

// Articles that may stand before a name or not ("El Corte Inglés", "The Home Depot").
constexpr std::array kLeadingArticles = {"the", "el", "la", "los", "las", "le",
                                         "les", "il", "lo", "der", "die", "das"};

// Words that carry no identity of their own.
constexpr std::array kDropped = {"the", "and", "und", "et", "en", "och", "og", "of", "y"};

using Phrase = std::vector<std::string>;

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// One transliterator per thread: ICU transliterators are not safe to share between threads.
icu::Transliterator& Transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII; Any-Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) throw std::runtime_error("ICU transliterator unavailable");
    return made;
  }();
  return *transliterator;
}

// Joins runs of one-letter words, which is how dotted abbreviations fold ("s a" -> "sa",
// "i b m" -> "ibm").
std::vector<std::string> JoinLetters(const std::vector<std::string>& words) {
  std::vector<std::string> joined;
  bool in_run = false;  // Whether the last joined word is a run of single letters.
  for (const auto& word : words) {
    const bool letter = word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]));
    if (letter && in_run) {
      joined.back() += word;
    } else {
      joined.push_back(word);
    }
    in_run = letter;
  }
  return joined;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words = JoinLetters(Split(FoldText(text)));
  std::erase_if(words, [](const std::string& word) {
    return std::find(kDropped.begin(), kDropped.end(), word) != kDropped.end();
  });
  return words;
}

// The legal forms as word lists, longest first so that "gmbh co kg" wins over "kg".
std::vector<Phrase> Folded(const auto& forms) {
  std::set<Phrase> unique;
  for (const char* form : forms) unique.insert(Split(form));
  std::vector<Phrase> phrases(unique.begin(), unique.end());
  std::sort(phrases.begin(), phrases.end(),
            [](const Phrase& a, const Phrase& b) { return a.size() > b.size(); });
  return phrases;
}

bool EndsWith(const std::vector<std::string>& words, const Phrase& phrase) {
  return words.size() > phrase.size() && std::equal(phrase.rbegin(), phrase.rend(), words.rbegin());
}

bool StartsWith(const std::vector<std::string>& words, const Phrase& phrase) {
  return words.size() > phrase.size() && std::equal(phrase.begin(), phrase.end(), words.begin());
}

// One slip in a long word ("Limted", "Comapny"): a misspelt legal form is still one.
bool NearlyEqual(const std::string& a, const std::string& b) {
  if (a.size() < 6 || b.size() < 6 || a == b) return a == b;
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > 1) return false;
  std::size_t i = 0;
  while (i < std::min(n, m) && a[i] == b[i]) ++i;
  if (n == m) {
    // One substitution, or two neighbours swapped.
    if (a.substr(i + 1) == b.substr(i + 1)) return true;
    return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  // One letter more on one side.
  return n > m ? a.substr(i + 1) == b.substr(i) : a.substr(i) == b.substr(i + 1);
}

// Removes legal forms from the end (several: "Acme Holding Pty Ltd" loses "pty ltd"), from the
// start, and a leading article, always keeping at least one word.
void StripLegalForms(std::vector<std::string>& words) {
  static const std::vector<Phrase> trailing = Folded(kLegalForms);
  static const std::vector<Phrase> leading = Folded(kLeadingLegalForms);
  static const std::vector<Phrase> articles = Folded(kLeadingArticles);
  for (bool removed = true; removed;) {
    removed = false;
    for (const auto& phrase : trailing) {
      if (EndsWith(words, phrase)) {
        words.resize(words.size() - phrase.size());
        removed = true;
        break;
      }
    }
    if (!removed && words.size() > 1) {
      for (const auto& phrase : trailing) {
        if (phrase.size() == 1 && NearlyEqual(words.back(), phrase.front())) {
          words.pop_back();
          removed = true;
          break;
        }
      }
    }
  }
  for (const auto* list : {&leading, &articles}) {
    for (const auto& phrase : *list) {
      if (StartsWith(words, phrase)) {
        words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(phrase.size()));
        break;
      }
    }
  }
}

std::string WithoutUnspacedLegalForms(std::string_view name) {
  std::string text;
  text.reserve(name.size());
  std::size_t at = 0;
  while (at < name.size()) {
    const auto* const form = std::find_if(
        kUnspacedLegalForms.begin(), kUnspacedLegalForms.end(),
        [&](std::string_view candidate) { return name.substr(at).starts_with(candidate); });
    if (form != kUnspacedLegalForms.end()) {
      text += ' ';
      at += std::string_view(*form).size();
    } else {
      text += name[at++];
    }
  }
  return text;
}

// Whether the name is written in Arabic or Hebrew script, which leave most vowels out.
bool IsAbjad(std::string_view name) {
  static const icu::UnicodeSet abjads = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(u"[[:Arabic:][:Hebrew:]]", status);
    set.freeze();
    return set;
  }();
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<std::int32_t>(name.size())));
  return abjads.containsSome(text);
}

// The consonants of a folded name, as a script without vowels would write it: vowels, w and y
// (which such scripts also use as vowels) and doubled letters go, x is ks, and q is k (one
// letter of Arabic and Hebrew, romanised either way).
std::string Consonants(const std::string& compact) {
  std::string out;
  for (char c : compact) {
    if (std::string_view("aeiouwy").find(c) != std::string_view::npos) continue;
    const std::string_view sound = c == 'x'   ? std::string_view("ks")
                                   : c == 'q' ? std::string_view("k")
                                              : std::string_view(&c, 1);
    for (char letter : sound) {
      if (out.empty() || out.back() != letter) out += letter;
    }
  }
  return out;
}

}  // namespace

std::string FoldText(std::string_view text) {
  // Han, kana and Hangul carry no spaces between words, and transliteration spells them
  // syllable by syllable ("tai wan"): each run of them becomes one word ("taiwan"), as its
  // romanised spelling usually is.
  static const icu::UnicodeSet unspaced = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(u"[[:Han:][:Hiragana:][:Katakana:][:Hangul:]]", status);
    set.freeze();
    return set;
  }();
  std::string folded;
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  // ASCII leaves the transliteration unchanged but for case: skip ICU, which costs far more than
  // the rest (imports fold every row).
  if (ascii) {
    folded.reserve(text.size());
    for (char c : text) folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const icu::UnicodeString input = ascii
                                       ? icu::UnicodeString()
                                       : icu::UnicodeString::fromUTF8(icu::StringPiece(
                                             text.data(), static_cast<std::int32_t>(text.size())));
  for (std::int32_t start = 0; start < input.length();) {
    const bool joined = unspaced.contains(input.char32At(start));
    std::int32_t end = start;
    while (end < input.length() && unspaced.contains(input.char32At(end)) == joined) {
      end = input.moveIndex32(end, 1);
    }
    icu::UnicodeString run(input, start, end - start);
    Transliterator().transliterate(run);
    run.foldCase();
    std::string part;
    run.toUTF8String(part);
    if (joined) std::erase(part, ' ');
    folded += joined ? " " + part + " " : part;
    start = end;
  }
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) && byte < 0x80) {
      out += c;
    } else if (c == '&' || c == '+') {
      out += " and ";
    } else if (c == '\'' || c == '`') {
      // O'Reilly and Macy's keep their letters together.
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Company Describe(std::string_view name, std::string_view website, std::string_view country) {
  Company company;
  company.name = std::string(name);
  company.tokens = Words(WithoutUnspacedLegalForms(name));
  StripLegalForms(company.tokens);
  for (const auto& token : company.tokens) company.compact += token;
  company.consonants = Consonants(company.compact);
  company.abjad = IsAbjad(name);
  company.domain = RegistrableDomain(website);
  for (char c : country) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      company.country += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (company.country.size() != 2) company.country.clear();
  return company;
}

}  // namespace strata::matching
