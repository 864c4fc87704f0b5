// The conflict check of deal registration, measured: one look-up of a customer against the
// company index of one vendor holding N registrations, and the same look-up done by
// PostgreSQL's pg_trgm as the baseline. bench/deals.sh drives it.
//
//   conflict_check generate N FOLDER   writes the index rows, the raw names and 1,000 probes
//                                      (half of them variants of registered names) as TSV
//   conflict_check measure URL FOLDER [trgm]
//                                      times each probe: the index, or pg_trgm's % operator
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/query.h"
#include "matching/company_index.h"
#include "matching/matching.h"

namespace strata::bench {
namespace {

constexpr const char* kOrg = "bench-vendor";
constexpr int kProbes = 1000;
constexpr int kWarmUp = 200;

const std::vector<std::string> kLegalForms = {
    "Inc.",   "LLC", "Ltd", "GmbH", "AG",    "S.A.", "SAS",        "B.V.", "Pty Ltd",
    "S.r.l.", "AB",  "Oy",  "plc",  "Corp.", "K.K.", "Sp. z o.o.", ""};
const std::vector<std::string> kGeneric = {
    "Group",         "Systems",  "Solutions",  "Services", "Technologies",
    "International", "Holdings", "Consulting", "Trading",  "Digital"};
const std::vector<std::string> kCountries = {"US", "DE", "GB", "FR", "ES", "IT", "NL", "SE",
                                             "PL", "JP", "AU", "BR", "CA", "IN", "ZA", ""};
const std::vector<std::string> kSuffixes = {".com", ".de", ".co.uk", ".fr", ".io", ".net"};

// Pronounceable made-up words, so that names are many and varied, as real ones are.
std::string Word(std::mt19937_64& random) {
  static const std::string consonants = "bcdfghjklmnprstvwz";
  static const std::string vowels = "aeiou";
  std::string word;
  const int syllables = 2 + static_cast<int>(random() % 2);
  for (int i = 0; i < syllables; ++i) {
    word += consonants[random() % consonants.size()];
    word += vowels[random() % vowels.size()];
    if (random() % 3 == 0) word += consonants[random() % consonants.size()];
  }
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

template <class T>
const T& Pick(const std::vector<T>& items, std::mt19937_64& random) {
  return items[random() % items.size()];
}

struct Generated {
  std::string name;
  std::string website;
  std::string country;
};

Generated Company(std::mt19937_64& random, const std::vector<std::string>& vocabulary) {
  Generated company;
  const int words = 1 + static_cast<int>(random() % 3);
  std::string stem;
  for (int i = 0; i < words; ++i) stem += (i ? " " : "") + Pick(vocabulary, random);
  company.name = stem;
  if (random() % 3 == 0) company.name += " " + Pick(kGeneric, random);
  const std::string& form = Pick(kLegalForms, random);
  if (!form.empty()) company.name += " " + form;
  company.country = Pick(kCountries, random);
  if (random() % 10 < 6) {
    std::string host;
    for (char c : stem) {
      if (c != ' ') host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    company.website = "https://www." + host + Pick(kSuffixes, random);
  }
  return company;
}

// A registered name as another partner might type it: another legal form, other case, a slip.
std::string Variant(std::string name, std::mt19937_64& random) {
  switch (random() % 3) {
    case 0:
      return name + " " + Pick(kLegalForms, random);
    case 1:
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return name;
    default:
      if (name.size() > 6) name.erase(1 + random() % (name.size() - 2), 1);
      return name;
  }
}

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

int Generate(long count, const std::string& folder) {
  std::mt19937_64 random(20261201);
  std::vector<std::string> vocabulary(20000);
  for (auto& word : vocabulary) word = Word(random);
  std::ofstream records(folder + "/company_index.tsv");
  std::ofstream keys(folder + "/company_index_keys.tsv");
  std::ofstream names(folder + "/names.tsv");
  std::vector<std::string> registered;
  for (long i = 0; i < count; ++i) {
    const Generated company = Company(random, vocabulary);
    const matching::Company described =
        matching::Describe(company.name, company.website, company.country);
    const std::string id = "deal-" + std::to_string(i);
    records << kOrg << "\tdeal\t" << id << '\t' << Joined(described.tokens) << '\t'
            << described.consonants << '\t' << (described.abjad ? 1 : 0) << '\t' << described.domain
            << '\t' << described.country << '\n';
    for (const auto& key : matching::IndexKeys(described)) {
      keys << kOrg << '\t' << key << "\tdeal\t" << id << '\n';
    }
    names << id << '\t' << company.name << '\n';
    if (i % 997 == 0) registered.push_back(company.name);
  }
  std::ofstream probes(folder + "/probes.tsv");
  for (int i = 0; i < kProbes; ++i) {
    probes << (i % 2 == 0 ? Variant(Pick(registered, random), random)
                          : Company(random, vocabulary).name)
           << '\n';
  }
  std::cout << "generated " << count << " registrations and " << kProbes << " probes\n";
  return 0;
}

void Report(const std::string& what, std::vector<double> millis, long found) {
  std::sort(millis.begin(), millis.end());
  const double median = millis[millis.size() / 2];
  const double p99 = millis[std::min(millis.size() - 1, millis.size() * 99 / 100)];
  std::printf("%-34s %5zu look-ups  median %7.3f ms  p99 %7.3f ms  matches %ld\n", what.c_str(),
              millis.size(), median, p99, found);
}

int Measure(const std::string& url, const std::string& folder, bool trigrams) {
  auto database = db::Database::Open(url, 1);
  if (!database) {
    std::cerr << database.error().message << '\n';
    return 1;
  }
  auto lease = (*database)->Acquire();
  soci::session& sql = **lease;
  std::vector<std::string> probes;
  std::ifstream in(folder + "/probes.tsv");
  for (std::string line; std::getline(in, line);) probes.push_back(line);

  double describing = 0;  // Of which reducing the probe's name, in milliseconds.
  const auto look_up = [&](const std::string& probe) -> long {
    if (trigrams) {
      long hits = 0;
      db::ForEachRow(sql,
                     "SELECT id FROM bench_names WHERE name % :q"
                     " ORDER BY similarity(name, :q2) DESC LIMIT 10",
                     db::Parameters().Text("q", probe).Text("q2", probe),
                     [&](const soci::row&) { ++hits; });
      return hits;
    }
    const auto start = std::chrono::steady_clock::now();
    const matching::Company company = matching::Describe(probe);
    describing +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return static_cast<long>(
        matching::CompanyIndex::Find(sql, kOrg, company, matching::kPossibleConflict).size());
  };
  for (int i = 0; i < kWarmUp; ++i) look_up(probes[static_cast<std::size_t>(i)]);
  std::vector<double> millis;
  long found = 0;
  for (const auto& probe : probes) {
    const auto start = std::chrono::steady_clock::now();
    found += look_up(probe) > 0 ? 1 : 0;
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  const std::string engine = url.starts_with("sqlite:") ? "SQLite" : "PostgreSQL";
  if (std::getenv("BENCH_SLOWEST") != nullptr) {
    // The probes behind the tail, to read the p99 by.
    std::vector<std::size_t> order(millis.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return millis[a] > millis[b]; });
    for (std::size_t i = 0; i < 15 && i < order.size(); ++i) {
      std::printf("  %8.3f ms  %s\n", millis[order[i]], probes[order[i]].c_str());
    }
  }
  Report(trigrams ? "pg_trgm % (GIN), " + engine : "company index, " + engine, millis, found);
  if (!trigrams) {
    std::printf("%-34s reducing the name took %.3f ms of each on average\n", "",
                describing / (kProbes + kWarmUp));
  }
  return 0;
}

}  // namespace
}  // namespace strata::bench

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "generate") {
    return strata::bench::Generate(std::stol(args[1]), args[2]);
  }
  if ((args.size() == 3 || args.size() == 4) && args[0] == "measure") {
    return strata::bench::Measure(args[1], args[2], args.size() == 4 && args[3] == "trgm");
  }
  std::cerr << "usage: conflict_check generate N FOLDER | measure URL FOLDER [trgm]\n";
  return 2;
}
