#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/text_encoding.h"

namespace strata::core {

// Writes RFC 4180 CSV (CRLF line ends, fields quoted when they need it) for exports that people
// open in spreadsheets. Text cells that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) are neutralised with a leading apostrophe, so exported
// data can never execute; numbers are written as numbers.
class CsvWriter {
 public:
  // A text cell, neutralised and quoted as needed.
  CsvWriter& Text(std::string_view text);
  // A number cell, written as it is.
  CsvWriter& Number(std::int64_t number);
  // Ends the row.
  CsvWriter& EndRow();

  const std::string& str() const { return out_; }

 private:
  void Separate();

  std::string out_;
  bool row_started_ = false;
};

// The text a spreadsheet shows for `text` without evaluating it: `'` before a cell that starts
// with = + - @, a tab or a carriage return; the text unchanged otherwise.
std::string NeutraliseFormula(std::string_view text);

// One record of a CSV text: its fields, and the 1-based line where it starts (a quoted field may
// span lines, so the next record can start several lines further down).
struct CsvRecord {
  std::size_t line{0};
  std::vector<std::string> fields{};
};

// How a CSV text separates its fields.
struct CsvOptions {
  // ',' by default; ';', '\t' and '|' are common too. Never '"', CR, LF or a byte above 0x7F.
  char delimiter{','};
};

// Takes each record as it is read; returns false to stop reading. It may move the fields out:
// the reader clears the record before it reuses it.
using CsvRecordHandler = std::function<bool(CsvRecord&)>;

// Reads RFC 4180 CSV strictly (libcsv) as a stream, in constant memory: the text is fed in
// chunks split anywhere (inside a line, a quoted field, a CRLF or a UTF-8 character), and each
// record goes to the handler as soon as its last line is in, with the line it starts on. Only the
// current line and record are held. Fields are separated by the delimiter, records by CRLF, LF
// or CR; quoted fields hold delimiters, line breaks and doubled quotes; spaces are part of a
// field. A leading UTF-8 byte-order mark is skipped, and so are blank lines. Errors are
// kInvalidArgument naming the line, for text that is not UTF-8 (or holds a NUL), a quote out of
// place, or a quoted field that is never closed; the error's one field error is keyed by the line
// number in decimal ("7") and says what is wrong with the line. Reading stops at the first error
// (every later call returns it again) or when the handler returns false (later calls do
// nothing). An exception the handler throws passes out of Feed or Finish.
class CsvReader {
 public:
  explicit CsvReader(CsvRecordHandler on_record, CsvOptions options = {});
  ~CsvReader();
  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next part of the text, handing over every record it completes.
  Status Feed(std::string_view chunk);
  // Reads what the last chunk left open (a last line without a line break) and checks that no
  // quoted field is left open. Call it once, after the last Feed.
  Status Finish();

  // Whether the handler asked to stop.
  bool stopped() const;
  // Bytes of the text taken in so far, for progress: those of the lines read and of the line
  // being read; when reading stopped, up to the end of the line it stopped on.
  std::size_t bytes_consumed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads a whole CSV text as CsvReader does, into memory: for small texts and tests. Imports of
// files read through CsvReader.
core::Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, CsvOptions options = {});

// The delimiter of a UTF-8 CSV text judged from its first lines `utf8_head` (which may end inside
// a line): among ',', ';', '\t' and '|', the one that splits the most lines (ignoring delimiters
// inside quoted fields) into one and the same number of fields, at least two; ',' when none does
// for nine lines in ten. On a tie, the one giving more fields, then the earlier in that list.
char DetectDelimiter(std::string_view utf8_head);

// The encoding and delimiter of a CSV file, as its first bytes show them.
struct CsvFormat {
  TextEncoding encoding{TextEncoding::kUtf8};
  bool has_bom{false};
  char delimiter{','};
};

// DetectEncoding on `head` (raw bytes, ideally kDetectionHeadSize of them), then DetectDelimiter
// on the head turned into UTF-8. Read the file by feeding a Utf8Transcoder for `encoding` into a
// CsvReader with `delimiter`.
CsvFormat DetectCsvFormat(std::string_view head);

}  // namespace strata::core
