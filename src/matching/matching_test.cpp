#include "matching/matching.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace strata::matching {
namespace {

std::string Compact(std::string_view name) { return Describe(name).compact; }

TEST(FoldTextTest, TransliteratesFoldsAndSpacesPunctuation) {
  EXPECT_EQ(FoldText("Société Générale"), "societe generale");
  EXPECT_EQ(FoldText("ŠKODA Auto a.s."), "skoda auto a s");
  EXPECT_EQ(FoldText("Ørsted Łódź Straße"), "orsted lodz strasse");
  EXPECT_EQ(FoldText("Ромашка"), "romaska");
  EXPECT_EQ(FoldText("Αθηνά"), "athina");  // Modern Greek, as Greeks write it in Latin.
  EXPECT_EQ(FoldText("O'Reilly Media"), "oreilly media");
  EXPECT_EQ(FoldText("AT&T"), "at and t");
  EXPECT_EQ(FoldText("  Yahoo!  "), "yahoo");
}

TEST(DescribeTest, LegalFormsAcrossCountriesAreSetAside) {
  for (const char* name : {"Acme",
                           "Acme Inc.",
                           "ACME, Incorporated",
                           "Acme LLC",
                           "Acme L.L.C.",
                           "Acme Ltd",
                           "Acme Limited",
                           "Acme plc",
                           "Acme GmbH",
                           "Acme GmbH & Co. KG",
                           "Acme AG",
                           "Acme S.A.",
                           "Acme SAS",
                           "Acme S.à r.l.",
                           "Acme S.r.l.",
                           "Acme S.p.A.",
                           "Acme B.V.",
                           "Acme N.V.",
                           "Acme AB",
                           "Acme Oy",
                           "Acme A/S",
                           "Acme K.K.",
                           "Acme Kabushiki Kaisha",
                           "Acme Co., Ltd.",
                           "Acme Pty Ltd",
                           "Acme Pte. Ltd.",
                           "Acme Sdn Bhd",
                           "Acme Sp. z o.o.",
                           "Acme s.r.o.",
                           "Acme S.A. de C.V.",
                           "The Acme Company",
                           "ООО Acme",
                           "Acme 株式会社",
                           "Acme有限公司"}) {
    EXPECT_EQ(Compact(name), "acme") << name;
  }
  // A name that is only a legal form keeps it, rather than becoming nothing.
  EXPECT_EQ(Compact("Inc"), "inc");
}

TEST(DescribeTest, AndTheAndAmpersandsAreOneThing) {
  EXPECT_EQ(Compact("Procter & Gamble"), Compact("Procter and Gamble"));
  EXPECT_EQ(Compact("AT&T"), Compact("AT and T"));
  EXPECT_EQ(Compact("The Home Depot"), Compact("Home Depot, Inc."));
  EXPECT_EQ(Compact("I.B.M."), "ibm");
}

TEST(DescribeTest, NonLatinNamesMeetTheirRomanisation) {
  EXPECT_EQ(Compact("华为技术有限公司"), Compact("Huawei Jishu Youxian Gongsi"));
  EXPECT_EQ(Compact("ООО «Ромашка»"), Compact("Romaska LLC"));
  EXPECT_EQ(Compact("トヨタ株式会社"), Compact("Toyota K.K."));
}

TEST(DescribeTest, CountryIsUpperCaseAlpha2OrNothing) {
  EXPECT_EQ(Describe("Acme", "", "de").country, "DE");
  EXPECT_EQ(Describe("Acme", "", "Germany").country, "");
}

TEST(RegistrableDomainTest, UsesThePublicSuffixList) {
  EXPECT_EQ(RegistrableDomain("https://www.acme.com/contact?x=1"), "acme.com");
  EXPECT_EQ(RegistrableDomain("acme.com"), "acme.com");
  EXPECT_EQ(RegistrableDomain("http://shop.acme.co.uk:8080"), "acme.co.uk");
  EXPECT_EQ(RegistrableDomain("WWW.ACME.COM.AU."), "acme.com.au");
  EXPECT_EQ(RegistrableDomain("https://user@portal.acme.de/"), "acme.de");
  EXPECT_EQ(RegistrableDomain("acme.github.io"), "acme.github.io");
  // Shared providers, addresses and things that are no host name say nothing.
  EXPECT_EQ(RegistrableDomain("https://gmail.com"), "");
  EXPECT_EQ(RegistrableDomain("https://www.wix.com"), "");
  // A site builder's customers each have a registrable domain of their own.
  EXPECT_EQ(RegistrableDomain("acme.wixsite.com/shop"), "acme.wixsite.com");
  EXPECT_EQ(RegistrableDomain("http://127.0.0.1/"), "");
  EXPECT_EQ(RegistrableDomain("not a website"), "");
  EXPECT_EQ(RegistrableDomain(""), "");
}

TEST(CompareTest, ScoresWithReasons) {
  const auto same = Compare(Describe("Acme Logistics GmbH", "https://acme-logistics.de", "DE"),
                            Describe("ACME Logistics", "www.acme-logistics.de", "DE"));
  EXPECT_DOUBLE_EQ(same.score, 1.0);
  ASSERT_EQ(same.reasons.size(), 2U);
  EXPECT_EQ(same.reasons[1], "the same website domain (acme-logistics.de)");

  EXPECT_LT(Compare(Describe("Acme Logistics"), Describe("Acme Labs")).score, kPossibleConflict);
  EXPECT_LT(Compare(Describe("Delta Air Lines"), Describe("Delta Dental")).score,
            kPossibleConflict);
  EXPECT_GE(Compare(Describe("Johnson & Johnson"), Describe("Jonson and Johnson Inc")).score,
            kPossibleConflict);

  // The same name in two countries with two websites is two companies.
  const auto abroad =
      Compare(Describe("Acme Corp", "acme.de", "DE"), Describe("Acme Corp", "acme.com.br", "BR"));
  EXPECT_LT(abroad.score, kPossibleConflict);
  EXPECT_EQ(abroad.reasons.size(), 3U);
  // Initials meet their name when the website agrees.
  EXPECT_GE(Compare(Describe("IBM", "ibm.com"),
                    Describe("International Business Machines Corp.", "https://www.ibm.com"))
                .score,
            kPossibleConflict);
}

TEST(CompareTest, IsSymmetric) {
  const Company a = Describe("Müller Logistik GmbH", "", "DE");
  const Company b = Describe("Mueller Logistik", "mueller.de", "AT");
  EXPECT_DOUBLE_EQ(Compare(a, b).score, Compare(b, a).score);
}

// One labelled pair from tests/data/company-pairs/pairs.tsv.
struct Pair {
  bool same = false;
  Company a;
  Company b;
  std::string kind;
  std::string line;
};

std::vector<Pair> LabelledPairs() {
  std::ifstream in(STRATA_COMPANY_PAIRS);
  std::vector<Pair> pairs;
  std::string line;
  std::getline(in, line);  // The header.
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    cells.resize(8);
    pairs.push_back({cells[0] == "same", Describe(cells[1], cells[2], cells[3]),
                     Describe(cells[4], cells[5], cells[6]), cells[7], line});
  }
  return pairs;
}

// The matcher against a labelled set written for it: variants across languages, scripts and
// legal forms, and hard negatives. Both precision and recall must be at least 0.95.
TEST(LabelledPairsTest, PrecisionAndRecallAreAtLeast95Percent) {
  const auto pairs = LabelledPairs();
  ASSERT_GE(pairs.size(), 300U) << STRATA_COMPANY_PAIRS;
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  int unindexed = 0;
  std::map<std::string, int> misses_by_kind;
  for (const auto& pair : pairs) {
    const Similarity similarity = Compare(pair.a, pair.b);
    const bool predicted = similarity.score >= kPossibleConflict;
    if (predicted && pair.same) ++true_positives;
    if (predicted && !pair.same) ++false_positives;
    if (!predicted && pair.same) ++false_negatives;
    if (predicted != pair.same) {
      ++misses_by_kind[pair.kind];
      std::cout << (pair.same ? "missed: " : "false alarm: ") << pair.line << " -> "
                << similarity.score << "\n";
    }
    // Whatever the matcher would flag, the index must find.
    if (predicted) {
      // Either side may be the one registered first, and the other looks it up.
      const auto meets = [](const Company& probe, const Company& stored) {
        const auto lookup = LookupKeys(probe);
        const auto indexed = IndexKeys(stored);
        std::set<std::string> shared;
        std::set_intersection(lookup.begin(), lookup.end(), indexed.begin(), indexed.end(),
                              std::inserter(shared, shared.begin()));
        return !shared.empty();
      };
      if (!meets(pair.a, pair.b) || !meets(pair.b, pair.a)) {
        ++unindexed;
        std::cout << "not found by the index: " << pair.line << "\n";
      }
    }
  }
  const double precision =
      true_positives / static_cast<double>(std::max(1, true_positives + false_positives));
  const double recall =
      true_positives / static_cast<double>(std::max(1, true_positives + false_negatives));
  std::cout << "company matching on " << pairs.size() << " labelled pairs: precision " << precision
            << ", recall " << recall << " (" << true_positives << " found, " << false_positives
            << " false alarms, " << false_negatives << " missed)\n";
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
  EXPECT_EQ(unindexed, 0);
}

}  // namespace
}  // namespace strata::matching
